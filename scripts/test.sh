#!/usr/bin/env bash
# `npm test`: installs what is missing, builds (or reuses) the test bed binaries, then runs every
# package's jest suites through backstage-cli. The jest global setup starts the test bed once
# for the run and stops it at the end. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
bash test/testbed/build.sh >/dev/null
export CI="${CI:-true}" # one run, no watch mode
# @kubernetes/client-node 1.x is ESM-only and loaded with import(): jest needs vm modules.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
exec bash scripts/with-node.sh backstage-cli repo test "$@"
