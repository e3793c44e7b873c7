#!/usr/bin/env bash
# Starts the test bed: a kwokctl cluster (binary runtime, our own Go-built binaries) with
# metrics-server, simulated logs, resource usage and volumes, and Flux's and Argo CD's CRDs
# (crds.sh), a TLS + htpasswd OCI registry on 127.0.0.1 holding the public KSML chart, a private
# PostgreSQL server and a one-node Kafka broker (kafka.sh). Writes
# "$KSML_TESTBED_DIR/env" for tests and the portal. Idempotent: when the test bed is already up
# and healthy it only prints the env path.
#
#   npm run testbed:up        # or: bash test/testbed/up.sh
#   source .testbed/env       # KUBECONFIG, KSML_REGISTRY_URL, KSML_REGISTRY_CA_FILE, ...
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

if testbed_healthy; then
  log "already up: $TESTBED_ENV"
  echo "$TESTBED_ENV"
  exit 0
fi

# A half-started or stale test bed (a killed run, a reboot) is cleared first.
bash "$here/down.sh" >/dev/null 2>&1 || true

need_cmd openssl "apt-get install openssl"
need_cmd htpasswd "apt-get install apache2-utils"

bin="$(bash "$here/build.sh")"
export PATH="$bin:$PATH" # kwokctl runs kubectl from PATH (kustomize, apply)
# shellcheck source=versions.env
source "$here/versions.env"

