#!/usr/bin/env bash
# Builds the test bed's binaries from pinned Go modules into a cache outside the clone.
#
#   bash test/testbed/build.sh            # build what is missing, print the bin folder
#
# Every tool lands in "$KSML_TESTBED_CACHE/<tool>-<version>/" and is marked complete with a
# ".built" file written last, so an interrupted build is redone and a finished one is skipped.
# A fresh clone on the same machine reuses the cache; a version bump rebuilds only that tool.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=ksml/runner.sh
source "$here/ksml/runner.sh"
# shellcheck source=ksml/image.sh
source "$here/ksml/image.sh"

cache="$TESTBED_CACHE"
bin="$cache/bin"
mkdir -p "$cache" "$bin"

export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

# One build at a time per cache (npm test and npm start may both call this).
exec 9>"$cache/.lock"
flock 9
rm -rf "$cache"/wrap.* # wrapper modules of an interrupted build

# done_or_build TOOL VERSION FUNCTION: runs FUNCTION DEST unless DEST/.built exists.
done_or_build() {
  local tool="$1" version="$2" fn="$3"
  local dest="$cache/$tool-$version"
  # The marker holds a digest of the build function: changing how a tool is built rebuilds it.
  local recipe
  recipe="$(declare -f "$fn" | sha256sum | cut -c1-16)"
  if [[ -f "$dest/.built" && "$(cat "$dest/.built")" == "$recipe" ]]; then
    log "$tool $version: cached"
  else
    log "$tool $version: building (this can take a while on a cold machine)"
    local started=$SECONDS
    rm -rf "$dest" && mkdir -p "$dest"
    "$fn" "$dest" "$version"
    echo "$recipe" >"$dest/.built"
    log "$tool $version: built in $((SECONDS - started))s"
  fi
  # Stable names in one bin folder, so callers need not know versions.
  local f
  for f in "$dest"/*; do
    if [[ -x "$f" && -f "$f" ]]; then ln -sfn "$f" "$bin/$(basename "$f")"; fi
  done
}

# A throwaway wrapper module: some tools cannot be `go install`ed because their own go.mod
# has replace directives, so we require them from a module of ours instead.
wrapper() {
  local dir
  dir="$(mktemp -d "$cache/wrap.XXXXXX")"
  (cd "$dir" && go mod init ksml.local/testbed-wrapper >/dev/null 2>&1)
  echo "$dir"
}

# copy_from_module MODULE@VERSION DIR DEST: copies a folder of a module's source (config and
# manifests that the binaries expect beside them) out of the read-only module cache.
copy_from_module() {
  local src
  src="$(go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')"
  [[ -d "$src/$2" ]] || { log "no $2 in $1"; return 1; }
  mkdir -p "$(dirname "$3")"
  cp -r "$src/$2" "$3"
  chmod -R u+w "$3"
}

# file_from_module_zip MODULE@VERSION FILE DIR: copies one file out of a module's zip in Go's
# module cache. `go mod download` checks the zip against the checksum database before it looks
# at the module's go directive, so a module that asks for a newer Go than ours (source-controller
# v1.10 wants 1.27) still yields a verified zip: only its JSON "Error" and exit status say so,
# and that does not matter here, since we build nothing from it.
file_from_module_zip() {
  local json zip
  json="$(go mod download -json "$1")" || true
  zip="$(sed -n 's/.*"Zip": "\(.*\)",*/\1/p' <<<"$json")"
  [[ -f "$zip" ]] || { log "go mod download $1 failed: $json"; return 1; }
  python3 - "$zip" "$1/$2" "$3/$(basename "$2")" <<'PY'
import sys, zipfile
zip_path, entry, dest = sys.argv[1:]
with zipfile.ZipFile(zip_path) as z:
    if entry not in z.namelist():
        sys.exit(f"[testbed] no {entry} in {zip_path}")
    with open(dest, "wb") as out:
        out.write(z.read(entry))
PY
}

build_helm() {
  GOBIN="$1" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$2" \
    "helm.sh/helm/v3/cmd/helm@$2"
}

build_registry() {
  GOBIN="$1" go install -trimpath -ldflags "-s -w" \
    "github.com/distribution/distribution/v3/cmd/registry@$2"
}

# crane (go-containerregistry): assembles and pushes the provisioner's OCI image without a
# container engine (packages/provisioner/image/build.sh).
build_crane() {
  GOBIN="$1" go install -trimpath -ldflags "-s -w" \
    "github.com/google/go-containerregistry/cmd/crane@$2"
}

build_kwok() {
  local ld="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${2#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBERNETES_VERSION#v}"
  GOBIN="$1" go install -trimpath -ldflags "$ld" "sigs.k8s.io/kwok/cmd/kwok@$2" "sigs.k8s.io/kwok/cmd/kwokctl@$2"
  # kwok's own configs, used by up.sh: stages (node and pod lifecycles, volume provisioning)
  # and metrics (the kubelet resource-metrics endpoint that metrics-server scrapes).
  copy_from_module "sigs.k8s.io/kwok@$2" kustomize/stage "$1/kustomize/stage"
  copy_from_module "sigs.k8s.io/kwok@$2" kustomize/metrics "$1/kustomize/metrics"
}

