#!/usr/bin/env bash
# Runs a command with the project's Node.js first on PATH and node_modules/.bin after it:
#   bash scripts/with-node.sh backstage-cli repo test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=node.sh
source "$root/scripts/node.sh"
export PATH="$root/node_modules/.bin:$PATH"
exec "$@"
