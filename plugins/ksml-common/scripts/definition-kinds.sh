#!/usr/bin/env bash
# Regenerates plugins/ksml-common/src/definitionKinds.ts, the validator's table of the keys each
# kind of KSML definition mapping has, from KSML's language spec (docs/ksml-language-spec.json)
# in KSML's source: KSML_SOURCE (a source folder or .tar.gz), else the vendored
# ../shared/vendor/ksml-<version>-src.tar.gz. Run it after moving to another KSML release (and
# KSML_VERSION in src/testing/ksmlSource.ts); definitionKinds.test.ts fails until then.
#   bash plugins/ksml-common/scripts/definition-kinds.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
out=plugins/ksml-common/src/definitionKinds.ts
tmp="$(mktemp -d "${TMPDIR:-/tmp}/definition-kinds.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
bash scripts/with-node.sh sucrase-node plugins/ksml-common/scripts/definitionKinds.ts >"$tmp/raw.ts"
bash scripts/with-node.sh prettier --stdin-filepath "$out" <"$tmp/raw.ts" >"$tmp/formatted.ts"
mv "$tmp/formatted.ts" "$out"
echo "wrote $out"
