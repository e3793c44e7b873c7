#!/usr/bin/env bash
# The test bed's real node: a kubelet with containerd and runc (Debian's packages) that joins
# the kwok cluster beside kwok's simulated nodes and really runs the pods that ask for it
# (they tolerate its taint and select its label). One per machine: its bridge, ports 10250 and
# 10248 and the device-plugin socket are the machine's.
#
#   bash test/testbed/node.sh check    # exit 0, or 1 with one line saying why this machine cannot
#   bash test/testbed/node.sh bridge   # claims the node, makes the bridge, prints its address
#   bash test/testbed/node.sh start    # after up.sh's cluster and registry (reads the env below)
#   bash test/testbed/node.sh stop     # leaves nothing behind (down.sh calls it)
#
# up.sh runs bridge (before the broker, which listens there), then start; down.sh runs stop.
#
# Network: pods sit on a bridge the test bed makes (10.244.77.0/24, the host is .1) with the CNI
# bridge plugin as a plain switch: no gateway, no masquerade, no forwarding, so a pod reaches
# the host's bridge address and other pods, nothing else. Servers that pods need (the Kafka
# broker) listen on the bridge address. No kube-proxy: Service addresses do not work in pods.
#
# start needs, in the environment: KUBECONFIG, KSML_REGISTRY_HOST, KSML_REGISTRY_USERNAME,
# KSML_REGISTRY_PASSWORD, KSML_REGISTRY_CA_FILE, and the cluster's PKI at $TESTBED_DIR/kwok.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=versions.env
source "$here/versions.env"

export PATH="$TESTBED_CACHE/bin:$PATH" # kubectl
node_dir="$TESTBED_DIR/node"
# Who holds the machine's one real node: the state folder of the test bed that started it.
owner_file=/run/ksml-testbed-node.owner
sock="$node_dir/containerd/containerd.sock"
# A pod's logs and state all live under the node's folder, except what the kubelet and
# containerd write to fixed places (log links, device-plugin and shim sockets); stop removes
# those it made.
fixed_places=(/var/log/containers /var/lib/kubelet /run/containerd)

# check: can this machine run a real node? Prints the reason when not.
check() {
  local why=""
  if [[ "$(uname -s)" != Linux ]]; then
    why="a real node needs Linux (this is $(uname -s))"
  elif [[ $EUID != 0 ]]; then
    why="a real node needs root (kubelet, containerd and the bridge); run as root or use kwok alone"
  else
    local cmd
    for cmd in containerd runc ctr iptables ip; do
      command -v "$cmd" >/dev/null 2>&1 || why="missing '$cmd' (install: apt-get install containerd runc containernetworking-plugins iptables iproute2)"
    done
    [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local ]] ||
      why="${why:-missing the CNI plugins (install: apt-get install containernetworking-plugins)}"
  fi
  if [[ -z "$why" ]]; then
    local holder
    holder="$(node_holder)"
    [[ -z "$holder" || "$holder" == "$TESTBED_DIR" ]] ||
      why="the machine's one real node belongs to the test bed at $holder (down.sh there frees it)"
  fi
  [[ -z "$why" ]] && return 0
  echo "$why"
  return 1
}

# node_holder: the state folder of the live test bed that holds the machine's real node, if any
# (its kubelet runs, or its broker, which starts after the bridge is claimed and before the
# kubelet).
node_holder() {
  [[ -f "$owner_file" ]] || return 0
  local holder pid
  holder="$(cat "$owner_file")"
  for pid in "$holder/node/kubelet.pid" "$holder/kafka/pid"; do
    if [[ -f "$pid" ]] && kill -0 "$(cat "$pid")" 2>/dev/null; then
      echo "$holder"
      return
    fi
  done
}

