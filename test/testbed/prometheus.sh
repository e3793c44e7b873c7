#!/usr/bin/env bash
# The test bed's Prometheus: scrapes the KSML runners on the real node, as a platform's
# Prometheus would, for the longer history of their metrics (GET /throughput?range=).
#
#   bash test/testbed/prometheus.sh start   # after the real node (reads KUBECONFIG); prints its env line
#
# It finds the runners with Kubernetes service discovery (role pod) through the API server,
# keeps the pods of the real node that open the chart's `metrics` port, and labels their series
# `namespace` and `pod`, as a ServiceMonitor does. It scrapes every 5 s (a platform's is 15-60 s)
# so a test sees a trend within a minute. down.sh ends it with everything else that runs from
# the state folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

start() {
  local bin dir port
  bin="$(bash "$here/build.sh" prometheus)"
  dir="$TESTBED_DIR/prometheus"
  mkdir -p "$dir/data"
  port="$(free_port)"
  cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
  scrape_timeout: 4s
scrape_configs:
  - job_name: ksml-runners
    kubernetes_sd_configs:
      - role: pod
        kubeconfig_file: $KUBECONFIG
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_container_port_name]
        regex: metrics
        action: keep
      - source_labels: [__meta_kubernetes_pod_node_name]
        regex: ${KSML_REAL_NODE_NAME:-ksml-real-node}
        action: keep
      - source_labels: [__meta_kubernetes_namespace]
        target_label: namespace
      - source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
YAML
  setsid "$bin/prometheus" --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$port" \
    >"$TESTBED_DIR/logs/prometheus.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  wait_for "prometheus" 60 curl -sf "http://127.0.0.1:$port/-/ready"
  log "prometheus on http://127.0.0.1:$port"
  echo "KSML_PROMETHEUS_URL=http://127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  *) echo "usage: $0 start" >&2; exit 2 ;;
esac
