import { lagResponse, responseError } from '../../__testUtils__';
import {
  formatCommitted,
  formatCount,
  historyTotals,
  lagProblem,
  lagSummary,
} from './lag';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [1234, '1,234'],
    [1234567, '1,234,567'],
  ])('formats %p as %p', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });
});

describe('formatCommitted', () => {
  it('says "none" without a commit', () => {
    expect(formatCommitted(undefined)).toBe('none');
    expect(formatCommitted(0)).toBe('0');
    expect(formatCommitted(9000)).toBe('9,000');
  });
});

describe('lagProblem', () => {
  it.each([
    [
      404,
      'No Kafka connection is configured for environment dev',
      'no-connection',
    ],
    [404, 'x-ksml is not deployed in namespace ksml-dev', 'not-deployed'],
    [503, 'why', 'unreachable'],
    [403, 'why', 'forbidden'],
    [500, 'why', 'other'],
  ])('classifies %p "%s" as %p', async (status, message, kind) => {
    expect(lagProblem(await responseError(status, message))).toEqual({
      kind,
      message,
    });
  });

  it('classifies a plain error as other', () => {
    expect(lagProblem(new Error('offline'))).toEqual({
      kind: 'other',
      message: 'offline',
    });
  });
});

describe('historyTotals', () => {
  it('lists the totals oldest first', () => {
    expect(historyTotals(lagResponse())).toEqual([2000, 1500, 1234]);
    expect(historyTotals(lagResponse({ history: [] }))).toEqual([]);
  });
});

describe('lagSummary', () => {
  it('is nothing while loading', () => {
    expect(lagSummary(undefined, undefined)).toBeUndefined();
  });

  it('is the total once loaded', () => {
    expect(lagSummary(lagResponse(), undefined)).toEqual({
      kind: 'total',
      total: 1234,
    });
  });

  it('is nothing without a Kafka connection (404)', async () => {
    expect(
      lagSummary(undefined, await responseError(404, 'no connection')),
    ).toBeUndefined();
  });

  it('is unavailable with the message on another error', async () => {
    expect(
      lagSummary(undefined, await responseError(503, 'broker:9093 is down')),
    ).toEqual({ kind: 'unavailable', message: 'broker:9093 is down' });
  });
});
