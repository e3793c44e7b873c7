import { ServiceUnavailableError } from '@backstage/errors';
import {
  parseTopology,
  type DeployRequest,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { KafkaInsight, TopicsInspector, topicTypes } from './KafkaInsight';

// KafkaInsight with a fake cluster: what a form's preflight and a deploy are told. The same on
// a real broker: kafkaInsight.integration.test.ts.

/** A definition reading `orders` and writing `checked`. */
const definition = `
streams:
  orders: {topic: orders, keyType: string, valueType: json}
  checked: {topic: checked, keyType: string, valueType: json}
pipelines:
  check:
    from: orders
    to: checked
`;

/** A cluster of environment `environment` holding `topics` (name -> partitions). */
function cluster(
  environment: string,
  topics: Record<string, number>,
): TopicsInspector {
  return {
    name: `the Kafka cluster of environment ${environment} (kafka:9094)`,
    readRecords: jest.fn(),
    topicsOf: jest.fn(
      async (topology: { inputTopics: string[]; outputTopics: string[] }) =>
        new Map(
          [...topology.inputTopics, ...topology.outputTopics]
            .filter(t => t in topics)
            .map(t => [t, topics[t]] as const),
        ),
    ),
    topicPartitions: jest.fn(),
    groupOffsets: jest.fn(),
    offsetsAtTime: jest.fn(),
    group: jest.fn(),
    commitGroupOffsets: jest.fn(),
    close: jest.fn(),
  };
}

/** KafkaInsight where dev's cluster comes from `ksml.kafka` and holds `topics`. */
function insight(topics: Record<string, number>, inspector?: TopicsInspector) {
  return new KafkaInsight({
    kafkaOf: environment =>
      environment === 'bare' ? undefined : { bootstrapServers: ['kafka:9094'] },
    kafkaKeyOf: environment =>
      environment === 'bare' ? undefined : 'ksml.kafka',
    inspect: (_connection, environment) =>
      inspector ?? cluster(environment, topics),
  });
}

const request = (extra: Partial<DeployRequest> = {}): DeployRequest => ({
  ...readmeDeployRequest,
  deploymentMode: 'StatefulSet',
  definition,
  kafkaProperties: {
    ...readmeDeployRequest.kafkaProperties,
    'bootstrap.servers': 'broker:9093',
  },
  ...extra,
});

describe('KafkaInsight.checkTopics', () => {
  it('names the missing input topics and the other findings, refusing nothing', async () => {
    const checked = await insight({}).checkTopics('dev', { '': definition }, 1);
    expect(checked).toEqual({
      kafka: 'kafka:9094 from ksml.kafka',
      missingInputTopics: ['orders'],
      warnings: [
        'Output topic checked does not exist on the Kafka cluster of environment dev (kafka:9094): writing fails unless the cluster creates topics',
      ],
    });
  });

  it('finds nothing wrong when the topics exist', async () => {
    const checked = await insight({ orders: 3, checked: 3 }).checkTopics(
      'dev',
      { '': definition },
      2,
    );
    expect(checked).toEqual({
      kafka: 'kafka:9094 from ksml.kafka',
      missingInputTopics: [],
      warnings: [],
    });
  });

  it('makes a cluster that cannot be reached a warning, not an error', async () => {
    const down = cluster('dev', {});
    (down.topicsOf as jest.Mock).mockRejectedValue(
      new ServiceUnavailableError(
        'the Kafka cluster of environment dev (kafka:9094) cannot be reached: Connection refused',
      ),
    );
    const checked = await insight({}, down).checkTopics(
      'dev',
      { '': definition },
      1,
    );
    expect(checked).toEqual({
      kafka: 'kafka:9094 from ksml.kafka',
      missingInputTopics: [],
      warnings: [
        'Topics were not checked: the Kafka cluster of environment dev (kafka:9094) cannot be reached: Connection refused',
      ],
    });
  });

  it('says nothing of an environment without a Kafka connection', async () => {
    const kafka = insight({});
    expect(await kafka.checkTopics('bare', { '': definition }, 1)).toBe(
      undefined,
    );
    expect(kafka.configured('bare')).toBeUndefined();
  });
});

describe('KafkaInsight.preflight (a deploy)', () => {
  it('refuses a missing input topic, naming the environment, its Kafka as configured, and how to go on', async () => {
    await expect(insight({ checked: 1 }).preflight(request())).rejects.toThrow(
      `definition: reads topic orders, which the Kafka cluster of environment dev lacks: the backend checked kafka:9094, as ksml.kafka configures it (the app's own bootstrap.servers, broker:9093, may be another listener of it); create it first, or deploy anyway: tick "Deploy even if input topics are missing" on the template's form, or set allowMissingTopics`,
    );
  });

  it("leaves out the app's bootstrap.servers when it is the one checked", async () => {
    const same = request({
      kafkaProperties: {
        ...readmeDeployRequest.kafkaProperties,
        'bootstrap.servers': 'kafka:9094',
      },
    });
    await expect(insight({ checked: 1 }).preflight(same)).rejects.toThrow(
      /lacks: the backend checked kafka:9094, as ksml\.kafka configures it; create it first/,
    );
  });

  it('deploys with a warning when allowMissingTopics is set', async () => {
    expect(
      await insight({ checked: 1 }).preflight(
        request({ allowMissingTopics: true }),
      ),
    ).toEqual([
      'Input topic orders does not exist on the Kafka cluster of environment dev (kafka:9094): the app fails until it exists',
    ]);
  });

  it('checks nothing without a Kafka connection', async () => {
    expect(
      await insight({}).preflight(request({ environment: 'bare' })),
    ).toEqual([]);
  });
});

describe('topicTypes', () => {
  it("takes a topic's types from the stream over it, not from a stream written into it", () => {
    const topology = parseTopology({
      app: [
        'streams:',
        '  in: {topic: in_topic, keyType: string, valueType: json}',
        '  out: {topic: out_topic, keyType: string, valueType: avro:SensorData}',
        'pipelines:',
        '  copy:',
        '    from: in',
        '    to: out',
      ].join('\n'),
    });
    expect(topicTypes(topology, 'out_topic')).toEqual({
      keyType: 'string',
      valueType: 'avro:SensorData',
    });
    expect(topicTypes(topology, 'in_topic')).toEqual({
      keyType: 'string',
      valueType: 'json',
    });
  });
});

describe('KafkaInsight offset resets', () => {
  const ref = {
    tenant: 't',
    instance: 'i',
    environment: 'dev',
    application: 'checker',
  };
  const deployed = async () => ({
    applicationId: 't-i-dev-checker',
    topology: parseTopology({ '': definition }),
  });
  /** A cluster where the group committed 3 of orders' 10 records and is in `state`. */
  function stoppedGroup(state: string) {
    const inspector = cluster('dev', { orders: 1, checked: 1 });
    inspector.topicPartitions = jest.fn(
      async (topics: string[]) => new Map(topics.map(t => [t, 1] as const)),
    );
    inspector.groupOffsets = jest.fn(async () => [
      {
        topic: 'orders',
        partition: 0,
        earliestOffset: 0,
        endOffset: 10,
        committedOffset: 3,
      },
    ]);
    inspector.group = jest.fn(async () => ({
      type: 'classic' as const,
      state,
    }));
    return inspector;
  }

  it("plans a reset on the group's input topics only, committing nothing", async () => {
    const inspector = stoppedGroup('Empty');
    const plan = await insight({}, inspector).planOffsetReset(
      ref,
      { ...ref, to: 'earliest', dryRun: true },
      deployed,
    );
    expect(inspector.topicPartitions).toHaveBeenCalledWith(['orders']);
    expect(plan).toEqual({
      groupId: 't-i-dev-checker',
      groupType: 'classic',
      groupState: 'Empty',
      to: 'earliest',
      dryRun: true,
      applied: false,
      lagBefore: 7,
      lagAfter: 10,
      partitions: [
        {
          topic: 'orders',
          partition: 0,
          earliestOffset: 0,
          endOffset: 10,
          currentOffset: 3,
          newOffset: 0,
          lagBefore: 7,
          lagAfter: 10,
        },
      ],
    });
    expect(inspector.commitGroupOffsets).not.toHaveBeenCalled();
  });

  it('refuses a topic the group does not read, naming it', async () => {
    await expect(
      insight({}, stoppedGroup('Empty')).planOffsetReset(
        ref,
        { ...ref, to: 'latest', topics: ['checked'], dryRun: true },
        deployed,
      ),
    ).rejects.toThrow(
      "Invalid offset reset: topics[0]: checked is not an input topic of checker's group; it reads orders",
    );
  });

  it('commits the planned offsets to an empty group', async () => {
    const inspector = stoppedGroup('Empty');
    const kafka = insight({}, inspector);
    const plan = await kafka.planOffsetReset(
      ref,
      { ...ref, to: 'earliest', dryRun: false },
      deployed,
    );
    await expect(kafka.applyOffsetReset(ref, plan)).resolves.toMatchObject({
      applied: true,
    });
    expect(inspector.commitGroupOffsets).toHaveBeenCalledWith(
      't-i-dev-checker',
      [{ topic: 'orders', partition: 0, offset: 0 }],
    );
    // The plan's group state is judged: the group (ListGroups, every broker) is asked once.
    expect(inspector.group).toHaveBeenCalledTimes(1);
  });

  it('commits nothing while the group still has members, saying why', async () => {
    const inspector = stoppedGroup('Stable');
    const kafka = insight({}, inspector);
    const plan = await kafka.planOffsetReset(
      ref,
      { ...ref, to: 'earliest', dryRun: false },
      deployed,
    );
    await expect(kafka.applyOffsetReset(ref, plan)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'The consumer group t-i-dev-checker of checker in dev still has members (state Stable)',
      ),
    });
    expect(inspector.commitGroupOffsets).not.toHaveBeenCalled();
  });
});
