#!/usr/bin/env bash
# `npm start`: installs what is missing, starts the local test bed (cluster, registry, chart)
# and then the dev portal (packages/app + packages/backend) against it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install.sh
env_file="$(bash test/testbed/up.sh)"
echo "[start] test bed up: $env_file (stop it with: npm run testbed:down)"
set -a
# shellcheck disable=SC1090
source "$env_file"
set +a

# The namespaces of app-config.yaml's ksml.environments (dev, stag, prod). The KSML plugin only
# needs namespace-scoped rights, so it does not create them; an admin does, as here.
for namespace in ksml-dev ksml-stag ksml-prod; do
  out="$("$KSML_KUBECTL_BINARY" --kubeconfig "$KUBECONFIG" --context "$KSML_KUBE_CONTEXT" \
    create namespace "$namespace" 2>&1)" || [[ "$out" == *AlreadyExists* ]] || {
    echo "[start] could not create namespace $namespace: $out" >&2
    exit 1
  }
done

# The stag environment is served by a standalone provisioner (packages/provisioner) on :7008,
# as a platform would run one inside each cluster; the backend reaches it over HTTP with basic
# auth (app-config.yaml, ksml.environments.stag.provisioner). Credentials are made per start.
# The prod environment is in operator mode: a second provisioner (:7009) reconciles the KsmlApps
# the backend writes to ksml-prod.
mkdir -p .ksml-portal
KSML_PROVISIONER_USERNAME=portal
KSML_PROVISIONER_PASSWORD="$(openssl rand -hex 16)"
export KSML_PROVISIONER_USERNAME KSML_PROVISIONER_PASSWORD
# The dev portal checks each answer of its routes against the contract (a 500 naming the
# difference), as the tests do; a production backend does not.
export KSML_CHECK_RESPONSES="${KSML_CHECK_RESPONSES:-1}"

# start_provisioner NAME PORT NAMESPACE [VAR=VALUE...]: runs one in the background, replacing
# the one a previous start left.
start_provisioner() {
  local name="$1" port="$2" namespace="$3"
  shift 3
  if [[ -f ".ksml-portal/$name.pid" ]]; then
    kill "$(cat ".ksml-portal/$name.pid")" 2>/dev/null || true
  fi
  (
    cd packages/provisioner
    env -i PATH="$KSML_TESTBED_BIN:$PATH" HOME="$HOME" KUBECONFIG="$KUBECONFIG" KUBE_CONTEXT="$KSML_KUBE_CONTEXT" \
      PORT="$port" NAMESPACE="$namespace" KSML_CHECK_RESPONSES="$KSML_CHECK_RESPONSES" REGISTRY_URL="$KSML_REGISTRY_URL" CHART_NAME="$KSML_CHART_NAME" \
      CHART_VERSION="$KSML_CHART_VERSION" REGISTRY_AUTH_ENABLED=true \
      REGISTRY_USERNAME="$KSML_REGISTRY_USERNAME" REGISTRY_PASSWORD="$KSML_REGISTRY_PASSWORD" \
      CLIENT_CA_FILE="$KSML_REGISTRY_CA_FILE_BASE64" BASIC_AUTH_ENABLED=true \
      BASIC_AUTH_USERNAME="$KSML_PROVISIONER_USERNAME" BASIC_AUTH_PASSWORD="$KSML_PROVISIONER_PASSWORD" "$@" \
      bash "$root/scripts/with-node.sh" node --require @backstage/cli/config/nodeTransform.cjs src/main.ts \
      >"$root/.ksml-portal/$name.log" 2>&1 &
    echo $! >"$root/.ksml-portal/$name.pid"
  )
}
# stag runs the real KSML runner on the test bed's real node, when it has one: the runner
# image's pull Secret in ksml-stag, and the chart values that place apps on the node with that
# image as the stag provisioner's CUSTOM_VALUES_FILE (as a platform sets its own registry and
# node pool). dev and prod stay on kwok's nodes, where the template's Avro starters run without
# a schema registry.
stag_values="$(bash scripts/with-node.sh node --require @backstage/cli/config/nodeTransform.cjs \
  test/testbed/src/devPortal/realRunners.ts ksml-stag "$root/.ksml-portal/stag-values.yaml")"
if [[ -n "$stag_values" ]]; then
  start_provisioner provisioner 7008 ksml-stag CUSTOM_VALUES_FILE="$stag_values"
  export KSML_SEED_REAL_ENVIRONMENTS=stag
  # The test bed's Prometheus scrapes the real node's runners: stag's trends longer than an
  # hour (Backstage reads APP_CONFIG_* variables as config).
  export APP_CONFIG_ksml_environments_stag_prometheus_url="$KSML_PROMETHEUS_URL"
  echo "[start] provisioner for stag, on real KSML runners: http://localhost:7008 (log: .ksml-portal/provisioner.log)"
else
  start_provisioner provisioner 7008 ksml-stag
  echo "[start] provisioner for stag: http://localhost:7008 (log: .ksml-portal/provisioner.log)"
fi
start_provisioner operator 7009 ksml-prod OPERATOR_MODE=true
echo "[start] operator for prod (KsmlApps in ksml-prod; log: .ksml-portal/operator.log)"

# Deploy the example apps once the backend is ready (in the background, so `npm start` stays
# one command; it ends with Ctrl-C like the portal).
bash scripts/seed-examples.sh &

echo "[start] portal: http://localhost:3000 (backend http://localhost:7007), signed in as guest"
# The app (packages/app, webpack/rspack dev server on :3000) and the backend (packages/backend,
# :7007, run from packages/backend so relative paths in app-config.yaml resolve from there).
exec bash scripts/with-node.sh backstage-cli repo start
