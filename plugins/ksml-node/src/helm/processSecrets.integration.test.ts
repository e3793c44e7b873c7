import { readdirSync, readFileSync } from 'node:fs';
import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
} from '@ksml-backstage/testbed';
import { KsmlProvisioner } from '../provisioner/KsmlProvisioner';
import { HelmCli } from './HelmCli';

// The registry password and Kafka secrets never reach a spawned process's argv or environment:
// while a deploy runs, every helm process (and the post-renderer it starts) is read from /proc
// as it runs, against the test bed's real registry and cluster.

/** What was seen of one process. */
interface Seen {
  pid: string;
  argv: string;
  environ: string;
}

/**
 * Samples /proc every few milliseconds for processes whose argv `matches`, keeping their argv
 * and environment (read while they run; a process may end between the two reads).
 */
function watchProcesses(matches: (argv: string) => boolean) {
  const seen = new Map<string, Seen>();
  const sample = () => {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || seen.has(pid)) continue;
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(
          /\0/g,
          ' ',
        );
        if (!matches(argv)) continue;
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').replace(
          /\0/g,
          '\n',
        );
        seen.set(pid, { pid, argv, environ });
      } catch {
        /* gone already */
      }
    }
  };
  const timer = setInterval(sample, 2);
  return {
    stop(): Seen[] {
      clearInterval(timer);
      return [...seen.values()];
    },
  };
}

describe('secrets and spawned processes', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'argv');
  }, 60_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  it('puts neither the registry password nor Kafka secrets in argv or environment of helm and its post-renderer', async () => {
    const kafkaPassword = `kafka-pw-${Date.now()}`;
    const truststorePassword = `trust-pw-${Date.now()}`;
    const secrets = [env.registry.password, kafkaPassword, truststorePassword];
    // A fresh HelmCli, so the registry login happens while we watch.
    const helm = HelmCli.create({
      binary: env.helmBinary,
      chart: testbedOciChart(env),
    });
    const provisioner = KsmlProvisioner.create({
      helm,
      resolveTarget: () => testbedTarget(env, namespace),
    });
    const watcher = watchProcesses(
      argv =>
        argv.startsWith(env.helmBinary) || argv.includes('inject-secret-env'),
    );
    let seen: Seen[];
    try {
      await provisioner.deploy(
        deployRequestSchema.parse({
          ...readmeDeployRequest,
          application: 'argv-app',
          kafkaProperties: {
            ...readmeDeployRequest.kafkaProperties,
            'security.protocol': 'SASL_SSL',
            'sasl.mechanism': 'PLAIN',
            'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="${kafkaPassword}";`,
            'ssl.truststore.password': truststorePassword,
          },
        }),
      );
    } finally {
      seen = watcher.stop();

      await provisioner.close();
      await helm.close();
    }
    // The watch saw the processes it is about: registry login, pull, upgrade, post-renderer.
    const argvs = seen.map(s => s.argv);
    expect(argvs.some(a => a.includes(' registry login '))).toBe(true);
    expect(argvs.some(a => a.includes(' upgrade --install '))).toBe(true);
    expect(argvs.some(a => a.includes('inject-secret-env'))).toBe(true);
    for (const process of seen) {
      for (const secret of secrets) {
        expect(process.argv).not.toContain(secret);
        expect(process.environ).not.toContain(secret);
      }
    }
  }, 120_000);
});
