import {
  installedSecretPlan,
  installedWorkload,
  secretKeysReferenced,
} from './installedRelease';

describe('installed release', () => {
  const values = {
    deploymentMode: 'StatefulSet',
    ksmlRunnerConfig: {
      kafka: {
        'bootstrap.servers': 'b:9092',
        'ssl.key.password': '${env:KSML_SECRET_SSL_KEY_PASSWORD}',
        'sasl.jaas.config': '${env:KSML_SECRET_SASL_JAAS_CONFIG}',
        'client.id': 'not ${env:KSML_SECRET_X} alone',
      },
    },
  };

  it('reads the Secret plan back from the env references, without values', () => {
    expect(installedSecretPlan('app-ksml', values)).toEqual({
      secretName: 'app-ksml-kafka',
      entries: [
        { property: 'sasl.jaas.config', env: 'KSML_SECRET_SASL_JAAS_CONFIG' },
        { property: 'ssl.key.password', env: 'KSML_SECRET_SSL_KEY_PASSWORD' },
      ],
      data: {},
    });
    expect(installedSecretPlan('app-ksml', {}).entries).toEqual([]);
  });

  it('names the workload the values render', () => {
    expect(installedWorkload('app-ksml', values)).toEqual({
      kind: 'StatefulSet',
      name: 'app-ksml',
    });
    expect(installedWorkload('app-ksml', { deploymentMode: 'Job' }).kind).toBe(
      'Job',
    );
  });

  it("finds the keys of the app's Secret that a manifest reads", () => {
    const manifest = [
      '---',
      'kind: ConfigMap',
      'data: {a: b}',
      '---',
      'kind: StatefulSet',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: ksml',
      '          env:',
      '            - name: A',
      '              valueFrom: {secretKeyRef: {name: app-ksml-kafka, key: ssl.key.password}}',
      '            - name: B',
      '              valueFrom: {secretKeyRef: {name: other, key: x}}',
      '            - name: C',
      '              valueFrom: {secretKeyRef: {name: app-ksml-kafka, key: sasl.jaas.config}}',
    ].join('\n');
    expect(secretKeysReferenced(manifest, 'app-ksml-kafka')).toEqual([
      'sasl.jaas.config',
      'ssl.key.password',
    ]);
  });
});
