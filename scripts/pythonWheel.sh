#!/usr/bin/env bash
# Builds the wheel of the generated Python SDK (sdk/python, as `bash scripts/run.sh sdks` generates it) into
# dist/python/pulumi_tencentcloud_redis-<version>-py3-none-any.whl and prints its absolute path as the last line of
# stdout; everything else goes to stderr. A user's virtualenv installs it next to the pinned `pulumi`, offline:
#   pip install --no-index --find-links "$PTR_PYTHON_WHEELHOUSE" dist/python/pulumi_tencentcloud_redis-*.whl
# Offline too: setuptools and wheel come from the toolchain's wheelhouse (PTR_PYTHON_WHEELHOUSE, set by
# `source scripts/toolchain.sh && ensure_toolchain`; `bash scripts/run.sh wheel` does both). It builds from a copy of
# sdk/python, so nothing (build/, *.egg-info) is written into sdk/, and with a fixed SOURCE_DATE_EPOCH, so the same
# sources make the same file.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[wheel] %s\n' "$*" >&2; }
die() { printf '[wheel] error: %s\n' "$*" >&2; exit 1; }

wheelhouse="${PTR_PYTHON_WHEELHOUSE:-}"
[ -n "$wheelhouse" ] && [ -d "$wheelhouse" ] \
  || die "no wheelhouse of the pulumi Python SDK (PTR_PYTHON_WHEELHOUSE): run 'bash scripts/run.sh wheel', or 'source scripts/toolchain.sh && ensure_toolchain' first"
command -v python3 >/dev/null || die "no python3 on PATH"
[ -f "$repo/sdk/python/setup.py" ] || die "no sdk/python/setup.py: run 'bash scripts/run.sh sdks'"

started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/ptr-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -R "$repo/sdk/python" "$work/src"
# 1980-01-01, the earliest time a zip file can hold.
SOURCE_DATE_EPOCH=315532800 python3 -m pip wheel --quiet --disable-pip-version-check --no-deps --no-index \
  --find-links "$wheelhouse" --wheel-dir "$work/out" "$work/src" >&2 || die "pip wheel of sdk/python failed"
built=("$work"/out/*.whl)
[ "${#built[@]}" = 1 ] && [ -f "${built[0]}" ] || die "pip wheel made no single wheel: ${built[*]}"

out_dir="$repo/dist/python"
mkdir -p "$out_dir"
wheel="$out_dir/$(basename "${built[0]}")"
mv "${built[0]}" "$wheel.tmp" && mv "$wheel.tmp" "$wheel"
log "built $(basename "$wheel") in $((SECONDS - started)) s"
echo "$wheel"
