#!/usr/bin/env bash
# `npm run test:unit`: the unit suites only — pure builders and mappers, components with fake
# APIs, the router with a fake service, KsmlService with fakes. No test bed process is started
# (no cluster, registry, helm or database); the `*.integration.test.ts` and `*.e2e.test.ts` suites that
# need one run in `npm test`. Extra arguments go to jest (e.g. a path pattern).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
export CI="${CI:-true}" KSML_TEST_SCOPE=unit
# Every answer of the backend's and the provisioner's routes is checked against the contract's
# response schemas (plugins/ksml-common/src/contract/responses.ts): a test of a route tests its shape.
export KSML_CHECK_RESPONSES="${KSML_CHECK_RESPONSES:-1}"
# @kubernetes/client-node 1.x is ESM-only and loaded with import(): jest needs vm modules.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
# The caller's arguments come first: jest reads the words after a list option as more of the
# list, so a path pattern given after --testPathIgnorePatterns would be ignored, not run.
# KSML_TEST_RESULTS: a file for jest's results as JSON (the stress run reads them).
exec bash scripts/with-node.sh backstage-cli repo test "$@" \
  ${KSML_TEST_RESULTS:+--json "--outputFile=$KSML_TEST_RESULTS"} \
  --testPathIgnorePatterns '/node_modules/' '\.(integration|e2e)\.test\.'
