import { ksmlNameProblem } from './ksmlName';

describe('ksmlNameProblem', () => {
  it('accepts DNS labels', () => {
    for (const name of [
      'a',
      'sensor-inspector',
      'app2',
      '0day',
      'a'.repeat(63),
    ]) {
      expect(ksmlNameProblem(name)).toBeUndefined();
    }
  });

  it('tells what is wrong in words', () => {
    expect(ksmlNameProblem('')).toBe('Enter a name');
    expect(ksmlNameProblem(undefined)).toBe('Enter a name');
    expect(ksmlNameProblem('Sensor')).toBe('Use lowercase letters only');
    expect(ksmlNameProblem('sensor_app')).toBe(
      "Use only lowercase letters, digits and '-' ('_' is not allowed)",
    );
    expect(ksmlNameProblem('-sensor')).toBe(
      "Start and end with a letter or a digit (not '-')",
    );
    expect(ksmlNameProblem('sensor-')).toBe(
      "Start and end with a letter or a digit (not '-')",
    );
    expect(ksmlNameProblem('a'.repeat(64))).toBe(
      'Use at most 63 characters (this has 64)',
    );
  });
});
