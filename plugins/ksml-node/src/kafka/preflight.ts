import type { KsmlTopology } from '@ksml-backstage/plugin-ksml-common';

/** What {@link preflightFindings} found. */
export interface PreflightFindings {
  /** Input topics the cluster does not have: the app would stop at start-up. */
  missingInputTopics: string[];
  /** What is worth knowing but does not stop a deploy. */
  warnings: string[];
}

/**
 * Checks a definition's topology against the topics a Kafka cluster has, before a deploy:
 * input topics that do not exist (the runner fails on them), output topics that do not exist
 * (a producer fails unless the cluster creates topics), and more replicas than the input
 * topics have partitions in all (Kafka Streams gives the extra instances no task: they idle).
 * `partitions` maps each existing topic to its partition count.
 */
export function preflightFindings(
  topology: Pick<KsmlTopology, 'inputTopics' | 'outputTopics'>,
  partitions: ReadonlyMap<string, number>,
  replicas: number,
  cluster: string,
): PreflightFindings {
  const missingInputTopics = topology.inputTopics.filter(
    t => !partitions.has(t),
  );
  const warnings: string[] = [];
  const missingOutputs = topology.outputTopics.filter(
    t => !partitions.has(t) && !topology.inputTopics.includes(t),
  );
  if (missingOutputs.length > 0) {
    warnings.push(
      `Output topic${
        missingOutputs.length > 1 ? 's' : ''
      } ${missingOutputs.join(', ')} ${
        missingOutputs.length > 1 ? 'do' : 'does'
      } not exist on ${cluster}: writing fails unless the cluster creates topics`,
    );
  }
  // Kafka Streams makes one task per partition of each sub-topology's inputs; co-partitioned
  // inputs share tasks. The sum over the input topics is therefore the most tasks there can
  // be: instances beyond it get none, for certain.
  const inputs = topology.inputTopics.filter(t => partitions.has(t));
  const mostTasks = inputs.reduce((sum, t) => sum + partitions.get(t)!, 0);
  if (inputs.length > 0 && replicas > mostTasks) {
    const idle = replicas - mostTasks;
    warnings.push(
      `${replicas} replicas, but the input topics have ${mostTasks} partition${
        mostTasks > 1 ? 's' : ''
      } in all (at most ${mostTasks} stream task${
        mostTasks > 1 ? 's' : ''
      }): ${idle} replica${idle > 1 ? 's' : ''} will idle`,
    );
  }
  return { missingInputTopics, warnings };
}
