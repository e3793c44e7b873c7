import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SecretEnvPatch } from '../chart/secretDelivery';

// The post-renderer script as Helm runs it: a separate Node.js process, manifests on stdin.
const script = require.resolve(
  '@ksml-backstage/plugin-ksml-node/postrender/inject-secret-env.cjs',
);

const manifests = `---
# Source: ksml/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: app-ksml
spec:
  ports: [{port: 80}]
---
# Source: ksml/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: app-ksml
spec:
  template:
    metadata:
      annotations:
        checksum/config: abc
    spec:
      containers:
        - name: ksml
          env:
            - name: KSML_GROUP_INSTANCE_ID
              value: $(KSML_K8S_POD_NAME)
            - name: KSML_SECRET_SASL_JAAS_CONFIG
              value: stale
`;

const patch: SecretEnvPatch = {
  kind: 'StatefulSet',
  name: 'app-ksml',
  container: 'ksml',
  env: [
    {
      name: 'KSML_SECRET_SASL_JAAS_CONFIG',
      valueFrom: {
        secretKeyRef: { name: 'app-ksml-kafka', key: 'sasl.jaas.config' },
      },
    },
  ],
  podAnnotations: { 'ksml-backstage/kafka-secret-version': '42' },
};

function postRender(input: string, spec: object) {
  const dir = mkdtempSync(join(tmpdir(), 'post-render-test-'));
  try {
    writeFileSync(join(dir, 'patch.json'), JSON.stringify(spec));
    return spawnSync(process.execPath, [script, join(dir, 'patch.json')], {
      input,
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Helm post-renderer script', () => {
  it('merges the env by name into the container and adds the pod annotations, leaving the rest', () => {
    const run = postRender(manifests, patch);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const objects = parseAllDocuments(run.stdout).map(d => d.toJS());
    expect(objects.map(o => o.kind)).toEqual(['Service', 'StatefulSet']);
    expect(objects[0].spec).toEqual({ ports: [{ port: 80 }] });
    const template = objects[1].spec.template;
    expect(template.spec.containers[0].env).toEqual([
      patch.env[0],
      { name: 'KSML_GROUP_INSTANCE_ID', value: '$(KSML_K8S_POD_NAME)' },
    ]);
    expect(template.metadata.annotations).toEqual({
      'checksum/config': 'abc',
      'ksml-backstage/kafka-secret-version': '42',
    });
  });

  it.each([
    [
      { ...patch, name: 'other-ksml' },
      'the chart rendered no StatefulSet named other-ksml',
    ],
    [
      { ...patch, container: 'runner' },
      'StatefulSet app-ksml has no container "runner"',
    ],
  ])(
    'fails, so Helm applies nothing, when the workload cannot get its secrets (%#)',
    (spec, message) => {
      const run = postRender(manifests, spec);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    },
  );
});
