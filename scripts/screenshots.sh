#!/usr/bin/env bash
# `npm run screenshots`: the README's pictures (docs/screenshots/*.png), taken in Debian's
# Chromium from a dev portal started for the purpose on the test bed (test/e2e/src/screenshots.ts).
# Starts the test bed when it is not up, and stops it again afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
bash test/testbed/build.sh >/dev/null
bash scripts/chromium.sh
if ! bash test/testbed/status.sh; then
  bash test/testbed/up.sh >/dev/null
  trap 'bash "$root/test/testbed/down.sh" >/dev/null 2>&1 || true' EXIT
fi
cd test/e2e
bash "$root/scripts/with-node.sh" node --require @backstage/cli/config/nodeTransform.cjs src/screenshots.ts
