#!/usr/bin/env bash
# Sourced by scripts/run.sh. Makes this shell able to build, test and run the project on a fresh machine:
#   Node >= 22 (Node 24 from the npm registry when the system one is older), redis-server (Debian), the Pulumi CLI
#   (built from its Go modules at a pinned version, cached outside the repo), and the npm dependencies.
# Everything it installs goes to $PTR_CACHE (default ~/.cache/pulumi-tencentcloud-redis), so a second run costs seconds.
set -euo pipefail

PTR_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PTR_CACHE="${PTR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencentcloud-redis}"
# One pinned version for the CLI and the npm SDK: the newest whose module zips the Go module proxy here serves.
PTR_PULUMI_VERSION="v3.250.0"
PTR_NODE_MAJOR=24
export PTR_REPO PTR_CACHE PTR_PULUMI_VERSION

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

pulumi_ok() { # a pulumi on PATH whose version is at least the pinned one
  local v; v="$("$1" version 2>/dev/null | tr -d 'v')" || return 1
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "${PTR_PULUMI_VERSION#v}" "$v" | sort -V | head -1)" = "${PTR_PULUMI_VERSION#v}" ]
}

ensure_pulumi() {
  local bindir="$PTR_CACHE/pulumi-$PTR_PULUMI_VERSION/bin"
  local onpath; onpath="$(command -v pulumi || true)"
  if [ -n "$onpath" ] && [ "$onpath" != "$bindir/pulumi" ] && pulumi_ok "$onpath"; then
    bindir="$(dirname "$onpath")"
  elif [ ! -x "$bindir/pulumi" ]; then
    command -v go >/dev/null || die "building the Pulumi CLI needs Go (>= 1.26); none on PATH"
    log "building the Pulumi CLI $PTR_PULUMI_VERSION from github.com/pulumi/pulumi/pkg/v3 (cold: several minutes)"
    mkdir -p "$bindir"
    local started=$SECONDS
    (cd "$PTR_REPO/tools/pulumi-cli" && GOFLAGS=-mod=readonly go build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PTR_PULUMI_VERSION" \
      -o "$bindir/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2 || die "go build of the Pulumi CLI failed"
    mv "$bindir/pulumi.tmp" "$bindir/pulumi"
    log "built pulumi $PTR_PULUMI_VERSION in $((SECONDS - started)) s"
  fi
  export PATH="$bindir:$PATH"
}

ensure_npm_deps() {
  cd "$PTR_REPO"
  local stamp="node_modules/.ptr-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    log "installing npm dependencies"
    # `npm install` rather than `npm ci`: npm 11 leaves other platforms' optional packages out of the lock file here
    # and `npm ci` then refuses it; install still follows the lock's versions.
    npm install --no-audit --no-fund --loglevel=error >&2
    cp package-lock.json "$stamp"
  fi
  # Dynamic providers load their implementation with require("pulumi-tencentcloud-redis/...") from the program's
  # node_modules, the way an installed user sees it; in this repo the package is linked to itself.
  ln -sfn .. node_modules/pulumi-tencentcloud-redis
  # The CLI runs dynamic providers through this script; official release tarballs ship it next to `pulumi`, and the
  # npm SDK carries the same file.
  local shim; shim="$(dirname "$(command -v pulumi)")/pulumi-resource-pulumi-nodejs"
  if [ ! -x "$shim" ]; then
    install -m 0755 node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs "$shim" 2>/dev/null \
      || export PATH="$PTR_REPO/node_modules/@pulumi/pulumi:$PATH"
  fi
}

offline_pulumi_env() {
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_HOME="${PULUMI_HOME:-$PTR_CACHE/pulumi-home}"
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
  mkdir -p "$PULUMI_HOME"
}

ensure_toolchain() {
  mkdir -p "$PTR_CACHE"
  ensure_node
  ensure_redis
  ensure_pulumi
  ensure_npm_deps
  offline_pulumi_env
  log "node $(node --version), redis $(redis-server --version | grep -o 'v=[0-9.]*'), pulumi $(pulumi version)"
}
