#!/usr/bin/env bash
# Installs the Flux (OCIRepository, HelmRepository, HelmRelease, Kustomization) and Argo CD (Application) CRDs into the running
# test bed and waits until the API server serves them, so manifests of those kinds are validated
# against their real schemas (no controller runs: nothing reconciles them); and our own KsmlApp
# CRD (packages/provisioner/chart/crds), which the provisioner's operator mode reconciles. up.sh calls it; run
# alone, it adds them to a test bed started before it existed. Idempotent.
#
#   bash test/testbed/crds.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

kubeconfig="$TESTBED_DIR/kubeconfig"
[[ -f "$kubeconfig" ]] || { log "no test bed at $TESTBED_DIR (start it: npm run testbed:up)"; exit 1; }

bin="$(bash "$here/build.sh" crds)" # cached after the first run
kubectl=("$bin/kubectl" --kubeconfig "$kubeconfig" --request-timeout=60s)

# Server-side apply: Argo CD's Application CRD is larger than the 256 KiB that client-side
# apply's last-applied-configuration annotation may hold. --force-conflicts takes the fields
# over whoever applied them before (an older run, a manual kubectl).
names="$("${kubectl[@]}" apply --server-side --force-conflicts --field-manager=ksml-testbed \
  -o name -f "$bin/crds/" -f "$here/../../packages/provisioner/chart/crds/")"
# shellcheck disable=SC2086 # one argument per CRD
"${kubectl[@]}" wait --for=condition=Established --timeout=60s $names >/dev/null
# kubectl maps kinds through API discovery, which may list a new group a moment after the CRD
# is Established: wait for each group too, so the first manifest of its kinds is not refused.
for crd in $names; do
  group="$("${kubectl[@]}" get "$crd" -o jsonpath='{.spec.group}')"
  wait_for "$group in API discovery" 30 "${kubectl[@]}" get --raw "/apis/$group"
done
log "CRDs established: $(echo $names | sed 's#customresourcedefinition.apiextensions.k8s.io/##g')"
