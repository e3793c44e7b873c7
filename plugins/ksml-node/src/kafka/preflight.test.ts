import { preflightFindings } from './preflight';

const cluster = 'the Kafka cluster of environment dev (k:9092)';

describe('preflightFindings', () => {
  it('names each missing input topic and does not warn about replicas it cannot judge', () => {
    const found = preflightFindings(
      { inputTopics: ['a', 'b', 'c'], outputTopics: [] },
      new Map([['b', 3]]),
      1,
      cluster,
    );
    expect(found.missingInputTopics).toEqual(['a', 'c']);
    expect(found.warnings).toEqual([]);
  });

  it('warns about missing output topics, but not about an output that is also an input', () => {
    const found = preflightFindings(
      { inputTopics: ['in', 'loop'], outputTopics: ['loop', 'out1', 'out2'] },
      new Map([['in', 1]]),
      1,
      cluster,
    );
    expect(found.missingInputTopics).toEqual(['loop']);
    expect(found.warnings).toEqual([
      `Output topics out1, out2 do not exist on ${cluster}: writing fails unless the cluster creates topics`,
    ]);
  });

  it('warns when replicas exceed every partition of the inputs together (the most tasks)', () => {
    const topics = new Map([
      ['in', 2],
      ['other', 1],
      ['out', 1],
    ]);
    const topology = { inputTopics: ['in', 'other'], outputTopics: ['out'] };
    // Two independent inputs: up to 3 tasks, so 3 replicas may all work.
    expect(preflightFindings(topology, topics, 3, cluster).warnings).toEqual(
      [],
    );
    expect(preflightFindings(topology, topics, 5, cluster).warnings).toEqual([
      '5 replicas, but the input topics have 3 partitions in all (at most 3 stream tasks): 2 replicas will idle',
    ]);
  });
});
