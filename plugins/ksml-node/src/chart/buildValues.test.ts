import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { parse } from 'yaml';
import { buildValues } from './buildValues';
import { kustomizePatches, secretEnvPatch } from './secretDelivery';
import { redactKafkaProperties, secretPropertyMatcher } from './secrets';

const request = (override: Record<string, unknown> = {}) =>
  deployRequestSchema.parse({ ...readmeDeployRequest, ...override });

describe('buildValues', () => {
  it("maps the readme's request onto the chart interface", () => {
    const { values, secretProperties, warnings, workload } = buildValues(
      request(),
    );
    expect(values).toEqual({
      deploymentMode: 'StatefulSet',
      replicaCount: 1,
      ksmlRunnerConfig: {
        definitions: { 'sensor-inspector': 'sensor-inspector.yaml' },
        kafka: {
          'application.id': 'io.axual.sensor-inspector',
          'bootstrap.servers': 'broker:9093',
          'schema.registry.url': 'http://schemaregistry:8081',
        },
      },
      ksmlDefinitions: {
        'sensor-inspector.yaml': readmeDeployRequest.definition,
      },
      schemaDefinitions: {
        'SensorData.avsc': readmeDeployRequest.schemas[0].schemaBody,
      },
      // The runner's metrics endpoint, for each replica's Kafka Streams state.
      prometheus: { enabled: true },
    });
    expect(secretProperties).toEqual([]);
    expect(warnings).toEqual([]);
    expect(workload).toEqual({
      kind: 'StatefulSet',
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
    });
  });

  it('derives application.id from the names when the request has none', () => {
    const { values } = buildValues(
      request({ kafkaProperties: { 'bootstrap.servers': 'b:9092' } }),
    );
    expect((values.ksmlRunnerConfig as any).kafka['application.id']).toBe(
      'dizzl.sandbox.dev.sensor-inspector',
    );
  });

  it('keeps secret Kafka properties out of the values: ${env:…} references to a Secret of the release', () => {
    const jaas =
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";';
    const { values, secretProperties, secret } = buildValues(
      request({
        kafkaProperties: {
          'bootstrap.servers': 'b:9093',
          'security.protocol': 'SASL_SSL',
          'sasl.jaas.config': jaas,
          'ssl.truststore.password': 'changeit',
        },
      }),
    );
    expect(secretProperties).toEqual([
      'sasl.jaas.config',
      'ssl.truststore.password',
    ]);
    expect(secret).toEqual({
      secretName: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
      entries: [
        { property: 'sasl.jaas.config', env: 'KSML_SECRET_SASL_JAAS_CONFIG' },
        {
          property: 'ssl.truststore.password',
          env: 'KSML_SECRET_SSL_TRUSTSTORE_PASSWORD',
        },
      ],
      data: { 'sasl.jaas.config': jaas, 'ssl.truststore.password': 'changeit' },
    });
    const kafka = (values.ksmlRunnerConfig as any).kafka;
    expect(kafka['sasl.jaas.config']).toBe(
      '${env:KSML_SECRET_SASL_JAAS_CONFIG}',
    );
    // The chart configures the env provider itself: setting it again would duplicate the key.
    expect(kafka['config.providers']).toBeUndefined();
    expect(kafka['security.protocol']).toBe('SASL_SSL');
    expect(JSON.stringify(values)).not.toContain('changeit');
    expect(JSON.stringify(values)).not.toContain('password="p"');
    // Only values the public chart has.
    expect(Object.keys(values).sort()).toEqual([
      'deploymentMode',
      'ksmlDefinitions',
      'ksmlRunnerConfig',
      'prometheus',
      'replicaCount',
      'schemaDefinitions',
    ]);
  });

  it("switches the runner's metrics endpoint on, unless custom values turn it off", () => {
    expect(buildValues(request()).values.prometheus).toEqual({ enabled: true });
    expect(
      buildValues(request(), {
        customValues: { prometheus: { enabled: false } },
      }).values.prometheus,
    ).toEqual({ enabled: false });
  });

  it('treats the properties the operator marks secret as secrets too, and keeps env names distinct', () => {
    const { secret, values } = buildValues(
      request({
        kafkaProperties: {
          'bootstrap.servers': 'b:9093',
          'sasl.oauthbearer.client.id': 'me',
          'sasl.oauthbearer.client-id': 'me too',
        },
      }),
      { secretProperties: ['sasl.oauthbearer.*'] },
    );
    expect(secret.entries).toEqual([
      {
        property: 'sasl.oauthbearer.client-id',
        env: 'KSML_SECRET_SASL_OAUTHBEARER_CLIENT_ID',
      },
      {
        property: 'sasl.oauthbearer.client.id',
        env: 'KSML_SECRET_SASL_OAUTHBEARER_CLIENT_ID_2',
      },
    ]);
    expect(JSON.stringify(values)).not.toContain('me too');
  });

  it.each([
    [
      { schemas: [{ schemaFileName: 'ksml-runner.yaml', schemaBody: '{}' }] },
      'schemas[0].schemaFileName: "ksml-runner.yaml" is a file the KSML chart writes itself',
    ],
    [
      {
        schemas: [
          { schemaFileName: 'ksml-metrics-config.yml', schemaBody: '{}' },
        ],
      },
      'schemas[0].schemaFileName: "ksml-metrics-config.yml" is a file the KSML chart writes itself',
    ],
    [
      { application: 'ksml-runner' },
      'application: names the definition file "ksml-runner.yaml"',
    ],
    [
      {
        definition: undefined,
        definitions: { 'ksml-runner': readmeDeployRequest.definition },
      },
      'definitions["ksml-runner"]: names the definition file "ksml-runner.yaml"',
    ],
    [
      {
        kafkaProperties: {
          'bootstrap.servers': 'b:1',
          'config.providers': 'file',
        },
      },
      'kafkaProperties["config.providers"]: is set by the KSML chart itself (config.providers: env)',
    ],
    [
      {
        kafkaProperties: {
          'bootstrap.servers': 'b:1',
          'group.instance.id': 'fixed',
        },
      },
      'kafkaProperties["group.instance.id"]: is set by the KSML chart itself',
    ],
    [
      {
        kafkaProperties: {
          'bootstrap.servers': 'b:1',
          'group.protocol': 'Streams',
        },
      },
      'kafkaProperties["group.protocol"]: streams (the Streams rebalance protocol, KIP-1071) cannot run on the KSML chart: it always sets group.instance.id',
    ],
    [
      {
        kafkaProperties: {
          'bootstrap.servers': 'b:1',
          'ssl key.password': 'x',
        },
      },
      'kafkaProperties["ssl key.password"]: a secret property\'s name becomes a Secret key',
    ],
    [
      { deploymentMode: 'Job', storage: { size: '1Gi' } },
      'storage: the KSML chart gives a Job only its 10 MiB emptyDir store',
    ],
  ])('refuses %j, naming the field', (override, message) => {
    expect(() => buildValues(request(override))).toThrow(message);
  });

  it('refuses a Kafka setting of the chart in the custom values, naming it', () => {
    expect(() =>
      buildValues(request(), {
        customValues: {
          ksmlRunnerConfig: { kafka: { 'config.providers': 'file' } },
        },
      }),
    ).toThrow(
      'custom values ksmlRunnerConfig.kafka["config.providers"]: is set by the KSML chart itself',
    );
  });

  it('refuses the Streams rebalance protocol in the custom values, and takes the classic one', () => {
    expect(() =>
      buildValues(request(), {
        customValues: {
          ksmlRunnerConfig: { kafka: { 'group.protocol': 'streams' } },
        },
      }),
    ).toThrow(
      'custom values ksmlRunnerConfig.kafka["group.protocol"]: streams (the Streams rebalance protocol, KIP-1071) cannot run on the KSML chart',
    );
    expect(() =>
      buildValues(
        request({
          kafkaProperties: {
            'bootstrap.servers': 'b:1',
            'group.protocol': 'classic',
          },
        }),
      ),
    ).not.toThrow();
  });

  it('warns when a definition keeps state without storage, naming the parts and the 10 MiB', () => {
    const stateful = [
      'streams:',
      '  s: {topic: a, keyType: string, valueType: string}',
      '  counts: {topic: b, keyType: string, valueType: long}',
      'pipelines:',
      '  counting:',
      '    from: s',
      '    via: [{type: groupByKey}, {type: count}, {type: toStream}]',
      '    to: counts',
    ].join('\n');
    const { warnings } = buildValues(request({ definition: stateful }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('pipelines.counting.via[1] (count)');
    expect(warnings[0]).toContain('10 MiB emptyDir');
    expect(
      buildValues(request({ definition: stateful, storage: { size: '1Gi' } }))
        .warnings,
    ).toEqual([]);
    expect(
      buildValues(request({ definition: stateful, deploymentMode: 'Job' }))
        .warnings[0],
    ).toContain('A Job always gets that emptyDir');
  });

  it('maps the extensions: definitions, Job mode, resources, storage with fsGroup 0', () => {
    const { values } = buildValues(
      request({
        definition: undefined,
        definitions: {
          a: readmeDeployRequest.definition,
          b: readmeDeployRequest.definition,
        },
        replicas: 1,
        resources: { limits: { memory: '1Gi' } },
        storage: { size: '2Gi', storageClassName: 'fast' },
      }),
    );
    expect(values.deploymentMode).toBe('StatefulSet');
    expect((values.ksmlRunnerConfig as any).definitions).toEqual({
      a: 'a.yaml',
      b: 'b.yaml',
    });
    expect(Object.keys(values.ksmlDefinitions as object)).toEqual([
      'a.yaml',
      'b.yaml',
    ]);
    expect(values.resources).toEqual({ limits: { memory: '1Gi' } });
    expect(values.store).toEqual({
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '2Gi' } },
        storageClassName: 'fast',
      },
    });
    expect(values.podSecurityContext).toEqual({ fsGroup: 0 });
  });

  it('merges custom values under the request, which wins where it must', () => {
    const { values } = buildValues(request({ replicas: 2 }), {
      customValues: {
        replicaCount: 5,
        podSecurityContext: { fsGroup: 1000 },
        serviceMonitor: { enabled: true },
        ksmlDefinitions: { 'evil.yaml': 'x' },
        ksmlRunnerConfig: {
          kafka: {
            'security.protocol': 'SSL',
            'bootstrap.servers': 'custom:1',
          },
          errorHandling: { consume: { log: true } },
        },
      },
    });
    expect(values.replicaCount).toBe(2);
    expect(values.podSecurityContext).toEqual({ fsGroup: 1000 });
    expect(values.serviceMonitor).toEqual({ enabled: true });
    expect(Object.keys(values.ksmlDefinitions as object)).toEqual([
      'sensor-inspector.yaml',
    ]);
    const runner = values.ksmlRunnerConfig as any;
    expect(runner.errorHandling).toEqual({ consume: { log: true } });
    expect(runner.kafka['security.protocol']).toBe('SSL');
    expect(runner.kafka['bootstrap.servers']).toBe('broker:9093');
  });

  it('is pure: the same request gives the same values and the input is untouched', () => {
    const r = request();
    const before = JSON.stringify(r);
    expect(buildValues(r)).toEqual(buildValues(r));
    expect(JSON.stringify(r)).toBe(before);
  });
});

