#!/bin/sh
# pulumi-resource-tencentcloud-redis: the provider plugin's executable, at the root of the plugin tarball next to the
# node_modules that hold the package and its dependencies. The Pulumi CLI runs it with the engine's address (and
# perhaps logging flags) as arguments; it runs the package's gRPC server with the node on PATH.
# scripts/pluginPackage.sh copies this file into the tarball with @NODE_MAJOR@ replaced (package.json's engines).
set -eu

name=pulumi-resource-tencentcloud-redis
need=@NODE_MAJOR@

# The folder this script is in, through any symlinks to it (e.g. one put on PATH); shell built-ins but readlink.
parent() {
  case $1 in
    */*) set -- "${1%/*}" ;;
    *) set -- . ;;
  esac
  echo "${1:-/}"
}
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) self=$(parent "$self")/$link ;;
  esac
done
dir=$(cd "$(parent "$self")" && pwd -P)

node=$(command -v node || true)
if [ -z "$node" ]; then
  echo "$name needs Node >= $need; there is no node on PATH" >&2
  exit 1
fi
version=$("$node" --version 2>/dev/null || true)
major=${version#v}
major=${major%%.*}
case $major in
  '' | *[!0-9]*) major=0 ;;
esac
if [ "$major" -lt "$need" ]; then
  echo "$name needs Node >= $need; the node on PATH ($node) is ${version:-of an unknown version}" >&2
  exit 1
fi

exec "$node" "$dir/node_modules/pulumi-tencentcloud-redis/dist/provider/hosts/plugin/main.js" "$@"