build_metrics_server() {
  # kwokctl reads the version from `metrics-server --version` to pick its flags.
  GOBIN="$1" go install -trimpath -ldflags "-s -w -X k8s.io/client-go/pkg/version.gitVersion=$2" \
    "sigs.k8s.io/metrics-server/cmd/metrics-server@$2"
  # The release manifest kwokctl would download; it keeps the Service and APIService of it.
  copy_from_module "sigs.k8s.io/metrics-server@$2" manifests/base "$1/manifests"
}

build_etcd() {
  local dest="$1" version="$2" dir
  dir="$(wrapper)"
  (
    cd "$dir"
    go get "go.etcd.io/etcd/server/v3@$version" >&2
    go build -trimpath -ldflags "-s -w" -o "$dest/etcd" go.etcd.io/etcd/server/v3
  )
  rm -rf "$dir"
}

# kubernetes_build DEST VERSION CMD...: builds k8s.io/kubernetes/cmd/CMD of that version into
# DEST. Kubernetes' own go.mod points every k8s.io/<staging> module at ./staging/src/...; a
# module that requires k8s.io/kubernetes must replace each of those with the matching v0.x
# version.
kubernetes_build() {
  local dest="$1" version="$2" dir gomod staging
  shift 2
  local minor="${version#v1.}"; minor="${minor%%.*}"
  local staging_version="v0.${version#v1.}"
  dir="$(wrapper)"
  (
    cd "$dir"
    gomod="$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
    staging="$(sed -n 's#^[[:space:]]*\(k8s.io/[^ ]*\) => ./staging/src/.*#\1#p' "$gomod")"
    {
      echo "require k8s.io/kubernetes $version"
      for m in $staging; do echo "replace $m => $m $staging_version"; done
    } >>go.mod
    local ld="-s -w"
    local v
    for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ld="$ld -X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
      ld="$ld -X $v.buildDate=1970-01-01T00:00:00Z"
    done
    GOFLAGS="$GOFLAGS -mod=mod" go mod download k8s.io/kubernetes >&2
    local cmd
    for cmd in "$@"; do
      log "  go build $cmd"
      GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "$ld" -o "$dest/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done
  )
  rm -rf "$dir"
}

build_kubernetes() {
  kubernetes_build "$1" "$2" kube-apiserver kube-controller-manager kube-scheduler kubectl
}

# The real node's kubelet (node.sh), from the same module.
build_kubelet() {
  kubernetes_build "$1" "$2" kubelet
}

# The pod sandbox's pause process, from the Kubernetes module's own pause.c (registry.k8s.io
# is out of reach), as a one-layer image layout that node.sh pushes to the test bed registry.
build_pause() {
  local dest="$1" version="$2" src work
  need_cmd gcc "apt-get install gcc"
  src="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')"
  work="$(mktemp -d "$cache/wrap.XXXXXX")"
  mkdir -p "$work/rootfs"
  gcc -Os -Wall -Werror -static -DVERSION="v$version" -o "$work/rootfs/pause" \
    "$src/build/pause/linux/pause.c"
  strip "$work/rootfs/pause"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" .
  gzip -n "$work/layer.tar"
  oci_layout "$work/layer.tar.gz" "$dest/oci" '{"Entrypoint": ["/pause"], "User": "65535:65535"}' >/dev/null
  rm -rf "$work"
}

# Flux's and Argo CD's CRDs (no controllers): crds.sh applies them so the API server validates
# manifests of those kinds against their real schemas. Only the five files are kept here; the
# module zips (argo-cd's is ~58 MB) stay in Go's module cache like every other source, and the
# .built marker keeps a second build.sh run (up.sh after npm test's) from fetching again.
build_crds() {
  file_from_module_zip "github.com/fluxcd/source-controller@$FLUX_SOURCE_CONTROLLER_VERSION" \
    config/crd/bases/source.toolkit.fluxcd.io_ocirepositories.yaml "$1"
  file_from_module_zip "github.com/fluxcd/source-controller@$FLUX_SOURCE_CONTROLLER_VERSION" \
    config/crd/bases/source.toolkit.fluxcd.io_helmrepositories.yaml "$1"
  file_from_module_zip "github.com/fluxcd/helm-controller@$FLUX_HELM_CONTROLLER_VERSION" \
    config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml "$1"
  file_from_module_zip "github.com/fluxcd/kustomize-controller@$FLUX_KUSTOMIZE_CONTROLLER_VERSION" \
    config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml "$1"
  file_from_module_zip "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION" \
    manifests/crds/application-crd.yaml "$1"
}

