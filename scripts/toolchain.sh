#!/usr/bin/env bash
# Sourced by scripts/run.sh. Makes this shell able to build, test and run the project on a fresh machine:
#   Node >= 22 (Node 24 from the npm registry when the system one is older), redis-server (Debian), the Pulumi CLI
#   and its nodejs, YAML and Python language hosts and the SDK generator (built from their Go modules at pinned
#   versions, cached outside the repo), a wheelhouse of the pinned `pulumi` Python SDK (from PyPI, once), and the npm
#   dependencies.
# Everything it installs goes to $PTR_CACHE (default ~/.cache/pulumi-tencentcloud-redis), so a second run costs seconds.
set -euo pipefail

PTR_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PTR_CACHE="${PTR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencentcloud-redis}"
# The CLI: the newest github.com/pulumi/pulumi/pkg/v3 that the Go module proxy serves here and that builds.
PTR_PULUMI_VERSION="v3.274.1"
# The nodejs language host: the last release that is a package of github.com/pulumi/pulumi/sdk/v3 (later ones are a
# module of their own, which the proxy refuses).
PTR_LANGHOST_VERSION="v3.68.0"
# The YAML language host (runs YAML programs that use the provider plugin): its own module, served by the proxy.
PTR_YAML_HOST_VERSION="v1.25.0"
# The Python language host is built from the same module and version as the nodejs host. The `pulumi` Python SDK the
# Python programs use (PyPI): the newest there, and it runs under that host's exec script with the CLI above.
PTR_PYTHON_SDK_VERSION="3.272.0"
# The wheelhouse (set by ensure_pulumi): pulumi, its dependencies and setuptools/wheel (to build the generated SDK's
# wheel), for `pip install --no-index --find-links "$PTR_PYTHON_WHEELHOUSE"`. Empty when it could not be made.
PTR_PYTHON_WHEELHOUSE="${PTR_PYTHON_WHEELHOUSE:-}"
PTR_NODE_MAJOR=24
PTR_PULUMI_BIN=""
# The SDK generator (tools/pulumi-sdkgen: the codegen packages of the CLI's pkg/v3), set by ensure_pulumi.
PTR_SDKGEN="${PTR_SDKGEN:-}"
export PTR_REPO PTR_CACHE PTR_PULUMI_VERSION PTR_LANGHOST_VERSION PTR_YAML_HOST_VERSION PTR_PYTHON_SDK_VERSION

log() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local sys; sys="$(command -v node || true)"
  if [ -n "$sys" ] && [ "$(node_major "$sys")" -ge 22 ]; then return; fi
  local dir="$PTR_CACHE/node$PTR_NODE_MAJOR"
  local bin="$dir/node_modules/node/bin"
  if [ ! -x "$bin/node" ] || [ "$(node_major "$bin/node")" -lt 22 ]; then
    command -v npm >/dev/null || die "no npm to fetch Node $PTR_NODE_MAJOR with; install Node >= 22"
    log "system node is ${sys:+$("$sys" --version)}${sys:-missing}; installing node@$PTR_NODE_MAJOR from the npm registry into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node@$PTR_NODE_MAJOR" >&2
    [ -x "$bin/node" ] || die "node@$PTR_NODE_MAJOR installed but $bin/node is missing"
  fi
  export PATH="$bin:$PATH"
}

ensure_redis() {
  if command -v redis-server >/dev/null; then return; fi
  log "redis-server missing; installing Debian's redis-server"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2 \
      || die "apt-get install redis-server failed; install redis-server (>= 6) and run again"
    # The package starts a system service on 6379; the project never uses it.
    (command -v service >/dev/null && service redis-server stop) >/dev/null 2>&1 || true
  else
    die "redis-server is missing and this user cannot apt-get install it: run 'sudo apt-get install redis-server'"
  fi
}

version_at_least() { # $1 >= $2 (versions without the v)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]
}

pulumi_ok() { # a pulumi on PATH whose version is at least the pinned one
  local v; v="$("$1" version 2>/dev/null | tr -d 'v')" || return 1
  [ -n "$v" ] && version_at_least "$v" "${PTR_PULUMI_VERSION#v}"
}

