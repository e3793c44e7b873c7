// An environment of the dev portal on real KSML runners (scripts/start.sh):
//
//   node --require @backstage/cli/config/nodeTransform.cjs \
//     test/testbed/src/devPortal/realRunners.ts NAMESPACE VALUES_FILE
//
// readies NAMESPACE for the real node (the runner image's pull Secret) and writes the chart
// values that place apps there to VALUES_FILE, then prints VALUES_FILE. Without a real node it
// prints nothing and says why on stderr: the environment's apps then run on kwok's nodes.
import { loadTestbedEnv } from '../env';
import { connectKube } from '../kube';
import { prepareRealRunners } from '../realNode';

async function main(): Promise<void> {
  const [namespace, valuesFile] = process.argv.slice(2);
  if (!namespace || !valuesFile) {
    throw new Error('usage: realRunners.ts NAMESPACE VALUES_FILE');
  }
  const env = loadTestbedEnv();
  const node = await prepareRealRunners(
    await connectKube(env),
    env,
    namespace,
    valuesFile,
  );
  if ('unavailable' in node) {
    process.stderr.write(
      `[start] ${namespace} runs on kwok's nodes, not real KSML runners: ${node.unavailable}\n`,
    );
    return;
  }
  process.stdout.write(`${valuesFile}\n`);
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
