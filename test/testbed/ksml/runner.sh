#!/usr/bin/env bash
# The KSML runner and the public KSML chart, built from KSML's own source (sourced by build.sh).
#
# Where the source comes from, first found wins:
#   1. KSML_SOURCE: a KSML source folder, or a .tar.gz of one (one top folder inside);
#   2. the vendored archive ../shared/vendor/ksml-$KSML_VERSION-src.tar.gz beside the clone;
#   3. the archive of that version a test bed of this machine last built from (its path is kept
#      in the cache), for a clone elsewhere on the machine;
#   4. upstream's tag $KSML_VERSION from https://github.com/Axual/ksml (a machine with internet).
# Built with a JDK 23 or newer (KSML's java.release): KSML_JAVA_HOME, JAVA_HOME, or one in
# /usr/lib/jvm. The build leaves out the Confluent serializers (ADR 17): their jars are only on
# Confluent's own Maven repository, which the machines here cannot reach.
#
# The result, in "$TESTBED_CACHE/ksml-runner-<version>-<source id>-<recipe>/" (build.sh):
#   ksml.jar, libs/      the runner, laid out as upstream's image has them (/opt/ksml)
#   ksml-test.jar        KSML's test runner (ksml-test-runner), its jars merged into libs/ as in
#                        upstream's image (each jar's manifest names the libs it loads)
#   chart/ksml/          packaging/helm-charts/ksml, unchanged
#   upstream/            upstream's Dockerfile and entrypoint.sh, for the image's layout
#   java-home            a symlink to the JDK it was built with (the image's runtime comes from it)

# ksml_vendored_archive: the archive beside the clone, which CI has at ../shared from the root.
ksml_vendored_archive() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
  echo "$root/../shared/vendor/ksml-$KSML_VERSION-src.tar.gz"
}

# ksml_source: which source the runner is built from, as "folder PATH", "archive PATH" or
# "upstream" (the order of the header above). The one place that decides it.
ksml_source() {
  if [[ -n "${KSML_SOURCE:-}" ]]; then
    if [[ -f "$KSML_SOURCE/pom.xml" ]]; then
      echo "folder $KSML_SOURCE"
    elif [[ -f "$KSML_SOURCE" ]]; then
      echo "archive $KSML_SOURCE"
    else
      log "KSML_SOURCE=$KSML_SOURCE is neither a KSML source folder (no pom.xml) nor an archive"
      return 1
    fi
  elif [[ -f "$(ksml_vendored_archive)" ]]; then
    mkdir -p "$TESTBED_CACHE"
    ksml_vendored_archive >"$(ksml_last_archive_record)"
    echo "archive $(ksml_vendored_archive)"
  elif [[ -f "$(cat "$(ksml_last_archive_record)" 2>/dev/null)" ]]; then
    echo "archive $(cat "$(ksml_last_archive_record)")"
  else
    echo "upstream"
  fi
}

# ksml_last_archive_record: the cache file that names the vendored archive last used for
# $KSML_VERSION on this machine.
ksml_last_archive_record() {
  echo "$TESTBED_CACHE/ksml-$KSML_VERSION-archive-path"
}

# ksml_source_id: a short name for that source, part of the runner's cache key (another source
# is another build).
ksml_source_id() {
  local chosen kind path
  chosen="$(ksml_source)" || return 1
  read -r kind path <<<"$chosen"
  case "$kind" in
    archive) echo "archive-$(sha256sum "$path" | cut -c1-12)" ;;
    # A working tree: its sources' names, sizes and times, so an edit rebuilds.
    folder) echo "folder-$(cd "$path" && find . -path ./workspace -prune -o -type f \
      \( -name '*.java' -o -name 'pom.xml' -o -path './packaging/*' \) -printf '%p %s %T@\n' |
      sort | sha256sum | cut -c1-12)" ;;
    *) echo "$kind" ;;
  esac
}

# ksml_unpack DIR: puts the KSML source into DIR/src.
ksml_unpack() {
  local dir="$1" chosen kind path
  chosen="$(ksml_source)" || return 1
  read -r kind path <<<"$chosen"
  case "$kind" in
    folder)
      cp -r "$path" "$dir/src"
      rm -rf "$dir/src/.git"
      ;;
    archive)
      mkdir -p "$dir/src"
      tar -xzf "$path" -C "$dir/src" --strip-components=1
      ;;
    upstream)
      log "no KSML source in KSML_SOURCE or at $(ksml_vendored_archive); trying upstream's tag $KSML_VERSION"
      GIT_TERMINAL_PROMPT=0 timeout 120 git clone -q --depth 1 --branch "$KSML_VERSION" \
        https://github.com/Axual/ksml "$dir/src" 2>"$dir/git.log" || {
        log "could not get KSML $KSML_VERSION: set KSML_SOURCE to a KSML source folder or .tar.gz," \
          "put ksml-$KSML_VERSION-src.tar.gz in $(dirname "$(ksml_vendored_archive)")," \
          "or run where github.com is reachable ($(tail -1 "$dir/git.log"))"
        return 1
      }
      ;;
  esac
}

