#!/usr/bin/env bash
# Stops the test bed and removes its state: the kwokctl cluster (all its processes), the
# registry, and the .testbed folder. Safe to run when nothing is up.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[[ -d "$TESTBED_DIR" ]] || exit 0

# The real node first, while the API server still answers (its pods go through the kubelet).
bash "$here/node.sh" stop 2>/dev/null || true

kwokctl="$TESTBED_CACHE/bin/kwokctl"
if [[ -x "$kwokctl" && -d "$TESTBED_DIR/kwok/clusters/$TESTBED_CLUSTER" ]]; then
  KWOK_WORKDIR="$TESTBED_DIR/kwok" "$kwokctl" delete cluster --name "$TESTBED_CLUSTER" \
    --kubeconfig "$TESTBED_DIR/kubeconfig" >/dev/null 2>&1 || log "kwokctl delete failed; killing leftovers"
fi

# The registry runs in its own process group (setsid); end the group.
if [[ -f "$TESTBED_DIR/registry/pid" ]]; then
  pid="$(cat "$TESTBED_DIR/registry/pid")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
fi

# The Kafka broker runs in its own process group too.
bash "$here/kafka.sh" stop "$TESTBED_DIR/kafka" 2>/dev/null || true

# The private PostgreSQL cluster lives outside the state folder (it may belong to postgres).
if [[ -f "$TESTBED_DIR/postgres-dir" ]]; then
  pgdir="$(cat "$TESTBED_DIR/postgres-dir")"
  if [[ -f "$pgdir/data/postmaster.pid" ]]; then
    kill -INT "$(head -1 "$pgdir/data/postmaster.pid")" 2>/dev/null || true # fast shutdown
    for _ in $(seq 1 20); do [[ -f "$pgdir/data/postmaster.pid" ]] || break; sleep 0.5; done
  fi
  pkill -KILL -f -- "$pgdir/" 2>/dev/null || true
  [[ "$pgdir" == /tmp/ksml-testbed-pg.* ]] && rm -rf "$pgdir"
fi

# Anything still running from the state folder (a cluster component kwokctl lost track of).
for _ in 1 2 3 4 5; do
  pids="$(pgrep -f -- "$TESTBED_DIR/" || true)"
  [[ -z "$pids" ]] && break
  kill -TERM $pids 2>/dev/null || true
  sleep 1
done
pids="$(pgrep -f -- "$TESTBED_DIR/" || true)"
[[ -n "$pids" ]] && kill -KILL $pids 2>/dev/null

rm -rf "$TESTBED_DIR"
log "down"
