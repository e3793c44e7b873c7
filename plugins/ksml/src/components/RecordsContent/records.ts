import type {
  KsmlRecord,
  KsmlRecordsResponse,
  KsmlTopology,
} from '@ksml-backstage/plugin-ksml-common';

/** The topics a user may read records of: the ones the app reads, then the ones it writes. */
export function recordTopics(
  topology: Pick<KsmlTopology, 'inputTopics' | 'outputTopics'>,
): Array<{ topic: string; role: 'reads' | 'writes' | 'reads and writes' }> {
  const inputs = new Set(topology.inputTopics);
  const outputs = new Set(topology.outputTopics);
  return [
    ...topology.inputTopics,
    ...topology.outputTopics.filter(t => !inputs.has(t)),
  ].map(topic => {
    if (inputs.has(topic) && outputs.has(topic))
      return { topic, role: 'reads and writes' as const };
    return { topic, role: inputs.has(topic) ? 'reads' : 'writes' };
  });
}

/** A decoded key or value as one line of a table cell: JSON compact, null as "null". Pure. */
export function shownPart(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A record's headers as `key=value` pairs, comma-separated. Pure. */
export function shownHeaders(record: KsmlRecord): string {
  return record.headers
    .map(h => `${h.key}=${h.value === null ? 'null' : h.value}`)
    .join(', ');
}

/**
 * What a read says of itself: how many records it shows of how many it scanned, and which bound
 * stopped it. Pure.
 */
export function readSummary(response: KsmlRecordsResponse): string {
  const shown = response.records.length;
  const noun = shown === 1 ? 'record' : 'records';
  const scanned =
    response.scanned.records === shown
      ? ''
      : ` of ${response.scanned.records} scanned`;
  const bound = response.truncated
    ? `; the read stopped at its limit of ${response.truncated} scanned: narrow it with a time or an offset`
    : '';
  return `${shown} ${noun} of ${response.topic}${scanned}${bound}.`;
}
