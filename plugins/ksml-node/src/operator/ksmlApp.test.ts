import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import type { KsmlAppObject } from '@ksml-backstage/plugin-ksml-common';
import { deployRequestOfApp, ksmlAppManifest, ksmlAppRef } from './ksmlApp';

const jaas =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";';
const request = deployRequestSchema.parse({
  ...readmeDeployRequest,
  kafkaProperties: {
    ...readmeDeployRequest.kafkaProperties,
    'sasl.jaas.config': jaas,
  },
});

describe('ksmlAppManifest', () => {
  it('keeps secret Kafka properties out of the spec and names the Secret and its keys', () => {
    const { manifest, secret } = ksmlAppManifest(request, {
      namespace: 'apps',
    });
    expect(manifest).toMatchObject({
      apiVersion: 'ksml-backstage.io/v1alpha1',
      kind: 'KsmlApp',
      metadata: {
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
        namespace: 'apps',
      },
      spec: {
        tenant: 'dizzl',
        application: 'sensor-inspector',
        replicas: 1,
        definition: readmeDeployRequest.definition,
        kafkaProperties: readmeDeployRequest.kafkaProperties,
        kafkaSecretRef: {
          name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka-properties',
        },
      },
    });
    expect(JSON.stringify(manifest)).not.toContain('password');
    expect(secret).toEqual({
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka-properties',
      keys: ['sasl.jaas.config'],
    });
  });

  it('has no Secret for an app without secrets, and no namespace unless given', () => {
    const plain = deployRequestSchema.parse(readmeDeployRequest);
    const { manifest, secret } = ksmlAppManifest(plain, { name: 'x' });
    expect(secret).toBeUndefined();
    expect(manifest.spec.kafkaSecretRef).toBeUndefined();
    expect(manifest.metadata).not.toHaveProperty('namespace');
  });
});

describe('deployRequestOfApp', () => {
  const app = (spec: object): KsmlAppObject => ({
    ...ksmlAppManifest(request, { name: 'orders' }).manifest,
    metadata: { name: 'orders', namespace: 'apps', generation: 1 },
    spec: { ...ksmlAppManifest(request).manifest.spec, ...spec },
  });

  it('is the request the manifest was made from, with the Secret read back', () => {
    expect(deployRequestOfApp(app({}), { 'sasl.jaas.config': jaas })).toEqual(
      request,
    );
  });

  it('takes the application from the name when the spec has none', () => {
    const made = app({ application: undefined });
    expect(ksmlAppRef(made).application).toBe('orders');
    expect(deployRequestOfApp(made, {}).application).toBe('orders');
  });

  it('refuses what POST /deploy refuses, naming the field', () => {
    expect(() => deployRequestOfApp(app({ replicas: 500 }), {})).toThrow(
      'Invalid KsmlApp spec: replicas: must be at most',
    );
    expect(() =>
      deployRequestOfApp(
        app({ definition: 'pipelines:\n  p:\n    to: x\n' }),
        {},
      ),
    ).toThrow(/^Invalid KsmlApp spec: definition: .*pipelines\.p\.from/);
  });

  it('refuses a secret written in the spec itself', () => {
    expect(() =>
      deployRequestOfApp(
        app({
          kafkaProperties: {
            ...readmeDeployRequest.kafkaProperties,
            'ssl.key.password': 'x',
          },
        }),
        {},
      ),
    ).toThrow(
      'Invalid KsmlApp spec: kafkaProperties["ssl.key.password"]: is a secret; put it in the Secret that kafkaSecretRef names, not in the spec',
    );
  });
});
