import { logFileName } from './downloadLog';

describe('logFileName', () => {
  it('names the file after release and replica', () => {
    expect(logFileName('dizzl-sandbox-dev-sensor-inspector-ksml', '0')).toBe(
      'dizzl-sandbox-dev-sensor-inspector-ksml-0.log',
    );
  });

  it('replaces characters a file system may refuse', () => {
    expect(logFileName('r', 'a/b:c')).toBe('r-a_b_c.log');
  });
});