# go build of one pinned module folder under tools/ into $bindir/$name; $6 is the variable the linker sets to the
# version (the Pulumi SDK's unless given: the CLI and the nodejs host report it; pulumi-yaml has a package of its own).
go_build_tool() {
  local dir="$1" pkg="$2" version="$3" name="$4" bindir="$5"
  local versionvar="${6:-github.com/pulumi/pulumi/sdk/v3/go/common/version.Version}"
  command -v go >/dev/null || die "building $name needs Go (>= 1.26); none on PATH"
  log "building $name $version from $pkg (cold: minutes)"
  local started=$SECONDS
  (cd "$PTR_REPO/tools/$dir" && GOFLAGS=-mod=readonly go build -trimpath \
    -ldflags "-s -w -X $versionvar=$version" \
    -o "$bindir/$name.tmp" "$pkg") >&2 || die "go build of $name failed"
  mv "$bindir/$name.tmp" "$bindir/$name"
  log "built $name $version in $((SECONDS - started)) s"
}

# Copies $name of the same version from a bin folder made for other versions of the other tools (the candidates,
# $3...), instead of building it again.
reuse_built() {
  local name="$1" bindir="$2" from; shift 2
  for from in "$@"; do
    if [ "$from" != "$bindir" ] && [ -x "$from/$name" ] \
      && cp "$from/$name" "$bindir/$name.tmp" && mv "$bindir/$name.tmp" "$bindir/$name"; then
      log "$name copied from $from"
      return 0
    fi
  done
  return 1
}

# A language host: the one on PATH if there is one, else ours in $bindir (built in the background: its pid goes to
# the caller's pids).
ensure_language_host() {
  local name="$1" dir="$2" pkg="$3" version="$4" versionvar="$5" bindir="$6"; shift 6
  local host; host="$(command -v "$name" || true)"
  if [ -n "$host" ] && [ "$host" != "$bindir/$name" ]; then
    log "using the $name on PATH: $host"
  elif [ ! -x "$bindir/$name" ] && ! reuse_built "$name" "$bindir" "$@"; then
    go_build_tool "$dir" "$pkg" "$version" "$name" "$bindir" "$versionvar" &
    pids+=($!)
  fi
}

# The Python language host, three files in $bindir: pulumi-language-python-<version> (the host of
# github.com/pulumi/pulumi/sdk/v3, a package of the same module as the nodejs host), pulumi-language-python-exec (the
# script it runs programs with, found next to it; from that module's source) and pulumi-language-python, which the
# CLI starts: a shim (tools/pulumi-language-nodejs/pythonhost) that hands the host the project's
# runtime.options.virtualenv, which this CLI no longer passes as a flag. Built in the background (its pid goes to the
# caller's pids); the shim is written last, so its presence means all three are there. A pulumi-language-python on
# PATH is used instead.
ensure_python_host() {
  local bindir="$1"; shift
  local host; host="$(command -v pulumi-language-python || true)"
  if [ -n "$host" ] && [ "$host" != "$bindir/pulumi-language-python" ]; then
    log "using the pulumi-language-python on PATH: $host"
    return
  fi
  [ -x "$bindir/pulumi-language-python" ] && return
  local real="pulumi-language-python-$PTR_LANGHOST_VERSION" from
  for from in "$@"; do
    if [ "$from" != "$bindir" ] && [ -x "$from/pulumi-language-python" ]; then
      reuse_built "$real" "$bindir" "$from" && reuse_built pulumi-language-python-exec "$bindir" "$from" \
        && reuse_built pulumi-language-python "$bindir" "$from" && return
    fi
  done
  (
    go_build_tool pulumi-language-nodejs github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
      "$PTR_LANGHOST_VERSION" "$real" "$bindir"
    local sdk
    sdk="$(cd "$PTR_REPO/tools/pulumi-language-nodejs" \
      && GOFLAGS=-mod=readonly go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)" \
      || die "go list of github.com/pulumi/pulumi/sdk/v3 failed"
    install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$bindir/pulumi-language-python-exec"
    go_build_tool pulumi-language-nodejs ./pythonhost "$PTR_LANGHOST_VERSION" pulumi-language-python "$bindir"
  ) &
  pids+=($!)
}

