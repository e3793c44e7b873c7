import { responseExamples } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { readSummary, recordTopics, shownPart } from './records';

describe('recordTopics', () => {
  it('lists the topics read, then those only written, saying which', () => {
    expect(
      recordTopics({ inputTopics: ['a', 'b'], outputTopics: ['b', 'c'] }),
    ).toEqual([
      { topic: 'a', role: 'reads' },
      { topic: 'b', role: 'reads and writes' },
      { topic: 'c', role: 'writes' },
    ]);
  });
});

describe('readSummary', () => {
  const response = responseExamples.KsmlRecordsResponse;
  it('says how many of how many scanned, and which bound stopped the read', () => {
    expect(readSummary(response)).toBe('1 record of ksml_sensordata_avro.');
    expect(
      readSummary({
        ...response,
        scanned: { records: 10_000, bytes: 5 },
        truncated: 'records',
      }),
    ).toBe(
      '1 record of ksml_sensordata_avro of 10000 scanned; the read stopped at its limit of records scanned: narrow it with a time or an offset.',
    );
  });
});

describe('shownPart', () => {
  it('shows JSON compact, text as it is, and null', () => {
    expect(shownPart({ a: 1 })).toBe('{"a":1}');
    expect(shownPart('x')).toBe('x');
    expect(shownPart(null)).toBe('null');
  });
});