describe('secret delivery', () => {
  const { secret, workload } = buildValues(
    request({
      kafkaProperties: { 'bootstrap.servers': 'b:1', 'ssl.key.password': 'k' },
    }),
  );

  it('adds env from the Secret to the ksml container, and nothing without secrets', () => {
    expect(secretEnvPatch(secret, workload, { a: '1' })).toEqual({
      kind: 'StatefulSet',
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
      container: 'ksml',
      env: [
        {
          name: 'KSML_SECRET_SSL_KEY_PASSWORD',
          valueFrom: {
            secretKeyRef: {
              name: 'dizzl-sandbox-dev-sensor-inspector-ksml-kafka',
              key: 'ssl.key.password',
            },
          },
        },
      ],
      podAnnotations: { a: '1' },
    });
    expect(
      secretEnvPatch({ ...secret, entries: [], data: {} }, workload),
    ).toBeUndefined();
    expect(kustomizePatches(undefined)).toEqual([]);
  });

  it('gives GitOps the same env as a strategic merge patch on the workload', () => {
    const [patch] = kustomizePatches(secretEnvPatch(secret, workload));
    expect(patch.target).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'StatefulSet',
      name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
    });
    const body = parse(patch.patch);
    expect(body.spec.template.spec.containers).toEqual([
      { name: 'ksml', env: secretEnvPatch(secret, workload)!.env },
    ]);
    expect(patch.patch).not.toContain("'k'");
  });
});

describe('secretPropertyMatcher', () => {
  it('knows the built-in secrets and the operator patterns, case-insensitively', () => {
    const isSecret = secretPropertyMatcher(['my.api.key', 'vault.*']);
    for (const key of [
      'sasl.jaas.config',
      'ssl.keystore.password',
      'SSL.KEY.PASSWORD',
      'basic.auth.user.info',
      'my.api.key',
      'vault.role.id',
    ])
      expect(isSecret(key)).toBe(true);
    for (const key of ['bootstrap.servers', 'my.api.keys', 'vaults.x'])
      expect(isSecret(key)).toBe(false);
  });
});

describe('redactKafkaProperties', () => {
  it('hides secret values only', () => {
    expect(
      redactKafkaProperties({
        'bootstrap.servers': 'b:1',
        'sasl.jaas.config': 'x',
        'basic.auth.user.info': 'u:p',
      }),
    ).toEqual({
      'bootstrap.servers': 'b:1',
      'sasl.jaas.config': '***',
      'basic.auth.user.info': '***',
    });
  });
});
