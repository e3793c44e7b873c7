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

# Deploy the example apps once the backend is ready (in the background, so `npm start` stays
# one command; it ends with Ctrl-C like the portal).
bash scripts/seed-examples.sh &

echo "[start] portal: http://localhost:3000 (backend http://localhost:7007), signed in as guest"
# The app (packages/app, webpack/rspack dev server on :3000) and the backend (packages/backend,
# :7007, run from packages/backend so relative paths in app-config.yaml resolve from there).
exec bash scripts/with-node.sh backstage-cli repo start