# java_feature HOME: the feature release of the JDK in HOME (25 for 25.0.1), empty if none.
java_feature() {
  [[ -x "$1/bin/java" && -x "$1/bin/javac" && -f "$1/release" ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

# ksml_jdk: the home of a JDK 23 or newer; fails naming where it looked.
ksml_jdk() {
  local home
  for home in "${KSML_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$home" && -d "$home" ]] || continue
    local feature
    feature="$(java_feature "$home")"
    if [[ -n "$feature" ]] && ((feature >= 23)); then
      readlink -f "$home"
      return
    fi
  done
  log "building KSML needs a JDK 23 or newer (javac included); none in KSML_JAVA_HOME," \
    "JAVA_HOME or /usr/lib/jvm. Install one (e.g. Temurin 25) and set KSML_JAVA_HOME to it."
  return 1
}

# ksml_without_confluent SRC: our one change to KSML (ADR 17). Leaves out the three modules
# that wrap Confluent's serializers, the Confluent repository, the runner's dependencies on
# them, and the runner's fallback that registered Confluent's Avro as the default `avro`
# notation when ksml-runner.yaml configures none.
# KSML's test runner (ADR 26) serializes Avro through Confluent's serializer with a mock
# Confluent registry from KSML's own test sources (the `ksml` test-jar, which imports the
# left-out classes). Here it registers KSML's Apicurio Avro notation (`avro`, `apicurio_avro`,
# `confluent_avro`) with KSML's own mock Apicurio registry instead, copied from the same test
# sources; the serializer registers each schema on first use, so the test runner's registry
# population becomes a check that each named schema file exists.
ksml_without_confluent() {
  local mock=io/axual/ksml/data/notation/jsonschema/apicurio/MockApicurioSchemaRegistryClient.java
  mkdir -p "$1/ksml-test-runner/src/main/java/$(dirname "$mock")"
  cp "$1/ksml/src/test/java/$mock" "$1/ksml-test-runner/src/main/java/$mock"
  python3 - "$1" <<'PY'
import re, sys
src = sys.argv[1]

def edit(path, change):
    with open(path) as f:
        text = f.read()
    new = change(text)
    if new == text:
        sys.exit(f"[testbed] KSML source changed: nothing to edit in {path}")
    with open(path, "w") as f:
        f.write(new)

CONFLUENT_MODULES = r"ksml-data-(avro|jsonschema|protobuf)-confluent"
edit(f"{src}/pom.xml", lambda t: re.sub(
    r"\s*<repository>\s*<id>Confluent</id>.*?</repository>", "",
    re.sub(rf"\s*<module>{CONFLUENT_MODULES}</module>", "", t), flags=re.S))
edit(f"{src}/ksml/pom.xml", lambda t: re.sub(
    rf"\s*<dependency>\s*<groupId>io\.axual\.ksml</groupId>\s*<artifactId>{CONFLUENT_MODULES}</artifactId>\s*</dependency>",
    "", t))
runner = f"{src}/ksml-runner/src/main/java/io/axual/ksml/runner/KSMLRunner.java"
def runner_change(t):
    t = re.sub(r"import io\.axual\.ksml\.data\.notation\.avro\.confluent\.ConfluentAvroNotationProvider;\n", "", t)
    return re.sub(
        r"(if \(ksmlConfig\.notations\(\)\.isEmpty\(\)\) \{\n).*?(\n\s*\}\n)",
        lambda m: m.group(1)
        + '                log.warn("No notations configured, and this build of KSML has no Confluent serializers: '
        + 'configure the avro notation (e.g. apicurio_avro) in ksml-runner.yaml to use AVRO.");'
        + m.group(2),
        t, count=1, flags=re.S)
edit(runner, runner_change)

edit(f"{src}/ksml-test-runner/pom.xml", lambda t: re.sub(
    r"\s*<dependency>\s*<groupId>io\.axual\.ksml</groupId>\s*<artifactId>ksml</artifactId>\s*<type>test-jar</type>.*?</dependency>",
    "", t, count=1, flags=re.S))

def context_change(t):
    t = t.replace(
        "import io.axual.ksml.data.notation.avro.confluent.ConfluentAvroNotationProvider;",
        "import io.axual.ksml.data.notation.avro.apicurio.ApicurioAvroNotationProvider;")
    t = t.replace(
        "import io.axual.ksml.data.notation.confluent.MockConfluentSchemaRegistryClient;",
        "import io.axual.ksml.data.notation.jsonschema.apicurio.MockApicurioSchemaRegistryClient;")
    t = t.replace("MockConfluentSchemaRegistryClient", "MockApicurioSchemaRegistryClient")
    t = t.replace("new ConfluentAvroNotationProvider(registryClient)",
                  "new ApicurioAvroNotationProvider(registryClient)")
    # Registering ahead is Confluent's way; Apicurio's serializer registers on first use.
    t = re.sub(
        r"(var schemaFile = Path\.of\(schemaDirectory, schemaName \+ \"\.avsc\"\);\n\n\s*if \(!Files\.exists\(schemaFile\)\) \{.*?\n        \}\n).*?(\n    \}\n\n    /\*\*\n     \* Reset)",
        lambda m: m.group(1) + m.group(2), t, count=1, flags=re.S)
    return t
edit(f"{src}/ksml-test-runner/src/main/java/io/axual/ksml/testrunner/TestExecutionContext.java",
     context_change)
PY
}

# build_ksml_chart DEST: the public KSML chart (packaging/helm-charts/ksml) of the same source,
# unchanged, in DEST/ksml: the chart every test deploys (up.sh packages it as $KSML_VERSION).
build_ksml_chart() {
  local dest="$1" dir
  dir="$(mktemp -d "$TESTBED_CACHE/wrap.XXXXXX")"
  ksml_unpack "$dir"
  [[ -f "$dir/src/packaging/helm-charts/ksml/Chart.yaml" ]] || {
    log "the KSML source has no packaging/helm-charts/ksml"
    return 1
  }
  cp -r "$dir/src/packaging/helm-charts/ksml" "$dest/ksml"
  rm -rf "$dir"
}

build_ksml_runner() {
  local dest="$1" dir jdk
  need_cmd mvn "apt-get install maven"
  jdk="$(ksml_jdk)"
  dir="$(mktemp -d "$TESTBED_CACHE/wrap.XXXXXX")"
  ksml_unpack "$dir"
  ksml_without_confluent "$dir/src"
  log "  mvn package ksml-runner ksml-test-runner (JDK $(java_feature "$jdk"), $jdk)"
  local out
  # -Dmaven.test.skip: the test sources import the Confluent classes left out.
  out="$(cd "$dir/src" && JAVA_HOME="$jdk" mvn -B -q -pl ksml-runner,ksml-test-runner -am package \
    -Dmaven.test.skip=true -Dlicense.skipAddThirdParty=true -Dlicense.skipCheckLicense=true \
    -Dlicense.skipUpdateLicense=true 2>&1)" || {
    printf '%s\n' "$out" | tail -40 >&2
    return 1
  }
  local jar
  jar="$(find "$dir/src/ksml-runner/target" -maxdepth 1 -name 'ksml-runner-*.jar' \
    ! -name '*-sources.jar' ! -name '*-javadoc.jar' | head -1)"
  [[ -n "$jar" && -d "$dir/src/ksml-runner/target/libs" ]] || {
    log "the KSML build made no runner jar and libs/"
    return 1
  }
  mv "$jar" "$dest/ksml.jar"
  mv "$dir/src/ksml-runner/target/libs" "$dest/libs"
  local test_jar="$dir/src/ksml-test-runner/target/ksml-test-runner-$KSML_VERSION.jar"
  [[ -f "$test_jar" ]] || {
    log "the KSML build made no test runner jar"
    return 1
  }
  mv "$test_jar" "$dest/ksml-test.jar"
  # Where the two need another version of a jar, both stay: each loads the ones it names.
  cp -n "$dir/src/ksml-test-runner/target/libs/"* "$dest/libs/"
  mkdir -p "$dest/chart" "$dest/upstream"
  cp -r "$dir/src/packaging/helm-charts/ksml" "$dest/chart/ksml"
  cp "$dir/src/Dockerfile" "$dir/src/entrypoint.sh" "$dir/src/LICENSE.txt" "$dest/upstream/"
  ln -sfn "$jdk" "$dest/java-home"
  rm -rf "$dir"
}