# The wheelhouse of the pinned `pulumi` Python SDK: `pip download` once (about 10 s) into a folder named for the
# version and the python3's tag (the SDK's dependencies carry compiled wheels), wheels only, so a user's virtualenv
# installs offline from it. In the background: the caller waits for $wheel_pid, then takes $wheel_dir. No python3, or
# no PyPI, leaves PTR_PYTHON_WHEELHOUSE empty with a warning (only the Python programs need it).
ensure_python_wheelhouse() {
  PTR_PYTHON_WHEELHOUSE=""
  if ! command -v python3 >/dev/null; then
    log "warning: no python3 on PATH; Python programs cannot be run"
    return
  fi
  local tag; tag="$(python3 -c 'import sys; print("cp%d%d" % sys.version_info[:2])')"
  local dir="$PTR_CACHE/python-wheels-pulumi-$PTR_PYTHON_SDK_VERSION-$tag"
  if [ -f "$dir/.complete" ]; then
    PTR_PYTHON_WHEELHOUSE="$dir"
    export PTR_PYTHON_WHEELHOUSE
    return
  fi
  (
    log "downloading the pulumi $PTR_PYTHON_SDK_VERSION Python SDK and its dependencies from PyPI into $dir"
    local started=$SECONDS
    rm -rf "$dir.tmp"
    python3 -m pip download --quiet --disable-pip-version-check --only-binary=:all: --dest "$dir.tmp" \
      "pulumi==$PTR_PYTHON_SDK_VERSION" setuptools==84.2.1 wheel==0.48.0 >&2 || { rm -rf "$dir.tmp"; exit 1; }
    touch "$dir.tmp/.complete"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    log "downloaded $(find "$dir" -name '*.whl' | wc -l) wheels in $((SECONDS - started)) s"
  ) &
  wheel_pid=$! wheel_dir="$dir"
}

# The SDK generator (scripts/generateSdks.ts runs it): built from tools/pulumi-sdkgen into a folder named for the
# Pulumi version and a hash of that folder's files, so an edit of its main.go or go.mod builds a new one (in the
# background: its pid goes to the caller's pids). Cold, with the CLI's caches warm: about 10 s.
ensure_sdkgen() {
  local hash; hash="$(cd "$PTR_REPO/tools/pulumi-sdkgen" && cat go.mod go.sum main.go | sha256sum | cut -c1-12)"
  local dir="$PTR_CACHE/pulumi-sdkgen-$PTR_PULUMI_VERSION-$hash"
  PTR_SDKGEN="$dir/pulumi-sdkgen"
  export PTR_SDKGEN
  if [ ! -x "$PTR_SDKGEN" ]; then
    mkdir -p "$dir"
    go_build_tool pulumi-sdkgen . "$PTR_PULUMI_VERSION" pulumi-sdkgen "$dir" &
    pids+=($!)
  fi
}

