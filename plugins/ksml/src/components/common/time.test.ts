import { formatAbsoluteTime, formatRelativeTime } from './time';

describe('formatRelativeTime', () => {
  const now = new Date('2024-08-26T13:04:20Z');

  it.each([
    ['2024-08-26T13:04:20Z', 'now'],
    ['2024-08-26T13:04:10Z', '10 seconds ago'],
    ['2024-08-26T12:59:20Z', '5 minutes ago'],
    ['2024-08-26T10:04:20Z', '3 hours ago'],
    ['2024-08-25T13:04:20Z', 'yesterday'],
    ['2024-08-12T13:04:20Z', '2 weeks ago'],
    ['2023-08-26T13:04:20Z', 'last year'],
    ['2024-08-26T13:09:20Z', 'in 5 minutes'],
  ])('formats %p as %p', (iso, expected) => {
    expect(formatRelativeTime(iso, now)).toBe(expected);
  });

  it('leaves a non-date alone', () => {
    expect(formatRelativeTime('soon', now)).toBe('soon');
  });
});

describe('formatAbsoluteTime', () => {
  it('formats in UTC', () => {
    expect(formatAbsoluteTime('2024-08-26T15:04:20+02:00')).toBe(
      '2024-08-26 13:04:20 UTC',
    );
    expect(formatAbsoluteTime('nope')).toBe('nope');
  });
});
