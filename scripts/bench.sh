#!/usr/bin/env bash
# `npm run bench [-- --apps N --runs R --pairs P --status-pairs S --targets FILE --json FILE
# --keep]`: deploys N apps (2 replicas each) through the dev portal's backend on the test bed and
# measures its status, all-apps, logs, metrics and deploy against the helm and kubectl CLIs in
# the same run, in interleaved pairs (as many samples on each side); prints a markdown table and
# each target's verdict (stdout; targets from test/bench/targets.json) and progress (stderr).
# Exits 2 when a target is missed, 1 when the benchmark fails. See docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --json FILE and --targets FILE are relative to where the command was typed (npm run starts scripts in the root).
export KSML_BENCH_CALLER_DIR="${INIT_CWD:-$PWD}"
cd "$root"
bash scripts/install.sh
bash test/testbed/build.sh >/dev/null
testbed_was_up=0
bash test/testbed/status.sh && testbed_was_up=1
if [[ $testbed_was_up == 0 ]]; then
  bash test/testbed/up.sh >/dev/null
  # An absolute path: the script changes directory before it exits.
  trap 'bash "$root/test/testbed/down.sh" >/dev/null 2>&1 || true' EXIT
fi
cd test/bench
bash "$root/scripts/with-node.sh" node --expose-gc --require @backstage/cli/config/nodeTransform.cjs src/main.ts "$@"
