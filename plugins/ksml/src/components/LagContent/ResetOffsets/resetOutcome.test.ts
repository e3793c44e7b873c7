import type { KsmlOffsetResetPartition } from '@ksml-backstage/plugin-ksml-common';
import { responseError } from '../../../__testUtils__';
import {
  groupText,
  lagArrow,
  lagChangeOf,
  lagChangeText,
  resetRefusalOf,
  resetTargetText,
} from './resetOutcome';

const partition = (
  lagBefore: number,
  lagAfter: number,
): KsmlOffsetResetPartition => ({
  topic: 'sensor_data',
  partition: 0,
  earliestOffset: 0,
  endOffset: 1500,
  currentOffset: 1500 - lagBefore,
  newOffset: 1500 - lagAfter,
  lagBefore,
  lagAfter,
});

describe('resetRefusalOf', () => {
  it('tells the 409s apart by their reason', async () => {
    expect(resetRefusalOf(await responseError(409, 'runs', 'AppRunning'))).toBe(
      'app-running',
    );
    expect(
      resetRefusalOf(await responseError(409, 'members', 'GroupActive')),
    ).toBe('group-active');
  });

  it('is nothing for other errors', async () => {
    expect(
      resetRefusalOf(await responseError(409, 'busy', 'Conflict')),
    ).toBeUndefined();
    expect(
      resetRefusalOf(await responseError(400, 'x', 'AppRunning')),
    ).toBeUndefined();
    expect(resetRefusalOf(new Error('offline'))).toBeUndefined();
    expect(resetRefusalOf(undefined)).toBeUndefined();
  });
});

describe('lagChangeOf', () => {
  it('sums partitions moved back and forward apart', () => {
    expect(
      lagChangeOf([partition(600, 1500), partition(634, 0), partition(5, 5)]),
    ).toEqual({ reprocessed: 900, skipped: 634 });
  });
});

describe('lagChangeText', () => {
  it('says what the app reads again and what it skips', () => {
    expect(lagChangeText('app', [partition(600, 1500)])).toBe(
      'When started, app reprocesses 900 records.',
    );
    expect(lagChangeText('app', [partition(1, 0)])).toBe(
      'When started, app skips 1 record it has not processed yet.',
    );
    expect(lagChangeText('app', [partition(0, 2000), partition(634, 0)])).toBe(
      'When started, app reprocesses 2,000 records and skips 634 records it has not processed yet.',
    );
    expect(lagChangeText('app', [partition(5, 5)])).toBe(
      'Nothing changes for app: no partition moves.',
    );
  });
});

describe('resetTargetText', () => {
  it.each([
    [{ to: 'earliest' as const }, 'to the earliest records the broker keeps'],
    [{ to: 'latest' as const }, 'to the end of each partition'],
    [
      { to: 'time' as const, time: '2024-08-26T13:04:20.000Z' },
      'to the first record at or after 2024-08-26 13:04:20 UTC',
    ],
    [{ to: 'offsets' as const }, 'to the offsets entered'],
  ])('tells %p', (result, text) => {
    expect(resetTargetText(result)).toBe(text);
  });
});

describe('groupText', () => {
  it('names the group, its type and its state', () => {
    expect(
      groupText({ groupId: 'g', groupType: 'streams', groupState: 'Empty' }),
    ).toBe('Consumer group g: a Streams group (KIP-1071), state Empty.');
    expect(groupText({ groupId: 'g', groupType: 'unknown' })).toBe(
      'Consumer group g: not known to the broker yet: it never committed.',
    );
  });
});

describe('lagArrow', () => {
  it('shows before and after', () => {
    expect(lagArrow(600, 1500)).toBe('600 → 1,500');
  });
});