mkdir -p "$TESTBED_DIR"/{pki,registry/data,logs}
chmod 700 "$TESTBED_DIR"
started=$SECONDS
# On failure the test bed is taken down, its folder with it: the last lines of every
# component's log go to stderr first, so a CI log says why.
dump_logs() {
  local f
  for f in "$TESTBED_DIR"/logs/*.log "$TESTBED_DIR"/kwok/clusters/*/logs/*.log; do
    [[ -f "$f" ]] || continue
    echo "--- ${f#"$TESTBED_DIR"/} (last lines)" >&2
    tail -n 8 "$f" | cut -c1-400 >&2
  done
}
trap 'log "failed"; dump_logs; bash "$here/down.sh" >/dev/null 2>&1 || true' ERR

# quiet CMD...: runs CMD, showing its output only when it fails.
quiet() {
  local out
  out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; return 1; }
}

# --- registry: own CA, server certificate for 127.0.0.1, bcrypt htpasswd, random password ----
pki="$TESTBED_DIR/pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=KSML test bed CA" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$pki/registry.key" -out "$pki/registry.csr" 2>/dev/null
openssl x509 -req -in "$pki/registry.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
  -days 2 -out "$pki/registry.crt" \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n') 2>/dev/null
# The readme's CLIENT_CA_FILE is a base64-encoded PEM: keep that form too, for those tests.
base64 -w0 "$pki/ca.crt" >"$pki/ca.crt.b64"

registry_user=ksml
registry_password="$(openssl rand -hex 16)"
htpasswd -Bbc "$TESTBED_DIR/registry/htpasswd" "$registry_user" "$registry_password" 2>/dev/null
registry_port="$(free_port)"
cat >"$TESTBED_DIR/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $TESTBED_DIR/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$registry_port
  tls:
    certificate: $pki/registry.crt
    key: $pki/registry.key
auth:
  htpasswd:
    realm: ksml-testbed
    path: $TESTBED_DIR/registry/htpasswd
EOF
log "registry on https://127.0.0.1:$registry_port"
# setsid: its own process group, so down.sh can end it and nothing it started survives.
setsid "$bin/registry" serve "$TESTBED_DIR/registry/config.yml" \
  >"$TESTBED_DIR/logs/registry.log" 2>&1 </dev/null &
echo $! >"$TESTBED_DIR/registry/pid"
wait_for "registry" 30 \
  bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --cacert '$pki/ca.crt' https://127.0.0.1:$registry_port/v2/) == 401 ]]"

# --- the real node's parts, then its bridge, before the broker listens on it (node.sh) -------
# KSML_TESTBED_REAL_NODE=0 leaves it out. Where the machine cannot have one, or the KSML runner
# cannot be built (no KSML source, no JDK 23+), the test bed runs on kwok alone: the reason goes
# to the env file, and the tests that need real runners fail with it.
real_node_log="$TESTBED_DIR/logs/real-node-build.log"
build_real_node_parts() { # its output shown as it comes (a cold build takes minutes) and kept
  bash "$here/build.sh" "kubelet pause ksml-runner ksml-runner-image" 2>&1 >/dev/null |
    tee "$real_node_log" >&2
}
real_node_unavailable=""
if [[ "${KSML_TESTBED_REAL_NODE:-1}" == 0 ]]; then
  real_node_unavailable="KSML_TESTBED_REAL_NODE=0: the test bed was started without a real node"
elif ! real_node_unavailable="$(bash "$here/node.sh" check)"; then
  log "no real node: $real_node_unavailable"
elif ! build_real_node_parts; then
  real_node_unavailable="its parts could not be built: $(grep '^\[testbed\]' "$real_node_log" |
    tail -1 | sed 's/^\[testbed\] *//; s/"/'"'"'/g')"
  log "no real node: $real_node_unavailable"
else
  KSML_KAFKA_NODE_IP="$(bash "$here/node.sh" bridge)"
  export KSML_KAFKA_NODE_IP
fi

# --- Kafka: a one-node KRaft broker (PLAINTEXT and SASL listeners, a password per start) -----
kafka_env="$(bash "$here/kafka.sh" start "$TESTBED_DIR/kafka")"
log "kafka on $(sed -n 's/^KSML_KAFKA_BOOTSTRAP=//p' <<<"$kafka_env") (SASL: $(sed -n 's/^KSML_KAFKA_SASL_BOOTSTRAP=//p' <<<"$kafka_env"))"

# --- cluster --------------------------------------------------------------------------------
kwokdir="$(dirname "$(readlink -f "$bin/kwokctl")")"
msdir="$(dirname "$(readlink -f "$bin/metrics-server")")"
# The live-log test appends to a copy of the fixture; every start begins from the fixture again.
cp "$here/kwok/ksml-runner-log.txt" "$TESTBED_DIR/live-log.txt"
sed -e "s#@KSML_LOG@#$here/kwok/ksml-runner-log.txt#" -e "s#@KSML_LIVE_LOG@#$TESTBED_DIR/live-log.txt#" \
  -e "s#@METRICS_SERVER_MANIFESTS@#$msdir/manifests#" \
  -e "s#@KWOK_PKI@#$TESTBED_DIR/kwok/clusters/$TESTBED_CLUSTER/pki#" \
  "$here/kwok/simulation.yaml.in" >"$TESTBED_DIR/simulation.yaml"
# kwok's fast stages, with a patch of ours that makes a ready pod record a kubelet's event
# (kustomize takes a relative path to them only).
mkdir -p "$TESTBED_DIR/stages"
cp "$here/kwok/kubelet-events.yaml" "$TESTBED_DIR/stages/"
cat >"$TESTBED_DIR/stages/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $(realpath --relative-to="$TESTBED_DIR/stages" "$kwokdir/kustomize/stage/fast")
patches:
  - path: kubelet-events.yaml
EOF
log "cluster $TESTBED_CLUSTER (kube $KUBERNETES_VERSION) starting"
KWOK_WORKDIR="$TESTBED_DIR/kwok" "$bin/kwokctl" create cluster \
  --name "$TESTBED_CLUSTER" \
  --runtime binary \
  --kubeconfig "$TESTBED_DIR/kubeconfig" \
  --kube-apiserver-binary "$bin/kube-apiserver" \
  --kube-controller-manager-binary "$bin/kube-controller-manager" \
  --kube-scheduler-binary "$bin/kube-scheduler" \
  --kwok-controller-binary "$bin/kwok" \
  --etcd-binary "$bin/etcd" \
  --metrics-server-binary "$bin/metrics-server" \
  --enable metrics-server \
  --config "$TESTBED_DIR/stages" \
  --config "$kwokdir/kustomize/stage/volume/fast" \
  --config "$kwokdir/kustomize/metrics/resource" \
  --config "$TESTBED_DIR/simulation.yaml" \
  --config "$here/kwok/failures.yaml" \
  --wait 3m \
  >"$TESTBED_DIR/logs/kwokctl.log" 2>&1 ||
  { tail -20 "$TESTBED_DIR/logs/kwokctl.log" >&2; false; }
export KUBECONFIG="$TESTBED_DIR/kubeconfig"
kubectl apply -f "$here/kwok/storageclass.yaml" >/dev/null
# One simulated node is enough; kwok marks it Ready and runs (pretends to run) any pod on it.
kubectl apply -f "$here/kwok/node.yaml" >/dev/null
wait_for "node ready" 60 kubectl wait --for=condition=Ready node/kwok-node-0 --timeout=5s
# metrics-server registers its API after its first scrape; on a busy 2-CPU machine that has
# taken over two minutes.
wait_for "metrics.k8s.io" 240 kubectl get --raw /apis/metrics.k8s.io/v1beta1
# Flux's and Argo CD's CRDs, so their manifests are validated against the real schemas.
bash "$here/crds.sh"

# --- chart ----------------------------------------------------------------------------------
helm_env=(env HELM_REGISTRY_CONFIG="$TESTBED_DIR/helm/registry.json"
  HELM_CACHE_HOME="$TESTBED_DIR/helm/cache" HELM_CONFIG_HOME="$TESTBED_DIR/helm/config"
  HELM_DATA_HOME="$TESTBED_DIR/helm/data")
mkdir -p "$TESTBED_DIR/helm"
printf '%s' "$registry_password" | quiet "${helm_env[@]}" "$bin/helm" registry login \
  "127.0.0.1:$registry_port" --username "$registry_user" --password-stdin --ca-file "$pki/ca.crt"
# The public KSML chart as it is, versioned as the release it comes from (Axual's release
# workflow sets the version at push time; the source says 1.3.0-SNAPSHOT).
chart_version="$KSML_VERSION"
quiet "${helm_env[@]}" "$bin/helm" package "$bin/ksml-chart" -d "$TESTBED_DIR/helm" \
  --version "$chart_version" --app-version "$chart_version"
quiet "${helm_env[@]}" "$bin/helm" push "$TESTBED_DIR/helm/ksml-$chart_version.tgz" \
  "oci://127.0.0.1:$registry_port/charts" --ca-file "$pki/ca.crt"

# --- the real node and the KSML runner's image --------------------------------------------------
real_node_env="KSML_REAL_NODE_UNAVAILABLE=\"$real_node_unavailable\""
if [[ -z "$real_node_unavailable" ]]; then
  ksml_image="127.0.0.1:$registry_port/ksml/ksml:$KSML_VERSION"
  ( # the registry as registry_push and node.sh read it
    export KSML_REGISTRY_HOST="127.0.0.1:$registry_port" KSML_REGISTRY_USERNAME="$registry_user" \
      KSML_REGISTRY_PASSWORD="$registry_password" KSML_REGISTRY_CA_FILE="$pki/ca.crt"
    registry_push "$bin/ksml-runner-image" "$ksml_image"
    bash "$here/node.sh" start
  )
  # A Prometheus that scrapes the real node's runners (the source of longer history). Without
  # it the test bed still runs: the tests that need it fail with the reason.
  log "prometheus: starting (a cold build from its Go module takes 2-3 minutes)"
  prometheus_env="$(bash "$here/prometheus.sh" start 2>"$TESTBED_DIR/logs/prometheus-start.log")" || {
    prometheus_env="KSML_PROMETHEUS_UNAVAILABLE=\"$(tail -1 "$TESTBED_DIR/logs/prometheus-start.log" | sed 's/"/'"'"'/g')\""
    log "no Prometheus: see $TESTBED_DIR/logs/prometheus-start.log"
  }
  real_node_env="$prometheus_env
KSML_REAL_NODE_NAME=$KSML_REAL_NODE_NAME
KSML_REAL_NODE_TAINT=$KSML_REAL_NODE_TAINT
KSML_REAL_NODE_VOLUMES=$TESTBED_DIR/node/volumes
KSML_RUNNER_IMAGE=$ksml_image"
  log "real node $KSML_REAL_NODE_NAME Ready; runner image $ksml_image"
fi

# --- PostgreSQL: a private cluster for database tests (and the portal, if asked) --------------
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$pgbin/pg_ctl" ]] || { log "missing PostgreSQL server (install: apt-get install postgresql)"; false; }
pg_version="$("$pgbin/pg_ctl" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')"
# initdb refuses to run as root: as root, the cluster belongs to the postgres user, in a folder
# of its own outside our 0700 state folder.
pgdir="$(mktemp -d /tmp/ksml-testbed-pg.XXXXXX)"
echo "$pgdir" >"$TESTBED_DIR/postgres-dir"
as_pg=()
if [[ $EUID == 0 ]]; then
  chown postgres: "$pgdir"
  as_pg=(runuser -u postgres --)
fi
pg_port="$(free_port)"
pg_password="$(openssl rand -hex 16)"
(umask 077 && printf '%s\n' "$pg_password" >"$pgdir/pwfile")
[[ $EUID == 0 ]] && chown postgres: "$pgdir/pwfile"
quiet "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U ksml --pwfile="$pgdir/pwfile" --auth=scram-sha-256
rm -f "$pgdir/pwfile"
quiet "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $pgdir -c listen_addresses=127.0.0.1" start
log "postgres $pg_version on 127.0.0.1:$pg_port"

# --- env file -------------------------------------------------------------------------------
umask 077
cat >"$TESTBED_ENV.tmp" <<EOF
# Written by test/testbed/up.sh; removed by down.sh. Shell and dotenv syntax.
KSML_TESTBED_DIR=$TESTBED_DIR
KSML_TESTBED_BIN=$bin
KUBECONFIG=$TESTBED_DIR/kubeconfig
KSML_KUBE_CONTEXT=kwok-$TESTBED_CLUSTER
KSML_HELM_BINARY=$bin/helm
KSML_KUBECTL_BINARY=$bin/kubectl
KSML_REGISTRY_HOST=127.0.0.1:$registry_port
KSML_REGISTRY_URL=oci://127.0.0.1:$registry_port/charts
KSML_REGISTRY_USERNAME=$registry_user
KSML_REGISTRY_PASSWORD=$registry_password
KSML_REGISTRY_CA_FILE=$pki/ca.crt
KSML_REGISTRY_CA_FILE_BASE64=$pki/ca.crt.b64
KSML_CHART_NAME=ksml
KSML_CHART_VERSION=$chart_version
KSML_PUBLIC_CHART=$bin/ksml-chart
KSML_POSTGRES_VERSION=$pg_version
KSML_POSTGRES_URL=postgresql://ksml:$pg_password@127.0.0.1:$pg_port/postgres
KSML_LIVE_LOG=$TESTBED_DIR/live-log.txt
$real_node_env
$kafka_env
EOF
mv "$TESTBED_ENV.tmp" "$TESTBED_ENV"
trap - ERR
log "up in $((SECONDS - started))s: $TESTBED_ENV"
echo "$TESTBED_ENV"
