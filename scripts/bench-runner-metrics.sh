#!/usr/bin/env bash
# `npm run bench:runner-metrics [-- --reads N]`: the cost of reading a real KSML runner's metrics
# (ADR 24) against kubectl in the same run, and what it comes to for 50 apps of 2 replicas
# (test/bench/src/runnerMetrics.ts). Needs the test bed's real node; starts the test bed when it
# is not up, and stops it again afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
bash test/testbed/build.sh >/dev/null
if ! bash test/testbed/status.sh; then
  bash test/testbed/up.sh >/dev/null
  trap 'bash "$root/test/testbed/down.sh" >/dev/null 2>&1 || true' EXIT
fi
cd test/bench
bash "$root/scripts/with-node.sh" node --require @backstage/cli/config/nodeTransform.cjs src/runnerMetrics.ts "$@"
