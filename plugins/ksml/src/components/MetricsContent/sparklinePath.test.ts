import { sparklinePath } from './sparklinePath';

const box = { width: 102, height: 22, padding: 1 };

describe('sparklinePath', () => {
  it('draws nothing without values', () => {
    expect(sparklinePath([], box)).toBe('');
    expect(sparklinePath([NaN], box)).toBe('');
  });

  it('scales from the lowest value at the bottom to the highest at the top', () => {
    expect(sparklinePath([0, 10, 5], box)).toBe('M1 21 L51 1 L101 11');
  });

  it('draws a flat series through the middle', () => {
    expect(sparklinePath([4, 4, 4], box)).toBe('M1 11 L51 11 L101 11');
  });

  it('draws a single value as a flat line', () => {
    expect(sparklinePath([7], box)).toBe('M1 11 L101 11');
  });

  it('skips values that are not numbers', () => {
    expect(sparklinePath([0, NaN, 10], box)).toBe('M1 21 L101 1');
  });

  it('uses a padding of 1 by default and rounds coordinates', () => {
    expect(sparklinePath([0, 1, 2, 3], { width: 10, height: 11 })).toBe(
      'M1 10 L3.67 7 L6.33 4 L9 1',
    );
  });
});