# stop_pid FILE: ends the process whose pid FILE holds (TERM, then KILL after 10 s).
stop_pid() {
  [[ -f "$1" ]] || return 0
  local pid
  pid="$(cat "$1")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

# netns_cni: the CNI network namespaces now on the machine (containerd 1.6 keeps them in
# /var/run/netns as cni-<id>), so stop deletes only those its pods made.
netns_cni() { ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print $1}' | sort; }

# bridge: claims the machine's real node for this test bed and makes the bridge its pods will
# sit on (before the broker starts, which listens on it). Prints the host's bridge address.
bridge() {
  local why
  why="$(check)" || { log "no real node: $why"; return 1; }
  local holder
  holder="$(cat "$owner_file" 2>/dev/null || true)"
  # A node left by a test bed that is gone (a killed run, a reboot) is cleared first.
  [[ -n "$holder" && "$holder" != "$TESTBED_DIR" ]] && stop "$holder"
  mkdir -p "$node_dir"
  chmod 700 "$node_dir"
  echo "$TESTBED_DIR" >"$owner_file"
  if ! ip link show "$KSML_REAL_NODE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$KSML_REAL_NODE_BRIDGE" type bridge
    ip addr add "$KSML_REAL_NODE_IP/24" dev "$KSML_REAL_NODE_BRIDGE"
    ip link set "$KSML_REAL_NODE_BRIDGE" up
  fi
  ip route replace unreachable "$KSML_KWOK_POD_CIDR"
  echo "$KSML_REAL_NODE_IP"
}

# stop [TESTBED_DIR]: the node of that test bed (this one by default) stopped and removed,
# with everything it left on the machine.
stop() {
  local testbed="${1:-$TESTBED_DIR}"
  local dir="$testbed/node"
  local sock="$dir/containerd/containerd.sock"
  if [[ -d "$dir" ]]; then
    # The node's pods first, through the kubelet while it runs: it stops their containers and
    # tears down their sandboxes and network namespaces itself.
    if [[ -f "$dir/kubelet.pid" && -f "$testbed/kubeconfig" ]] && kill -0 "$(cat "$dir/kubelet.pid")" 2>/dev/null; then
      KUBECONFIG="$testbed/kubeconfig" kubectl delete pods -A \
        --field-selector "spec.nodeName=$KSML_REAL_NODE_NAME" --grace-period=0 --force \
        --wait=true --timeout=30s >/dev/null 2>&1 || true
    fi
    stop_pid "$dir/kubelet.pid"
    # Whatever still runs: every task containerd knows, then containerd, then orphaned shims.
    if [[ -S "$sock" ]]; then
      local id
      for id in $(ctr -a "$sock" -n k8s.io tasks ls -q 2>/dev/null); do
        ctr -a "$sock" -n k8s.io tasks kill -s KILL "$id" >/dev/null 2>&1 || true
      done
    fi
    stop_pid "$dir/containerd.pid"
    pkill -KILL -f -- "-address $sock" 2>/dev/null || true
    # Mounts below the node's folder (volumes, root filesystems, shm), deepest first.
    local m
    for m in $(awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
      umount -l "$m" 2>/dev/null || true
    done
    # Network namespaces its pods made that the kubelet did not tear down.
    if [[ -f "$dir/netns-before" ]]; then
      local ns
      for ns in $(comm -13 "$dir/netns-before" <(netns_cni)); do ip netns delete "$ns" 2>/dev/null || true; done
    fi
    find /var/log/containers -maxdepth 1 -lname "$dir/*" -delete 2>/dev/null || true
    # The fixed places it made (device-plugin sockets, shim sockets, log links) go whole.
    [[ -f "$dir/places-made" ]] && xargs -r rm -rf <"$dir/places-made"
    rm -rf "$dir"
  fi
  # What belongs to the machine's node, only when this test bed holds it (or nobody live does).
  local holder
  holder="$(cat "$owner_file" 2>/dev/null || true)"
  if [[ "$holder" == "$testbed" || ( -n "$holder" && -z "$(node_holder)" ) ]]; then
    ip link delete "$KSML_REAL_NODE_BRIDGE" 2>/dev/null || true
    ip route del unreachable "$KSML_KWOK_POD_CIDR" 2>/dev/null || true
    # The kubelet's cgroups (cgroupfs driver: kubepods under every controller), deepest first.
    find /sys/fs/cgroup -depth -type d -path '*/kubepods*' -exec rmdir {} + 2>/dev/null || true
    rm -f "$owner_file"
  fi
}

start() {
  bridge >/dev/null
  local bin ca reg="$KSML_REGISTRY_HOST"
  bin="$(bash "$here/build.sh" "kubelet pause")"
  ca="$TESTBED_DIR/kwok/clusters/$TESTBED_CLUSTER/pki/ca.crt"
  mkdir -p "$node_dir"/{containerd,cni/net.d,cni/ipam,kubelet,pod-logs,volume-plugins,volumes,certs}
  netns_cni >"$node_dir/netns-before"
  local place
  for place in "${fixed_places[@]}"; do [[ -e "$place" ]] || echo "$place"; done >"$node_dir/places-made"

  # --- the network: the CNI bridge plugin attaches each pod's veth to the bridge ------------
  cat >"$node_dir/cni/net.d/10-ksml-testbed.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "ksml-testbed",
  "plugins": [{
    "type": "bridge",
    "bridge": "$KSML_REAL_NODE_BRIDGE",
    "isGateway": false,
    "ipMasq": false,
    "hairpinMode": true,
    "ipam": {
      "type": "host-local",
      "ranges": [[{"subnet": "${KSML_REAL_NODE_IP%.*}.0/24", "rangeStart": "${KSML_REAL_NODE_IP%.*}.10", "rangeEnd": "${KSML_REAL_NODE_IP%.*}.250"}]],
      "dataDir": "$node_dir/cni/ipam"
    }
  }]
}
CNI

  # --- the pause image, from the pinned Kubernetes module (registry.k8s.io is out of reach) ----
  local pause_ref="$reg/ksml/pause:$PAUSE_VERSION"
  registry_push "$bin/pause-image" "$pause_ref"

  # --- containerd ---------------------------------------------------------------------------
  # restrict_oom_score_adj: these machines lack CAP_SYS_RESOURCE, so runc may not lower a
  # process's OOM score; the registry is reached over TLS with the test bed's CA and password.
  (umask 077 && cat >"$node_dir/containerd/config.toml" <<TOML
version = 2
root = "$node_dir/containerd/root"
state = "$node_dir/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.internal.v1.tracing", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$node_dir/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause_ref"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$node_dir/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."$reg"]
    endpoint = ["https://$reg"]
  [plugins."io.containerd.grpc.v1.cri".registry.configs."$reg".tls]
    ca_file = "$KSML_REGISTRY_CA_FILE"
  [plugins."io.containerd.grpc.v1.cri".registry.configs."$reg".auth]
    username = "$KSML_REGISTRY_USERNAME"
    password = "$KSML_REGISTRY_PASSWORD"
TOML
  )
  setsid containerd --config "$node_dir/containerd/config.toml" \
    >"$node_dir/containerd.log" 2>&1 </dev/null &
  echo $! >"$node_dir/containerd.pid"
  wait_for "containerd" 30 ctr -a "$sock" version

  # --- kubelet ------------------------------------------------------------------------------
  # Only x509 clients of the cluster's CA (the API server, metrics-server) may call it; it
  # listens on the bridge address only and leaves the host's firewall alone.
  cat >"$node_dir/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $KSML_REAL_NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
containerRuntimeEndpoint: unix://$sock
cgroupDriver: cgroupfs
failCgroupV1: false
oomScoreAdj: 0
resolvConf: ""
failSwapOn: false
makeIPTablesUtilChains: false
podLogsDir: $node_dir/pod-logs
volumePluginDir: $node_dir/volume-plugins
maxPods: 40
serializeImagePulls: false
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
registerWithTaints:
  - key: $KSML_REAL_NODE_TAINT
    value: "true"
    effect: NoSchedule
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $ca}
authorization:
  mode: AlwaysAllow
YAML
  setsid "$bin/kubelet" --config "$node_dir/kubelet/config.yaml" \
    --kubeconfig "$TESTBED_DIR/kubeconfig" --root-dir "$node_dir/kubelet" \
    --cert-dir "$node_dir/certs" --hostname-override "$KSML_REAL_NODE_NAME" \
    --node-ip "$KSML_REAL_NODE_IP" --node-labels "$KSML_REAL_NODE_TAINT=true" \
    >"$node_dir/kubelet.log" 2>&1 </dev/null &
  echo $! >"$node_dir/kubelet.pid"
  wait_for "the real node Ready" 60 kubectl wait --for=condition=Ready \
    "node/$KSML_REAL_NODE_NAME" --timeout=5s
}

case "${1:-}" in
  check) check ;;
  bridge) bridge ;;
  start) start ;;
  stop) stop ;;
  *) log "usage: node.sh check|bridge|start|stop"; exit 2 ;;
esac
