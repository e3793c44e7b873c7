#!/usr/bin/env node
/*
 * Helm post-renderer of the KSML provisioner (docs/adr/0006-secrets-through-a-post-renderer.md).
 *
 *   helm upgrade --install ... --post-renderer <node> \
 *     --post-renderer-args <this file> --post-renderer-args <patch.json>
 *
 * Reads the chart's rendered manifests on stdin and writes them to stdout with the patch applied
 * to the one workload it names: environment variables (from a Secret) merged by name into its
 * container, as a strategic merge patch would, and annotations added to its pod template. The patch file holds names and Secret
 * references only, never secret values (see SecretEnvPatch in src/chart/secretDelivery.ts).
 * Exits 1, so Helm applies nothing, when the workload or its container is missing: a deploy
 * must never start without its secrets.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { parseAllDocuments, stringify } = require('yaml');

/** Applies a SecretEnvPatch to multi-document YAML text; throws when it cannot. */
function applySecretEnvPatch(manifests, patch) {
  let applied = 0;
  const out = [];
  for (const doc of parseAllDocuments(manifests)) {
    if (doc.errors.length > 0)
      throw new Error(
        `cannot parse the chart's output: ${doc.errors[0].message}`,
      );
    const object = doc.toJS();
    if (!object) continue;
    if (
      object.kind !== patch.kind ||
      (object.metadata && object.metadata.name) !== patch.name
    ) {
      out.push(doc.toString());
      continue;
    }
    const template = object.spec && object.spec.template;
    const containers =
      (template && template.spec && template.spec.containers) || [];
    const container = containers.find(c => c.name === patch.container);
    if (!container) {
      throw new Error(
        `${patch.kind} ${patch.name} has no container "${patch.container}"`,
      );
    }
    // First, then the chart's own: the order a kustomize strategic merge patch gives (GitOps),
    // so direct and GitOps deploys give the same container.
    const names = new Set(patch.env.map(e => e.name));
    container.env = [
      ...patch.env,
      ...(container.env || []).filter(e => !names.has(e.name)),
    ];
    template.metadata = template.metadata || {};
    template.metadata.annotations = {
      ...template.metadata.annotations,
      ...patch.podAnnotations,
    };
    out.push(stringify(object));
    applied++;
  }
  if (applied === 0) {
    throw new Error(`the chart rendered no ${patch.kind} named ${patch.name}`);
  }
  return out
    .map(text => (text.endsWith('\n') ? text : `${text}\n`))
    .join('---\n');
}

module.exports = { applySecretEnvPatch };

if (require.main === module) {
  try {
    const patch = JSON.parse(readFileSync(process.argv[2], 'utf8'));
    process.stdout.write(applySecretEnvPatch(readFileSync(0, 'utf8'), patch));
  } catch (error) {
    process.stderr.write(`ksml post-renderer: ${error.message}\n`);
    process.exit(1);
  }
}
