#!/usr/bin/env bash
# `npm run contract`: writes the OpenAPI document (plugins/ksml-backend/src/schema/openapi.yaml)
# and the README's route table from the KSML API's contract
# (plugins/ksml-common/src/contract/routes.ts).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh >/dev/null
exec bash scripts/with-node.sh node --require @backstage/cli/config/nodeTransform.cjs \
  test/testbed/src/contract/writeContract.ts
