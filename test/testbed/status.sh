#!/usr/bin/env bash
# Exits 0 when the test bed is up and answering (env file, registry and API server).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
testbed_healthy
