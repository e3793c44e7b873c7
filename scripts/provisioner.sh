#!/usr/bin/env bash
# `npm run provisioner`: the standalone KSML provisioner from this repository, configured only by
# environment variables (the KSML Provisioner 0.5.0 readme's: NAMESPACE, REGISTRY_URL,
# CHART_NAME, CHART_VERSION, ...; see packages/provisioner/README.md). Installs the npm
# dependencies first when needed. helm must be on PATH (or HELM_BINARY set); KUBECONFIG selects a
# cluster for a local run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/install.sh"
cd "$root/packages/provisioner"
exec bash "$root/scripts/with-node.sh" node --require @backstage/cli/config/nodeTransform.cjs src/main.ts
