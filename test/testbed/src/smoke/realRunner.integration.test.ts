import { requireRealNode } from '../env';
import { mustSucceed, runHelm } from '../helm';
import { KafkaFixture } from '../kafka';
import { waitFor } from '../poll';
import { createRunnerPullSecret, realRunnerValues } from '../realNode';
import { installChart } from './chart';
import { useClusterSuite } from './suite';

// The real KSML runner (built from KSML's source, in the test bed's image) on the public chart
// as it is (pulled from the test bed registry), on the real node, against the test bed's
// broker: what every stand-in imitates.
describe('the real KSML runner on the real node', () => {
  const suite = useClusterSuite('smoke-real');
  const release = 'sensors';

  it('generates records with a Python function, transforms them and writes them on', async () => {
    const { env, kube, namespace, helmHome } = suite;
    const node = requireRealNode(env);
    const kafka = new KafkaFixture(env.kafka);
    const input = `${namespace}-in`;
    const output = `${namespace}-out`;
    await kafka.createTopics([input, output]);
    try {
      await createRunnerPullSecret(kube, env, namespace);
      const values = {
        ...realRunnerValues(node),
        ksmlRunnerConfig: {
          definitions: { sensors: 'sensors.yaml' },
          kafka: {
            'application.id': `${namespace}-sensors`,
            'bootstrap.servers': node.kafkaBootstrap,
          },
        },
        ksmlDefinitions: {
          'sensors.yaml': [
            'streams:',
            `  readings: {topic: ${input}, keyType: string, valueType: json}`,
            `  doubled: {topic: ${output}, keyType: string, valueType: json}`,
            'functions:',
            '  reading:',
            '    type: generator',
            '    globalCode: n = 0',
            '    code: |',
            '      global n',
            '      n += 1',
            '    expression: |',
            '      ("sensor" + str(n % 3), {"n": n, "temp": 20 + n})',
            '    resultType: (string, json)',
            'producers:',
            '  tick: {generator: reading, interval: 200ms, count: 5, to: readings}',
            'pipelines:',
            '  double:',
            '    from: readings',
            '    via:',
            '      - type: mapValues',
            '        mapper:',
            '          expression: |',
            '            {"n": value["n"], "temp": value["temp"] * 2}',
            '          resultType: json',
            '    to: doubled',
            '',
          ].join('\n'),
        },
      };
      mustSucceed(
        await installChart(env, helmHome, { release, namespace, values }),
        'helm install of the public chart from the registry',
      );

      // Ready comes from the runner's own /ready (the chart's probe), on a real kubelet.
      const pod = await waitFor(
        async () => {
          const p = await kube.core
            .readNamespacedPod({ name: `${release}-ksml-0`, namespace })
            .catch(() => undefined);
          return p?.status?.containerStatuses?.[0]?.ready ? p : undefined;
        },
        { description: 'the runner to be ready', timeoutMs: 120_000 },
      );
      expect(pod.spec?.nodeName).toBe(node.name);

      const records = await kafka.readRecords(output, 5, 60_000);
      expect(records.map(r => JSON.parse(r.value))).toEqual(
        [1, 2, 3, 4, 5].map(n => ({ n, temp: (20 + n) * 2 })),
      );
      expect(records.map(r => r.key)).toEqual(
        [1, 2, 3, 4, 5].map(n => `sensor${n % 3}`),
      );
    } finally {
      await runHelm(env, ['uninstall', release, '-n', namespace, '--wait'], {
        home: helmHome,
      });
      await kafka.deleteTopics([input, output]);
    }
  }, 240_000);
});
