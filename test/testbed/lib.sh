#!/usr/bin/env bash
# Shared by up.sh and down.sh: where the test bed lives and small helpers.
# One test bed per clone: its state folder is the clone's .testbed/ unless KSML_TESTBED_DIR says.
TESTBED_DIR="${KSML_TESTBED_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.testbed}"
TESTBED_ENV="$TESTBED_DIR/env"
TESTBED_CLUSTER="${KSML_TESTBED_CLUSTER:-ksml-testbed}"
# Built binaries, outside the clone and keyed by version, so fresh clones reuse them.
TESTBED_CACHE="${KSML_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksml-testbed}"

log() { printf '[testbed] %s\n' "$*" >&2; }

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || { log "missing '$1' (install: $2)"; exit 1; }
}

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for WHAT SECONDS CMD...: retries CMD every second until it succeeds or time runs out.
wait_for() {
  local what="$1" limit="$2" deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${limit}s waiting for $what"
      return 1
    fi
    sleep 1
  done
}

# True when the env file exists and both the registry and the API server answer.
testbed_healthy() {
  [[ -f "$TESTBED_ENV" ]] || return 1
  (
    set -a
    # shellcheck disable=SC1090
    source "$TESTBED_ENV"
    curl -s -o /dev/null --max-time 3 --cacert "$KSML_REGISTRY_CA_FILE" "https://$KSML_REGISTRY_HOST/v2/" &&
      "$KSML_KUBECTL_BINARY" --request-timeout=3s get --raw /readyz >/dev/null 2>&1 &&
      [[ -n "${KSML_KAFKA_DIR:-}" ]] && kill -0 "$(cat "$KSML_KAFKA_DIR/pid" 2>/dev/null)" 2>/dev/null
  )
}