# Prometheus, for the longer history of runners' metrics (prometheus.sh scrapes the real node's
# runner pods). The web UI's assets are not embedded (no `builtinassets` tag): only its HTTP API
# is used, and it needs none. Its service discoveries are left out but Kubernetes' (the only one
# prometheus.sh configures): `remove_all_sd` drops the cloud SDKs (AWS, Azure, GCE, OpenStack,
# ...), most of a cold build's time.
build_prometheus() {
  local v="github.com/prometheus/common/version"
  GOBIN="$1" go install -trimpath -tags remove_all_sd,enable_kubernetes_sd -ldflags "-s -w -X $v.Version=${PROMETHEUS_RELEASE} -X $v.Branch=release" \
    "github.com/prometheus/prometheus/cmd/prometheus@$2"
}

# Apache Kafka's broker (KRaft, one node) from its jars on Maven Central, run on the machine's
# Java (kafka.sh). slf4j-api is pinned to 2.x: Kafka brings 1.7, which ignores an slf4j 2
# binding and logs nothing.
build_kafka() {
  local dir
  need_cmd mvn "apt-get install maven"
  dir="$(mktemp -d "$cache/wrap.XXXXXX")"
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.ksml</groupId>
  <artifactId>testbed-kafka</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$2</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
  local out
  out="$(cd "$dir" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$1/lib" 2>&1)" || { printf '%s\n' "$out" >&2; return 1; }
  rm -rf "$dir"
}

only="${1:-all}"
want() { [[ "$only" == all || " $only " == *" $1 "* ]]; }

want helm && done_or_build helm "$HELM_VERSION" build_helm
want registry && done_or_build registry "$REGISTRY_VERSION" build_registry
want kwok && done_or_build kwok "$KWOK_VERSION" build_kwok
want metrics-server && done_or_build metrics-server "$METRICS_SERVER_VERSION" build_metrics_server
want etcd && done_or_build etcd "$ETCD_VERSION" build_etcd
want kubernetes && done_or_build kubernetes "$KUBERNETES_VERSION" build_kubernetes
want crane && done_or_build crane "$CRANE_VERSION" build_crane
if want kafka; then
  done_or_build kafka "$KAFKA_VERSION" build_kafka
  ln -sfn "$cache/kafka-$KAFKA_VERSION/lib" "$bin/kafka-lib"
fi
if want crds; then
  crds="source-$FLUX_SOURCE_CONTROLLER_VERSION-helm-$FLUX_HELM_CONTROLLER_VERSION-kustomize-$FLUX_KUSTOMIZE_CONTROLLER_VERSION-argocd-$ARGOCD_VERSION"
  done_or_build crds "$crds" build_crds
  ln -sfn "$cache/crds-$crds" "$bin/crds" # files, not binaries: a stable folder name instead
fi

# The public KSML chart, from the KSML source the runner is built from (cheap: no build), for
# every test bed: it is the chart under test. Its key names the source, like the runner's.
if want ksml-chart; then
  ksml_chart_id="$(ksml_source_id)"
  done_or_build ksml-chart "$KSML_VERSION-$ksml_chart_id" build_ksml_chart
  ln -sfn "$cache/ksml-chart-$KSML_VERSION-$ksml_chart_id/ksml" "$bin/ksml-chart"
fi

# The real node's parts only when asked for by name (node.sh): a test bed without one needs none.
if [[ " $only " == *" kubelet "* ]]; then
  done_or_build kubelet "$KUBERNETES_VERSION" build_kubelet
fi
if [[ " $only " == *" prometheus "* ]]; then
  done_or_build prometheus "$PROMETHEUS_VERSION" build_prometheus
fi
if [[ " $only " == *" pause "* ]]; then
  done_or_build pause "$PAUSE_VERSION-$KUBERNETES_VERSION" build_pause
  ln -sfn "$cache/pause-$PAUSE_VERSION-$KUBERNETES_VERSION/oci" "$bin/pause-image"
fi

# The KSML runner and its image only when asked for by name (`build.sh ksml-runner` or
# `build.sh ksml-runner-image`, which needs the runner): nothing runs them until the test bed has
# a real node. Their keys name the source and the recipe (runner.sh, image.sh), so another source
# or a changed recipe is another build.
if [[ " $only " == *" ksml-runner"* ]]; then
  ksml_id="$(ksml_source_id)"
  ksml_id="$ksml_id-$(sha256sum "$here/ksml/runner.sh" | cut -c1-8)"
  done_or_build ksml-runner "$KSML_VERSION-$ksml_id" build_ksml_runner
  ln -sfn "$cache/ksml-runner-$KSML_VERSION-$ksml_id" "$bin/ksml-runner"
fi
if [[ " $only " == *" ksml-runner-image "* ]]; then
  ksml_id="$ksml_id-$(sha256sum "$here/ksml/image.sh" | cut -c1-8)"
  done_or_build ksml-runner-image "$KSML_VERSION-$ksml_id" build_ksml_runner_image
  ln -sfn "$cache/ksml-runner-image-$KSML_VERSION-$ksml_id/oci" "$bin/ksml-runner-image"
fi

echo "$bin"
