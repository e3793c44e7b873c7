#!/usr/bin/env bash
# `npm run test:stress -- [--runs N] [--load CORES] [--unit] [-- JEST ARGS]`: the suites run N
# times in a row (npm test, or npm run test:unit with --unit) while CORES busy processes load the
# machine (default 3 runs, 1 core); prints every test that failed with its count and exits
# non-zero if any run failed. See docs/reliability.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
exec bash scripts/with-node.sh node --require @backstage/cli/config/nodeTransform.cjs \
  test/testbed/src/stress/main.ts "$@"
