import {
  connectKube,
  createRunnerPullSecret,
  createTestNamespace,
  KafkaFixture,
  loadTestbedEnv,
  RealNode,
  realRunnerValues,
  requireRealNode,
  TestbedEnv,
  TestbedKube,
  testbedOciChart,
  testbedTarget,
} from '@ksml-backstage/testbed';
import { HelmCli } from '../helm/HelmCli';
import {
  KsmlProvisioner,
  KsmlProvisionerOptions,
} from '../provisioner/KsmlProvisioner';

/** What a suite on real KSML runners works with, in a namespace of its own. */
export interface RealRunnerSuite {
  env: TestbedEnv;
  node: RealNode;
  kube: TestbedKube;
  kafka: KafkaFixture;
  namespace: string;
  helm: HelmCli;
  /** Deploys to the namespace with the values that place apps on the real node. */
  provisioner: KsmlProvisioner;
  /** A topic of the suite's own (the broker is shared by every suite), deleted by close. */
  topic(name: string): Promise<string>;
  /** Deletes the namespace and the suite's topics, and closes the provisioner and helm. */
  close(): Promise<void>;
}

/**
 * Starts a suite on the test bed's real node: its namespace (named after `label`) with the
 * runner image's pull Secret, helm on the test bed's OCI chart, and a provisioner whose
 * customValues put apps on the node with that image, as a platform team's would. Without a
 * real node it throws the reason, so no test passes on kwok alone. `options` adds to the
 * provisioner's (Kafka Streams states are read every second unless they say otherwise).
 */
export async function startRealRunnerSuite(
  label: string,
  options: Partial<KsmlProvisionerOptions> = {},
): Promise<RealRunnerSuite> {
  const env = loadTestbedEnv();
  const node = requireRealNode(env);
  const kube = await connectKube(env);
  const kafka = new KafkaFixture(env.kafka);
  const namespace = await createTestNamespace(kube, label);
  await createRunnerPullSecret(kube, env, namespace);
  const helm = HelmCli.create({
    binary: env.helmBinary,
    chart: testbedOciChart(env),
    timeoutSeconds: 120,
  });
  const provisioner = KsmlProvisioner.create({
    helm,
    resolveTarget: () => testbedTarget(env, namespace),
    customValues: realRunnerValues(node),
    // Each replica's Kafka Streams read every second (15 s in a portal), so the states a
    // runner passes through show in the statuses the tests poll. A runner starting beside
    // others on 2 busy cores may take seconds to answer: 5 s (3 s in a portal) before a read
    // counts as failed and the state as Unknown.
    streams: { intervalMs: 1000, timeoutMs: 5000 },
    ...options,
  });
  const topics: string[] = [];
  return {
    env,
    node,
    kube,
    kafka,
    namespace,
    helm,
    provisioner,
    async topic(name) {
      const full = `${namespace}-${name}`;
      await kafka.createTopics([full]);
      topics.push(full);
      return full;
    },
    async close() {
      await kube.core
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
      await provisioner.close();
      await helm.close();
      if (topics.length > 0) await kafka.deleteTopics(topics);
    },
  };
}
