import type {
  KsmlAppRef,
  KsmlLagResponse,
  ResetOffsetsRequestInput,
} from '@ksml-backstage/plugin-ksml-common';

/** Where an offset reset moves the app's consumer group (`to` of `POST /reset-offsets`). */
export type ResetTarget = 'earliest' | 'latest' | 'time' | 'offsets';

/** One partition of an input topic as the reset form offers it: its kept range and commit. */
export interface ResetPartition {
  topic: string;
  partition: number;
  earliestOffset: number;
  endOffset: number;
  /** What the group committed; absent when it never committed there. */
  committedOffset?: number;
}

/** What the reset dialog's form holds, as typed: turned into a request by {@link resetRequestOf}. */
export interface ResetForm {
  to: ResetTarget;
  /** With `to: time`: the value of a `datetime-local` input, in the browser's time zone. */
  time: string;
  /** The input topics chosen (not with `to: offsets`, whose rows name their own). */
  topics: string[];
  /** With `to: offsets`: each partition's new offset as typed, by {@link partitionKey}. */
  offsets: Record<string, string>;
}

/** What is wrong with a form, per field, in words for the field's helper text. */
export interface ResetFormErrors {
  time?: string;
  topics?: string;
  /** Of the offsets as a whole (none changed). */
  offsets?: string;
  /** Of single partitions' offsets, by {@link partitionKey}. */
  partitions: Record<string, string>;
}

/** The request a valid form makes (`dryRun` is the caller's), or what is wrong with it. */
export type ResetRequestResult =
  | { request: ResetOffsetsRequestInput; errors?: undefined }
  | { request?: undefined; errors: ResetFormErrors };

/** The key of a partition in {@link ResetForm.offsets} and {@link ResetFormErrors.partitions}. */
export function partitionKey(topic: string, partition: number): string {
  // Kafka topic names hold only letters, digits, '.', '_' and '-': '/' cannot clash.
  return `${topic}/${partition}`;
}

/** The partitions of the lag's input topics, in its order: the rows of `to: offsets`. */
export function resetPartitionsOf(lag: KsmlLagResponse): ResetPartition[] {
  return lag.topics.flatMap(topic =>
    topic.partitions.map(p => ({
      topic: topic.topic,
      partition: p.partition,
      earliestOffset: p.earliestOffset,
      endOffset: p.endOffset,
      committedOffset: p.committedOffset,
    })),
  );
}

/** What an offset field starts with: the committed offset, or nothing where there is none. */
function initialOffset(partition: ResetPartition): string {
  return partition.committedOffset === undefined
    ? ''
    : String(partition.committedOffset);
}

/**
 * A fresh form for the app's lag: to the earliest offsets on every input topic the broker has,
 * each partition's offset field holding its commit (so that only the rows changed are sent).
 */
export function initialResetForm(lag: KsmlLagResponse): ResetForm {
  return {
    to: 'earliest',
    time: '',
    topics: lag.topics.map(topic => topic.topic),
    offsets: Object.fromEntries(
      resetPartitionsOf(lag).map(p => [
        partitionKey(p.topic, p.partition),
        initialOffset(p),
      ]),
    ),
  };
}

const LOCAL_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * A `datetime-local` value ("2024-08-26T15:04", seconds optional) read in the browser's time
 * zone, as ISO 8601 in UTC ("2024-08-26T13:04:00.000Z"): the backend wants a zone, and the
 * user means their own. Undefined when it is no time, or one the zone skips (a daylight
 * saving gap), which `Date` would silently move by an hour.
 */
export function localTimeToIso(value: string): string | undefined {
  const match = LOCAL_TIME.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds = 0, ms = 0] = match
    .slice(1)
    .map(part => (part === undefined ? undefined : Number(part)));
  const date = new Date(year!, month! - 1, day!, hours!, minutes!, seconds, ms);
  // A day or hour out of range rolls over (31 April is 1 May): refused rather than moved.
  const same =
    date.getFullYear() === year &&
    date.getMonth() === month! - 1 &&
    date.getDate() === day &&
    date.getHours() === hours &&
    date.getMinutes() === minutes;
  return same ? date.toISOString() : undefined;
}

/** The offset typed for a partition, checked against what the broker keeps there. */
function offsetError(
  text: string,
  partition: ResetPartition,
): string | undefined {
  const range = `a whole number from ${partition.earliestOffset} (earliest) to ${partition.endOffset} (end)`;
  // Digits only: Number() would also take "1e3", "0x10" or " ".
  if (!/^\d+$/.test(text)) return `Enter ${range}`;
  const offset = Number(text);
  // The backend refuses an offset outside the kept range with a 400; said here first.
  if (offset < partition.earliestOffset || offset > partition.endOffset) {
    return `Out of range: enter ${range}`;
  }
  return undefined;
}

/**
 * The `POST /reset-offsets` body of a form, without `dryRun`, or what is wrong with it (as the
 * backend would say, but per field and before anything is sent):
 *
 * - `time`: a time must be entered, one that exists in the browser's time zone;
 * - `offsets`: only the partitions whose field differs from their commit are sent, each a whole
 *   number within what the broker keeps, and at least one must differ;
 * - otherwise `topics` is left out while every input topic is chosen (the backend's default,
 *   which also covers topics the broker lacks today), and at least one must be chosen.
 *
 * @param allTopics - the app's input topics the form offered
 * @param partitions - their partitions, the rows of `to: offsets`
 */
export function resetRequestOf(
  ref: KsmlAppRef,
  form: ResetForm,
  allTopics: string[],
  partitions: ResetPartition[],
): ResetRequestResult {
  const base = {
    tenant: ref.tenant,
    instance: ref.instance,
    environment: ref.environment,
    application: ref.application,
  };
  const errors: ResetFormErrors = { partitions: {} };
  let request: ResetOffsetsRequestInput | undefined;

  if (form.to === 'offsets') {
    const offsets: NonNullable<ResetOffsetsRequestInput['offsets']> = [];
    for (const partition of partitions) {
      const key = partitionKey(partition.topic, partition.partition);
      const text = (form.offsets[key] ?? '').trim();
      if (text === initialOffset(partition)) continue;
      const error = offsetError(text, partition);
      if (error) {
        errors.partitions[key] = error;
      } else {
        offsets.push({
          topic: partition.topic,
          partition: partition.partition,
          offset: Number(text),
        });
      }
    }
    if (offsets.length === 0 && Object.keys(errors.partitions).length === 0) {
      errors.offsets = "Change at least one partition's offset";
    }
    request = { ...base, to: 'offsets', offsets };
  } else {
    const chosen = allTopics.filter(topic => form.topics.includes(topic));
    if (chosen.length === 0) errors.topics = 'Choose at least one topic';
    const topics = chosen.length === allTopics.length ? {} : { topics: chosen };
    if (form.to === 'time') {
      const time = localTimeToIso(form.time);
      if (form.time.trim() === '') errors.time = 'Enter the time to reset to';
      else if (!time) errors.time = 'Enter a valid date and time';
      request = { ...base, to: 'time', time, ...topics };
    } else {
      request = { ...base, to: form.to, ...topics };
    }
  }

  const wrong =
    errors.time ||
    errors.topics ||
    errors.offsets ||
    Object.keys(errors.partitions).length > 0;
  return wrong ? { errors } : { request };
}
