const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * A timestamp relative to `now`, in its largest whole unit: "5 minutes ago", "yesterday".
 * Returns the input unchanged when it is not a date.
 */
export function formatRelativeTime(
  iso: string,
  now: Date = new Date(),
): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return iso;
  }
  const seconds = Math.round((time - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.trunc(seconds / size), unit);
    }
  }
  return iso; // unreachable: 'second' always matches
}

/** A timestamp in full, in UTC so that everyone reading it sees the same text. */
export function formatAbsoluteTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return iso;
  }
  return `${new Date(time).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
