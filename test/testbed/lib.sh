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

# debian_unpack ROOTFS PACKAGE...: Debian's own packages unpacked into ROOTFS, without a package
# manager in it (apt-get download + dpkg-deb -x), less their docs and locales. For images made
# without a container engine.
debian_unpack() {
  local rootfs="$1" debs deb
  shift
  debs="$(mktemp -d)"
  (cd "$debs" && apt-get download -qq "$@" 2>/dev/null) ||
    { apt-get update -qq && (cd "$debs" && apt-get download -qq "$@"); } || {
    log "apt-get download $* failed"
    rm -rf "$debs"
    return 1
  }
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  rm -rf "$debs" "$rootfs"/usr/share/{doc,man,lintian,locale} "$rootfs"/usr/lib/x86_64-linux-gnu/gconv
}

# oci_layout LAYER.tar.gz DIR CONFIG: an OCI image layout in DIR holding one linux/amd64 image
# of that one layer, whose container config (Entrypoint, Env, User, ...) is the JSON object
# CONFIG. Prints the manifest's digest. Reproducible: the same layer and config give the same
# digest.
oci_layout() {
  python3 - "$@" <<'PY'
import gzip, hashlib, json, os, shutil, sys
layer, out, container_config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs)

def put(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}

def sha256_file(path, opener=open):
    h = hashlib.sha256()
    with opener(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

layer_digest = sha256_file(layer)
shutil.copyfile(layer, os.path.join(blobs, layer_digest))
config = {
    "architecture": "amd64",
    "os": "linux",
    "config": container_config,
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha256_file(layer, gzip.open)]},
}
config_desc = put(json.dumps(config, sort_keys=True).encode())
manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config_desc},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "digest": "sha256:" + layer_digest, "size": os.path.getsize(layer)}],
}
manifest_desc = put(json.dumps(manifest, sort_keys=True).encode())
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
               "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                              **manifest_desc}]}, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
print(manifest_desc["digest"])
PY
}

# registry_push LAYOUT REF: pushes an OCI image layout to the test bed registry with crane, as
# the test bed's user (KSML_REGISTRY_USERNAME / _PASSWORD, CA in KSML_REGISTRY_CA_FILE).
registry_push() {
  local layout="$1" ref="$2" cfg out
  cfg="$(mktemp -d)"
  out="$(
    export DOCKER_CONFIG="$cfg" SSL_CERT_FILE="$KSML_REGISTRY_CA_FILE"
    printf '%s' "$KSML_REGISTRY_PASSWORD" | "$TESTBED_CACHE/bin/crane" auth login "${ref%%/*}" \
      -u "$KSML_REGISTRY_USERNAME" --password-stdin 2>&1 &&
      "$TESTBED_CACHE/bin/crane" push "$layout" "$ref" 2>&1
  )" || {
    rm -rf "$cfg"
    log "pushing $ref failed: $out"
    return 1
  }
  rm -rf "$cfg"
}

# The machine's one real node (node.sh): its name, the bridge its pods sit on and the host's
# address there, and the taint and label that keep every other pod off it.
KSML_REAL_NODE_NAME=ksml-real-node
KSML_REAL_NODE_BRIDGE=ksml-testbed0
KSML_REAL_NODE_IP=10.244.77.1
# The addresses kwok gives its pods (kwok-controller's default range, grown past /24 as pods
# are made): nothing listens there, so the real node's bring-up makes them unreachable on this
# machine, and a dial to one (the API server's pod proxy to a kwok pod) fails at once instead of
# leaving the machine by its default route.
KSML_KWOK_POD_CIDR=10.0.0.0/16
KSML_REAL_NODE_TAINT=ksml.io/real-node
