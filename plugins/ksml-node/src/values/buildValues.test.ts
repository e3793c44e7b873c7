import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { buildValues } from './buildValues';
import { redactKafkaProperties } from './secrets';

const request = (override: Record<string, unknown> = {}) =>
  deployRequestSchema.parse({ ...readmeDeployRequest, ...override });

describe('buildValues', () => {
  it("maps the readme's request onto the chart interface", () => {
    const { values, secretProperties } = buildValues(request());
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
      kafkaSecret: { properties: {} },
    });
    expect(secretProperties).toEqual([]);
  });

  it('derives application.id from the names when the request has none', () => {
    const { values } = buildValues(
      request({ kafkaProperties: { 'bootstrap.servers': 'b:9092' } }),
    );
    expect((values.ksmlRunnerConfig as any).kafka['application.id']).toBe(
      'dizzl.sandbox.dev.sensor-inspector',
    );
  });

  it('moves secret Kafka properties into the Secret and references them from the config', () => {
    const jaas =
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";';
    const { values, secretProperties } = buildValues(
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
    expect(values.kafkaSecret).toEqual({
      properties: {
        'sasl.jaas.config': jaas,
        'ssl.truststore.password': 'changeit',
      },
    });
    const kafka = (values.ksmlRunnerConfig as any).kafka;
    expect(kafka['sasl.jaas.config']).toBe(
      '${file:/ksml/secrets/kafka.properties:sasl.jaas.config}',
    );
    expect(kafka['config.providers']).toBe('file');
    expect(kafka['security.protocol']).toBe('SASL_SSL');
    expect(JSON.stringify(values.ksmlRunnerConfig)).not.toContain('changeit');
  });

  it('maps the extensions: definitions, Job mode, resources, storage with fsGroup 0', () => {
    const { values } = buildValues(
      request({
        definition: undefined,
        definitions: {
          a: readmeDeployRequest.definition,
          b: readmeDeployRequest.definition,
        },
        deploymentMode: 'Job',
        replicas: 1,
        resources: { limits: { memory: '1Gi' } },
        storage: { size: '2Gi', storageClassName: 'fast' },
      }),
    );
    expect(values.deploymentMode).toBe('Job');
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