# The Pulumi CLI and its nodejs, YAML and Python language hosts, side by side in one folder on PATH (the CLI looks for
# language hosts and for pulumi-resource-pulumi-nodejs next to itself, then on PATH, and warns about a language host
# found only on PATH). Ones already on PATH are used instead. The folder is named for all three versions, so a bump of
# any rebuilds that one (the others are copied from the previous folder).
ensure_pulumi() {
  local bindir="$PTR_CACHE/pulumi-$PTR_PULUMI_VERSION-nodejs-$PTR_LANGHOST_VERSION-yaml-$PTR_YAML_HOST_VERSION/bin"
  mkdir -p "$bindir"
  local onpath; onpath="$(command -v pulumi || true)" ours=1 pids=() wheel_pid="" wheel_dir=""
  if [ -n "$onpath" ] && [ "$onpath" != "$bindir/pulumi" ] && pulumi_ok "$onpath"; then
    log "using the Pulumi CLI on PATH: $onpath"
    ours=0
  elif [ ! -x "$bindir/pulumi" ] \
    && ! reuse_built pulumi "$bindir" "$PTR_CACHE"/pulumi-"$PTR_PULUMI_VERSION"-*/bin; then
    go_build_tool pulumi-cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PTR_PULUMI_VERSION" pulumi "$bindir" &
    pids+=($!)
  fi
  ensure_language_host pulumi-language-nodejs pulumi-language-nodejs \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$PTR_LANGHOST_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/go/common/version.Version "$bindir" \
    "$PTR_CACHE"/pulumi-*-nodejs-"$PTR_LANGHOST_VERSION"/bin "$PTR_CACHE"/pulumi-*-nodejs-"$PTR_LANGHOST_VERSION"-*/bin
  # Cold, alone: 1.5 min (module downloads included); with the CLI's caches warm, less.
  ensure_language_host pulumi-language-yaml pulumi-language-yaml \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$PTR_YAML_HOST_VERSION" \
    github.com/pulumi/pulumi-yaml/pkg/version.Version "$bindir" \
    "$PTR_CACHE"/pulumi-*-yaml-"$PTR_YAML_HOST_VERSION"/bin
  # The same module and version as the nodejs host: a copy from a folder that has that host, else built here.
  ensure_python_host "$bindir" "$PTR_CACHE"/pulumi-*-nodejs-"$PTR_LANGHOST_VERSION"-*/bin
  ensure_sdkgen
  ensure_python_wheelhouse
  # The builds at once: their module downloads overlap.
  local pid; for pid in "${pids[@]}"; do wait "$pid" || die "a Go build failed (see above)"; done
  if [ -n "$wheel_pid" ]; then
    if wait "$wheel_pid"; then
      PTR_PYTHON_WHEELHOUSE="$wheel_dir"
      export PTR_PYTHON_WHEELHOUSE
    else
      log "warning: pip download of pulumi==$PTR_PYTHON_SDK_VERSION failed (is PyPI reachable?); Python programs cannot be run"
    fi
  fi
  # Ours first, unless a pulumi on PATH was chosen above; then ours only fills in what PATH lacks.
  if [ "$ours" = 1 ]; then export PATH="$bindir:$PATH"; else export PATH="$PATH:$bindir"; fi
  PTR_PULUMI_BIN="$bindir"
}

ensure_npm_deps() {
  cd "$PTR_REPO"
  local stamp="node_modules/.ptr-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >&2
    cp package-lock.json "$stamp"
  fi
  # Earlier checkouts linked the package to itself; nothing may resolve through such a link now.
  if [ -L node_modules/pulumi-tencentcloud-redis ]; then rm -f node_modules/pulumi-tencentcloud-redis; fi
  # The CLI runs dynamic providers through this script; official release tarballs ship it next to `pulumi`, and the
  # npm SDK carries the same file.
  if ! command -v pulumi-resource-pulumi-nodejs >/dev/null; then
    install -m 0755 node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs "$PTR_PULUMI_BIN/pulumi-resource-pulumi-nodejs"
  fi
}

offline_pulumi_env() {
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_HOME="${PULUMI_HOME:-$PTR_CACHE/pulumi-home}"
  mkdir -p "$PULUMI_HOME"
}

ensure_toolchain() {
  mkdir -p "$PTR_CACHE"
  # One install into the cache at a time: two shells building the CLI at once wrote the same files. The second waits,
  # then finds the binaries built.
  local locked=0
  if command -v flock >/dev/null; then
    exec 9>"$PTR_CACHE/.install.lock"
    flock 9
    locked=1
  fi
  ensure_node
  ensure_redis
  ensure_pulumi
  if [ "$locked" = 1 ]; then
    flock -u 9
    exec 9>&-
  fi
  ensure_npm_deps
  offline_pulumi_env
  local python="no Python SDK wheelhouse"
  [ -n "$PTR_PYTHON_WHEELHOUSE" ] && python="pulumi==$PTR_PYTHON_SDK_VERSION (Python) in $PTR_PYTHON_WHEELHOUSE"
  log "node $(node --version), redis $(redis-server --version | grep -o 'v=[0-9.]*'), pulumi $(pulumi version)," \
    "language hosts $(command -v pulumi-language-nodejs) and $(command -v pulumi-language-python || echo none)" \
    "($PTR_LANGHOST_VERSION when built here) and $(command -v pulumi-language-yaml) ($PTR_YAML_HOST_VERSION when" \
    "built here), $python, SDK generator $PTR_SDKGEN"
}
