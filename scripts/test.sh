#!/usr/bin/env bash
# `npm test`: installs what is missing, builds (or reuses) the test bed binaries, type-checks and
# lints the tree, then runs every package's jest suites through backstage-cli. The jest global setup starts the test bed once
# for the run and stops it at the end. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
bash test/testbed/build.sh >/dev/null
bash scripts/chromium.sh # the end-to-end suite's browser
echo "[test] type check and lint" >&2
bash scripts/with-node.sh tsc --noEmit -p .
bash scripts/with-node.sh backstage-cli repo lint
# The dev portal's configuration, and the production example on top of it, against every
# plugin's config schema (ksml.* included); --lax: their ${...} need not be set here.
for extra in "" app-config.production.yaml; do
  bash scripts/with-node.sh backstage-cli config:check --lax --strict --package backend \
    --config app-config.yaml ${extra:+--config "$extra"} >/dev/null
done
export CI="${CI:-true}" # one run, no watch mode
# Every answer of the backend's and the provisioner's routes is checked against the contract's
# response schemas (plugins/ksml-common/src/contract/responses.ts): a test of a route tests its shape.
export KSML_CHECK_RESPONSES="${KSML_CHECK_RESPONSES:-1}"
# @kubernetes/client-node 1.x is ESM-only and loaded with import(): jest needs vm modules.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"

# Jest's results as JSON: where the caller asks (the stress run reads them), else a temporary file.
results="${KSML_TEST_RESULTS:-$(mktemp)}"
# The jest global teardown stops the test bed it started; this trap also covers a run that is
# interrupted before jest gets there (Ctrl-C, a crash), so no process is left behind.
testbed_was_up=0
bash test/testbed/status.sh && testbed_was_up=1
cleanup() {
  [[ -n "${KSML_TEST_RESULTS:-}" ]] || rm -f "$results"
  if [[ $testbed_was_up == 0 && "${KSML_TESTBED_KEEP:-}" != 1 ]]; then
    bash test/testbed/down.sh 2>/dev/null || true
  fi
}
trap cleanup EXIT
status=0
# A deliberate worker count, not one derived from the machine: two suites at a time share the
# test bed (each in namespaces of its own), which the suites' waits are sized for on 2 cores;
# more would starve the API server, etcd and helm that every integration suite leans on.
workers="${KSML_TEST_WORKERS:-2}"
bash scripts/with-node.sh backstage-cli repo test "$@" --maxWorkers="$workers" \
  --json --outputFile="$results" || status=$?
# A plain closing line, the same in any language: "N passed, N failed".
if [[ -s "$results" ]]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` +
      (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  ' "$results"
fi
exit "$status"
