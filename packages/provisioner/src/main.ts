import {
  HelmCli,
  KsmlProvisioner,
  KubeClient,
  PrivateFiles,
  PrometheusHistory,
} from '@ksml-backstage/plugin-ksml-node';
import { readEnv } from './config/readEnv';
import { jsonLogger } from './logging/jsonLogger';
import { assertLeading, fencedKube } from './operator/leadershipFence';
import { startOperator } from './operator/startOperator';
import { createApp } from './server/createApp';
import { ReleaseLocks } from './server/releaseLocks';
import { startServer } from './server/startServer';
import { setupTracing } from './tracing/setupTracing';

/**
 * Starts the standalone KSML provisioner from the environment (the KSML Provisioner 0.5.0
 * readme's variables). Exits 1 with a message naming the variable when the configuration is
 * wrong; on SIGTERM or SIGINT stops taking requests and lets running ones (a deploy) finish.
 */
async function main(): Promise<void> {
  const logger = jsonLogger({ service: 'ksml-provisioner' });
  const files = new PrivateFiles();
  let config;
  try {
    config = readEnv(process.env, files);
  } catch (error) {
    logger.error(`Cannot start: ${(error as Error).message}`);
    files.remove();
    process.exit(1);
  }
  const stopTracing = config.tracing ? setupTracing(process.env) : undefined;
  const helm = HelmCli.create({
    binary: config.helm.binary,
    chart: config.chart,
    timeoutSeconds: config.helm.timeoutSeconds,
    logger,
    // The image bundles the post-render script beside the server (image/build.sh).
    postRendererScript: process.env.KSML_POST_RENDERER_SCRIPT || undefined,
    // Operator mode: a reconcile whose leadership term is over starts no helm. (REST requests
    // run outside any term and are not affected.)
    guard: config.operator ? assertLeading : undefined,
  });
  const provisioner = KsmlProvisioner.create({
    helm,
    resolveTarget: () => ({ ...config.cluster, namespace: config.namespace }),
    customValues: config.customValues,
    secretProperties: config.secretKafkaProperties,
    logger,
    // Operator mode: nor does it write a Secret (the same fence, on the cluster client).
    connectKube: config.operator
      ? async target => fencedKube(await KubeClient.create(target, logger))
      : undefined,
  });
  // Watch the namespace from the start, so the first status reads come from memory.
  void provisioner
    .warm([{ ...config.cluster, namespace: config.namespace }])
    .catch(error =>
      logger.warn(`Could not start watching the namespace: ${error.message}`),
    );
  let ready = true;
  const locks = new ReleaseLocks();
  const operator = config.operator
    ? await startOperator({
        config: config.operator,
        cluster: config.cluster,
        namespace: config.namespace,
        provisioner,
        locks,
        secretProperties: config.secretKafkaProperties,
        logger,
      })
    : undefined;
  const app = createApp({
    locks,
    provisioner,
    namespace: config.namespace,
    chart: {
      kind: 'oci',
      url: config.chart.url,
      name: config.chart.name,
      version: config.chart.version,
    },
    logger,
    basicAuth: config.basicAuth,
    isReady: () => ready,
    leadership: operator ? () => operator.leadership() : undefined,
    prometheus: config.prometheus
      ? await PrometheusHistory.create(config.prometheus)
      : undefined,
  });
  const server = await startServer({ app, port: config.port, tls: config.tls });
  logger.info('KSML provisioner listening', {
    port: server.port,
    protocol: config.tls ? 'https' : 'http',
    namespace: config.namespace,
    chart: `${config.chart.url}/${config.chart.name}:${config.chart.version}`,
    basicAuth: Boolean(config.basicAuth),
    tracing: Boolean(config.tracing),
    operator: Boolean(config.operator),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    logger.info('Shutting down: finishing the requests in flight', { signal });
    // A deploy may take up to helm's timeout; give it that, and a little more. The operator
    // finishes its reconciles in flight and hands the Lease over.
    await Promise.all([
      server.stop((config.helm.timeoutSeconds + 10) * 1000),
      operator?.stop(),
    ]);
    await helm.close();
    await provisioner.close();
    await stopTracing?.();
    files.remove();
    logger.info('Stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
