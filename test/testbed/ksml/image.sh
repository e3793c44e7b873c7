#!/usr/bin/env bash
# The KSML runner's OCI image, made without a container engine (sourced by build.sh).
#
# Laid out as upstream's Dockerfile and entrypoint.sh lay it out: the runner at
# /opt/ksml/ksml.jar with its jars in /opt/ksml/libs/, working dir /home/ksml, user 1024 in
# group 0 (owner of /opt/ksml and its home), and the JDK 24+ branch of upstream's entrypoint as
# the entrypoint. What differs, and why:
#   - the Java runtime is a jlinked Temurin runtime of the JDK the runner was built with (every
#     runtime module, no development tools), not GraalVM: Python functions run on GraalPy's
#     interpreter, as they do on any stock JDK (-Dpolyglot.engine.WarnInterpreterOnly=false
#     quiets the warning that says so);
#   - the base is the C and C++ runtime from Debian's own packages (apt-get download +
#     dpkg-deb -x), not UBI with a shell: the entrypoint is java itself, since the runtime's
#     version is known when the image is made (upstream's script only picks the flags by it);
#   - KSML's test runner (/opt/ksml/ksml-test.jar, as upstream's) is built here without Confluent's
#     serializers (runner.sh), and on this stock JDK it needs -Dorg.graalvm.version (ADR 26).
#
# The result is an OCI image layout in "$TESTBED_CACHE/ksml-runner-image-<version>-<id>/oci",
# one gzipped layer, reproducible (sorted, fixed times and owners), which `crane push` sends to
# a registry as is (registry_push in lib.sh).

# KSML_IMAGE_ENTRYPOINT: upstream's entrypoint for a JDK 24 or newer, plus the interpreter-only
# switch. One place, so the image and the notes that quote it agree.
KSML_IMAGE_ENTRYPOINT=(java --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow -Dpolyglot.engine.WarnInterpreterOnly=false
  -jar /opt/ksml/ksml.jar)

# ksml_jre_modules JAVA_HOME: the JDK's modules a runtime carries (all but its tools and
# incubator modules).
ksml_jre_modules() {
  "$1/bin/java" --list-modules | sed 's/@.*//' |
    grep -Ev '^jdk\.(jlink|jpackage|javadoc|jshell|jdeps|jdi|jdwp\.agent|jartool|jconsole|editpad|hotspot\.agent|jstatd|internal\.ed|internal\.le|internal\.opt|compiler|random|incubator\..*)$' |
    paste -sd, -
}

# build_ksml_runner_image DEST VERSION: the image of the runner built in "$bin/ksml-runner".
build_ksml_runner_image() {
  local dest="$1" runner java_home work rootfs
  runner="$(readlink -f "$bin/ksml-runner")"
  java_home="$(readlink -f "$runner/java-home")"
  [[ -f "$runner/ksml.jar" && -x "$java_home/bin/jlink" ]] || {
    log "the KSML runner is not built (build.sh ksml-runner) or its JDK ($java_home) is gone"
    return 1
  }
  work="$(mktemp -d "$TESTBED_CACHE/wrap.XXXXXX")"
  rootfs="$work/rootfs"
  mkdir -p "$rootfs"/{opt/ksml,home/ksml,etc,tmp}

  # The C and C++ runtime (rocksdbjni and GraalPy load native code) and zlib.
  debian_unpack "$rootfs" libc6 libgcc-s1 libstdc++6 zlib1g

  log "  jlink a Java $(java_feature "$java_home") runtime"
  "$java_home/bin/jlink" --add-modules "$(ksml_jre_modules "$java_home")" --strip-debug \
    --no-man-pages --no-header-files --output "$rootfs/opt/java"

  cp "$runner/ksml.jar" "$rootfs/opt/ksml/ksml.jar"
  cp "$runner/ksml-test.jar" "$rootfs/opt/ksml/ksml-test.jar"
  cp -r "$runner/libs" "$rootfs/opt/ksml/libs"
  mkdir -p "$rootfs/licenses"
  cp "$runner/upstream/LICENSE.txt" "$rootfs/licenses/LICENSE.txt"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nksml:x:1024:0:ksml:/home/ksml:/sbin/nologin\n' \
    >"$rootfs/etc/passwd"
  printf 'root:x:0:\n' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"

  # One layer: root owns the system, ksml (1024:0) owns /opt/ksml and its home, as upstream.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" \
    --exclude=./opt/ksml --exclude=./home/ksml -cf "$work/layer.tar" .
  tar --sort=name --mtime=@0 --owner=1024 --group=0 --numeric-owner -C "$rootfs" \
    -rf "$work/layer.tar" ./opt/ksml ./home/ksml
  gzip -n -6 "$work/layer.tar"
  local config
  config="$(python3 -c 'import json, sys; print(json.dumps({
    "User": "1024", "WorkingDir": "/home/ksml", "Entrypoint": sys.argv[2:],
    "Env": ["PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8",
            "KSML_HOME=/home/ksml", "KSML_INSTALL=/opt/ksml"],
    "Labels": {"org.opencontainers.image.title": "ksml",
               "org.opencontainers.image.version": sys.argv[1],
               "org.opencontainers.image.source": "https://github.com/Axual/ksml",
               "org.opencontainers.image.licenses": "Apache-2.0"}}))' \
    "$KSML_VERSION" "${KSML_IMAGE_ENTRYPOINT[@]}")"
  log "  image $(oci_layout "$work/layer.tar.gz" "$dest/oci" "$config")"
  rm -rf "$work"
}
