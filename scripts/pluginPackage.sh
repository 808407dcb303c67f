#!/usr/bin/env bash
# Builds the provider plugin's tarball, dist/plugin/pulumi-resource-tencentcloud-redis-v<version>.tar.gz, from the
# current build (dist/: `bash scripts/run.sh plugin` builds first), and prints its absolute path as the last line of
# stdout; everything else goes to stderr. Install it with
#   pulumi plugin install resource tencentcloud-redis v<version> --file <tarball>
# It holds, at its root, the launcher `pulumi-resource-tencentcloud-redis` (scripts/pluginLauncher.sh: runs the
# package's plugin server with the node on PATH) and node_modules with the packed package, its dependencies and
# @pulumi/pulumi, all at the versions of the repo's package-lock.json (so they come from the npm cache `npm ci` filled).
# No PulumiPlugin.yaml: with one the CLI would install and run the plugin through a language host instead of
# executing the launcher.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plugin=pulumi-resource-tencentcloud-redis
log() { printf '[plugin] %s\n' "$*" >&2; }
die() { printf '[plugin] error: %s\n' "$*" >&2; exit 1; }

cd "$repo"
started=$SECONDS
[ -f dist/provider/index.js ] || die "no build in dist/provider: run 'npm run build' first (bash scripts/run.sh plugin does)"
[ -f dist/provider/hosts/plugin/main.js ] || log "warning: dist/provider/hosts/plugin/main.js is not built; the launcher will fail"
version="$(node -p 'require("./package.json").version')"
pulumi_version="$(node -p 'require("./node_modules/@pulumi/pulumi/package.json").version')"
node_major="$(node -p '(/>=\s*(\d+)/.exec(require("./package.json").engines.node) || [])[1] || ""')"
[ -n "$node_major" ] || die "package.json's engines.node names no minimum major version (>=N)"

out_dir="$repo/dist/plugin"
tarball="$out_dir/$plugin-v$version.tar.gz"
work="$(mktemp -d "${TMPDIR:-/tmp}/ptr-plugin.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The package as npm publishes it (already built: no prepack rebuild).
log "packing pulumi-tencentcloud-redis $version"
npm pack --ignore-scripts --silent --pack-destination "$work" >&2
packed="$work/pulumi-tencentcloud-redis-$version.tgz"
[ -f "$packed" ] || die "npm pack made no $packed"

# A project that depends on the package and @pulumi/pulumi (the version the repo builds and tests with), whose lock
# starts as the repo's: npm keeps the locked versions and drops the packages only the repo's dev side needs.
stage="$work/stage"
mkdir -p "$stage"
node - "$repo/package-lock.json" "$stage" "$packed" "$pulumi_version" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const [lockFile, stage, packed, pulumiVersion] = process.argv.slice(2);
const lock = JSON.parse(fs.readFileSync(lockFile, "utf8"));
const dependencies = { "pulumi-tencentcloud-redis": `file:${packed}`, "@pulumi/pulumi": pulumiVersion };
const root = { name: "pulumi-resource-tencentcloud-redis", version: "0.0.0", private: true, dependencies };
fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(root, null, 2)}\n`);
lock.name = root.name;
lock.version = root.version;
lock.packages[""] = { name: root.name, version: root.version, dependencies };
fs.writeFileSync(path.join(stage, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
EOF
log "installing it with @pulumi/pulumi $pulumi_version (production dependencies only)"
(cd "$stage" && npm install --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error >&2)
[ -d "$stage/node_modules/pulumi-tencentcloud-redis/dist/provider" ] || die "the install holds no package build"

# What the plugin never loads: npm's bookkeeping, bin links, source maps and type declarations.
rm -f "$stage/package.json" "$stage/package-lock.json" "$stage/node_modules/.package-lock.json"
find "$stage/node_modules" -name .bin -prune -exec rm -rf {} +
find "$stage/node_modules" -type f \( -name '*.js.map' -o -name '*.mjs.map' -o -name '*.cjs.map' \
  -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.d.ts.map' \) -delete
sed "s/@NODE_MAJOR@/$node_major/" scripts/pluginLauncher.sh >"$stage/$plugin"
chmod 0755 "$stage/$plugin"

# Reproducible: sorted names, one mtime, no owners, no hard links (the CLI's unpacker takes only files, folders and
# symlinks that stay inside the plugin's folder).
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
mkdir -p "$out_dir"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --hard-dereference --format=gnu \
  --mode='u+rwX,go+rX,go-w' -C "$stage" -cf - "$plugin" node_modules | gzip -n -9 >"$work/$plugin.tar.gz"
# Renamed into place from a file of its own: two builds at once (a test run and the bench) each leave a whole file.
mv "$work/$plugin.tar.gz" "$tarball.tmp.$$"
mv "$tarball.tmp.$$" "$tarball"
log "built $tarball ($(du -k "$tarball" | cut -f1) KiB, $(find "$stage" -type f | wc -l) files, $((SECONDS - started)) s)"
echo "$tarball"
