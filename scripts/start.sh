#!/usr/bin/env bash
# `npm start`: installs what is missing, starts the local test bed (cluster, registry, chart)
# and then the dev portal (packages/app + packages/backend) against it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
env_file="$(bash test/testbed/up.sh)"
echo "[start] test bed up: $env_file (stop it with: npm run testbed:down)"
if [[ ! -f packages/backend/package.json ]]; then
  echo "[start] the dev portal (packages/app, packages/backend) is not in this tree yet;" >&2
  echo "[start] the test bed stays up for manual use: source $env_file" >&2
  exit 0
fi
set -a
# shellcheck disable=SC1090
source "$env_file"
set +a
exec bash scripts/with-node.sh backstage-cli repo start
