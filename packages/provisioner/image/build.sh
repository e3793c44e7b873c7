#!/usr/bin/env bash
# Builds the standalone provisioner's OCI image without a container engine, the way distroless
# images are made, and pushes it:
#
#   bash packages/provisioner/image/build.sh REGISTRY/ksml/ksml-provisioner:TAG
#
# The image is one layer: the C and C++ runtime libraries and CA certificates from Debian's own
# packages (apt-get download + dpkg-deb -x, no package manager in the image), the project's
# Node.js binary, the test bed's pinned helm, and the server bundled with esbuild into one file
# (plus the Helm post-render script). It runs as user 65532 (nonroot) with /tmp as its home.
# crane (go-containerregistry) assembles and pushes it. Registry credentials come from
# KSML_IMAGE_REGISTRY_USERNAME / KSML_IMAGE_REGISTRY_PASSWORD (the password on stdin), a private
# CA from SSL_CERT_FILE. Prints the image reference, digest and compressed size.
set -euo pipefail
ref="${1:?usage: build.sh REGISTRY/REPOSITORY:TAG}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

# shellcheck source=../../../test/testbed/lib.sh
source "$root/test/testbed/lib.sh"
# shellcheck source=../../../scripts/node.sh
source "$root/scripts/node.sh"
node_bin="$(readlink -f "$(command -v node)")"
bin="$(bash "$root/test/testbed/build.sh" 2>/dev/null)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{app,nodejs/bin,usr/local/bin,etc/ssl/certs,home/nonroot}

# --- Debian runtime: glibc, libstdc++, libgcc, CA certificates ------------------------------
debian_unpack "$rootfs" libc6 libstdc++6 libgcc-s1 ca-certificates
# ca-certificates builds its bundle at install time; build it here from the same certificates.
cat "$rootfs"/usr/share/ca-certificates/mozilla/*.crt >"$rootfs/etc/ssl/certs/ca-certificates.crt"

# --- Node.js, helm, the server ---------------------------------------------------------------
install -m 0755 "$node_bin" "$rootfs/nodejs/bin/node"
install -m 0755 "$bin/helm" "$rootfs/usr/local/bin/helm"
esbuild=("$root/node_modules/.bin/esbuild" --bundle --platform=node --target=node22 --format=cjs
  --minify --log-level=warning)
"${esbuild[@]}" "$root/packages/provisioner/src/main.ts" --outfile="$rootfs/app/main.cjs" \
  --external:@ksml-backstage/plugin-ksml-node/postrender/inject-secret-env.cjs
"${esbuild[@]}" "$root/plugins/ksml-node/postrender/inject-secret-env.cjs" \
  --outfile="$rootfs/app/post-render.cjs"

# --- users and scratch space -----------------------------------------------------------------
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
  >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
mkdir -p -m 1777 "$rootfs/tmp"

# One layer, reproducible: sorted, fixed times and owners (nonroot owns its home).
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" \
  --exclude=./home/nonroot -cf "$work/layer.tar" .
tar --mtime=@0 --owner=65532 --group=65532 --numeric-owner -C "$rootfs" \
  -rf "$work/layer.tar" ./home/nonroot

# --- assemble and push -----------------------------------------------------------------------
export DOCKER_CONFIG="$work/docker"
host="${ref%%/*}"
crane() { "$bin/crane" "$@" 2>>"$work/crane.log" || { cat "$work/crane.log" >&2; return 1; }; }
if [[ -n "${KSML_IMAGE_REGISTRY_USERNAME:-}" ]]; then
  printf '%s' "${KSML_IMAGE_REGISTRY_PASSWORD:-}" |
    crane auth login "$host" -u "$KSML_IMAGE_REGISTRY_USERNAME" --password-stdin >/dev/null
fi
crane append --oci-empty-base --platform linux/amd64 -f "$work/layer.tar" -t "$ref" >/dev/null
digest="$(crane mutate "$ref" -t "$ref" \
  --entrypoint /nodejs/bin/node,/app/main.cjs \
  --env PATH=/usr/local/bin:/nodejs/bin --env HOME=/tmp --env TMPDIR=/tmp \
  --env HELM_BINARY=/usr/local/bin/helm --env KSML_POST_RENDERER_SCRIPT=/app/post-render.cjs \
  --env NODE_ENV=production \
  --user 65532:65532 --workdir /app \
  --label org.opencontainers.image.title=ksml-provisioner \
  --label org.opencontainers.image.source=https://github.com/ksml-backstage)"
size="$(crane manifest "$digest" | node -e '
  const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(m.layers.reduce((s, l) => s + l.size, 0) + m.config.size)')"
log "pushed $digest ($((size / 1024 / 1024)) MiB compressed, $(($(stat -c %s "$work/layer.tar") / 1024 / 1024)) MiB unpacked)"
echo "$digest"
