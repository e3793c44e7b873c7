import { mapConcurrently } from './mapConcurrently';

describe('mapConcurrently', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently(
      [5, 1, 4, 2, 3, 0],
      2,
      async (n, i) => {
        running++;
        most = Math.max(most, running);
        await new Promise(r => setTimeout(r, n * 3));
        running--;
        return `${i}:${n}`;
      },
    );
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(most).toBe(2);
    expect(await mapConcurrently([], 4, async x => x)).toEqual([]);
  });
});
