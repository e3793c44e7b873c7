import { cpuMillicores, memoryBytes } from './quantity';

describe('quantities', () => {
  it.each([
    ['250m', 250],
    ['250000000n', 250],
    ['1', 1000],
    ['0.5', 500],
  ])('cpu %s is %d millicores', (q, expected) => {
    expect(cpuMillicores(q)).toBeCloseTo(expected);
  });

  it.each([
    ['512Mi', 512 * 1024 * 1024],
    ['524288Ki', 512 * 1024 * 1024],
    ['1G', 1e9],
    ['1024', 1024],
  ])('memory %s is %d bytes', (q, expected) => {
    expect(memoryBytes(q)).toBe(expected);
  });

  it('rejects what is not a quantity', () => {
    expect(() => cpuMillicores('fast')).toThrow('Not a CPU quantity: fast');
  });
});
