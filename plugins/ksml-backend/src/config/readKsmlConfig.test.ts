import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import { PrivateFiles } from '@ksml-backstage/plugin-ksml-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKsmlConfig } from './readKsmlConfig';

describe('readKsmlConfig: custom values', () => {
  const files = new PrivateFiles();
  const dir = mkdtempSync(join(tmpdir(), 'ksml-config-test-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  afterAll(() => {
    files.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (ksml: Record<string, unknown>) =>
    readKsmlConfig(
      new ConfigReader({ ksml: { chart: { path: '/charts/ksml' }, ...ksml } }),
      files,
    );

  it("reads everyone's file and each environment's own", () => {
    const settings = read({
      customValuesFile: file('all.yaml', 'podLabels: {team: platform}\n'),
      environments: {
        dev: {
          customValuesFile: file('dev.yaml', 'nodeSelector: {pool: real}\n'),
        },
        prod: {},
      },
    });
    expect(settings.customValues).toEqual({ podLabels: { team: 'platform' } });
    expect(settings.environmentValues).toEqual({
      dev: { nodeSelector: { pool: 'real' } },
    });
  });

  it('refuses a file that is not a mapping, naming the setting', () => {
    expect(() =>
      read({
        environments: {
          dev: { customValuesFile: file('list.yaml', '- a\n- b\n') },
        },
      }),
    ).toThrow(
      /^ksml\.environments\.dev\.customValuesFile: .*list\.yaml must hold a YAML mapping of chart values$/,
    );
  });

  it.each([
    ['operator', { operator: true }],
    ['provisioner', { provisioner: { url: 'https://provisioner:8080' } }],
  ])(
    'refuses an environment file where a %s makes the values',
    (_kind, settings) => {
      expect(() =>
        read({
          environments: {
            prod: {
              ...settings,
              customValuesFile: file('prod.yaml', 'podLabels: {a: b}\n'),
            },
          },
        }),
      ).toThrow(
        'ksml.environments.prod.customValuesFile: the provisioner of this environment makes its values; set its CUSTOM_VALUES_FILE instead',
      );
    },
  );
});

describe('readKsmlConfig: Kafka clusters', () => {
  const files = new PrivateFiles();
  afterAll(() => files.remove());

  it("names the key each environment's cluster comes from, for messages", () => {
    const settings = readKsmlConfig(
      new ConfigReader({
        ksml: {
          chart: { path: '/charts/ksml' },
          kafka: { bootstrapServers: 'kafka:9094' },
          environments: {
            dev: {},
            prod: { kafka: { bootstrapServers: 'prod-kafka:9092' } },
          },
        },
      }),
      files,
    );
    expect(settings.kafkaOf('dev')?.bootstrapServers).toEqual(['kafka:9094']);
    expect(settings.kafkaKeyOf('dev')).toBe('ksml.kafka');
    expect(settings.kafkaOf('prod')?.bootstrapServers).toEqual([
      'prod-kafka:9092',
    ]);
    expect(settings.kafkaKeyOf('prod')).toBe('ksml.environments.prod.kafka');
  });

  it('names no key where no cluster is configured', () => {
    const settings = readKsmlConfig(
      new ConfigReader({ ksml: { chart: { path: '/charts/ksml' } } }),
      files,
    );
    expect(settings.kafkaOf('dev')).toBeUndefined();
    expect(settings.kafkaKeyOf('dev')).toBeUndefined();
  });
});

describe('readKsmlConfig: where KSML tests run', () => {
  const files = new PrivateFiles();
  afterAll(() => files.remove());
  const read = (tests?: JsonObject) =>
    readKsmlConfig(
      new ConfigReader({
        ksml: { chart: { path: '/charts/ksml' }, ...(tests ? { tests } : {}) },
      }),
      files,
    ).tests;

  it('runs them on the cluster unless told otherwise', () => {
    expect(read()).toEqual({});
  });

  it('reads a local test runner, JVM options and a timeout', () => {
    expect(
      read({
        local: { home: '/opt/ksml', javaHome: '/usr/lib/jvm/jdk' },
        clusterJavaOptions: ['-Dorg.graalvm.version=25.0.3'],
        timeoutSeconds: 60,
      }),
    ).toEqual({
      local: { home: '/opt/ksml', javaHome: '/usr/lib/jvm/jdk' },
      clusterJavaOptions: ['-Dorg.graalvm.version=25.0.3'],
      timeoutMs: 60_000,
    });
  });

  it('refuses a runOn it does not know, and local without a home, naming the key', () => {
    expect(() => read({ runOn: 'moon' })).toThrow(
      'ksml.tests.runOn: must be local or cluster (got "moon")',
    );
    expect(() => read({ runOn: 'local' })).toThrow(
      /^ksml\.tests\.local\.home: is required/,
    );
  });
});
