import { LiveLogSlots } from './LiveLogSlots';

describe('LiveLogSlots', () => {
  it('bounds the streams per user and in total, and frees them once', () => {
    const slots = new LiveLogSlots({ perUser: 2, total: 3 });
    const a1 = slots.acquire('ann');
    const a2 = slots.acquire('ann');
    expect(slots.acquire('ann')).toEqual({
      refused: expect.stringContaining('You follow 2 logs already'),
    });
    const b1 = slots.acquire('bob');
    expect(slots.acquire('cy')).toEqual({
      refused: expect.stringContaining('The backend follows 3 logs already'),
    });
    if (!('release' in a1) || !('release' in a2) || !('release' in b1))
      throw new Error('expected slots');
    a1.release();
    a1.release(); // once only
    expect('release' in slots.acquire('cy')).toBe(true);
    expect(slots.acquire('dan')).toMatchObject({ refused: expect.any(String) });
    a2.release();
    expect('release' in slots.acquire('ann')).toBe(true);
  });
});
