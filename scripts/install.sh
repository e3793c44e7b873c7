#!/usr/bin/env bash
# Installs the npm dependencies with the project's Node.js when the lock file or the Node
# version changed since the last install (native modules are built against that Node).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=node.sh
source "$root/scripts/node.sh"

stamp_file="node_modules/.ksml-install-stamp"
stamp="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  exit 0
fi
echo "[install] npm ci with Node $(node --version)" >&2
started=$SECONDS
npm ci --no-audit --no-fund --loglevel=error
echo "$stamp" >"$stamp_file"
echo "[install] done in $((SECONDS - started))s" >&2
