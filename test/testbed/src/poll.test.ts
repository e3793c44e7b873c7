import { waitFor } from './poll';

describe('waitFor', () => {
  it('returns the first defined value', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => (++calls >= 3 ? calls : undefined),
      {
        description: 'three calls',
        timeoutMs: 1000,
        intervalMs: 1,
      },
    );
    expect(value).toBe(3);
  });

  it('fails with the description and the last error when time runs out', async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error('connection refused');
        },
        { description: 'the API server', timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow('waiting for the API server: connection refused');
  });
});
