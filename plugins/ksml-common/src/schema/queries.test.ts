import { parseRouteInput, ksmlRoute } from '../contract/routes';

const app = {
  tenant: 't',
  instance: 'i',
  environment: 'dev',
  application: 'a',
};
const records = (query: Record<string, string>) =>
  parseRouteInput(ksmlRoute('records'), {
    query: { ...app, topic: 'orders', ...query },
    body: undefined,
  });

describe('the records query', () => {
  it('reads numbers and a time, with the defaults', () => {
    expect(records({ partition: '2', offset: '40' })).toMatchObject({
      limit: 50,
      partition: 2,
      offset: 40,
    });
    expect(records({ from: '2026-12-07T10:00:00+01:00' })).toMatchObject({
      from: '2026-12-07T10:00:00+01:00',
    });
  });

  it.each([
    [
      { partition: '', offset: '' },
      'partition: must be a whole number of 0 or more',
    ],
    [{ partition: '1' }, 'offset: goes with partition: give both, or neither'],
    [{ from: '1' }, 'from: must be a time in ISO 8601'],
    [{ from: '2026-12-07 10:00' }, 'from: must be a time in ISO 8601'],
    [
      { from: '2026-12-07T10:00:00Z', partition: '0', offset: '1' },
      'from: cannot be given with offset',
    ],
    [{ limit: '501' }, 'limit: must be at most 500'],
  ])('refuses %j, naming the field', (query, message) => {
    expect(() => records(query)).toThrow(message);
  });
});
