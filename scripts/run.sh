#!/usr/bin/env bash
# The project's entry point; the README's commands call it.
#   bash scripts/run.sh quickstart [example]   install the packed package into examples/<example> (quickstart),
#                                              start its CRS emulator and run plain `pulumi up` there against it
#   bash scripts/run.sh test         lint, type-check, build and run every test (unit, integration, e2e)
#   bash scripts/run.sh bench        the polling benchmark (npm run bench)
#   bash scripts/run.sh emulator ... the emulator alone (arguments as in the README)
#   bash scripts/run.sh plugin       build, then the provider plugin's tarball (dist/plugin/...tar.gz, for
#                                    `pulumi plugin install resource tencentcloud-redis v<version> --file <it>`);
#                                    its path is the last line of stdout
#   bash scripts/run.sh wheel        the wheel of the generated Python SDK (dist/python/...whl, built offline from
#                                    sdk/python with the toolchain's wheelhouse); its path is the last line of stdout
#   bash scripts/run.sh sdks         regenerate sdk/ (the Go, Python and TypeScript SDKs and schema.json) from the
#                                    plugin's schema with tools/pulumi-sdkgen (scripts/generateSdks.ts)
#   bash scripts/run.sh toolchain    install/check the toolchain only
set -euo pipefail
# shellcheck source=scripts/toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"

cmd="${1:-}"; shift || true
case "$cmd" in
  toolchain)
    ensure_toolchain
    ;;
  test)
    ensure_toolchain
    cd "$PTR_REPO"
    echo "pulumi CLI: $(command -v pulumi) $(pulumi version)"
    npm run --silent lint
    # Build first: the tests' programs type-check against the plugin classes' declarations (dist/sdk/nodejs).
    npm run --silent build
    npm run --silent typecheck
    npx vitest run "$@"
    ;;
  quickstart)
    ensure_toolchain
    cd "$PTR_REPO"
    exec npx tsx scripts/quickstart.ts "$@"
    ;;
  bench)
    ensure_toolchain
    cd "$PTR_REPO"
    npm run --silent build
    exec npx tsx bench/run.ts "$@"
    ;;
  plugin)
    ensure_toolchain
    cd "$PTR_REPO"
    npm run --silent build >&2
    exec bash scripts/pluginPackage.sh
    ;;
  wheel)
    ensure_toolchain
    exec bash "$PTR_REPO/scripts/pythonWheel.sh"
    ;;
  sdks)
    ensure_toolchain
    cd "$PTR_REPO"
    exec npx tsx scripts/generateSdks.ts
    ;;
  emulator)
    ensure_toolchain
    cd "$PTR_REPO"
    exec npx tsx test/emulator/main.ts "$@"
    ;;
  *)
    echo "usage: bash scripts/run.sh {quickstart|test|bench|emulator|plugin|wheel|sdks|toolchain} [args]" >&2
    exit 2
    ;;
esac
