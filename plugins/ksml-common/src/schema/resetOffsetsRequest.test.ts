import { parseRouteInput, ksmlRoute } from '../contract/routes';

const app = {
  tenant: 't',
  instance: 'i',
  environment: 'dev',
  application: 'a',
};
const reset = (body: Record<string, unknown>) =>
  parseRouteInput(ksmlRoute('resetOffsets'), {
    query: {},
    body: { ...app, ...body },
  });

describe('the offset reset request', () => {
  it('takes each target, and is no dry run unless asked', () => {
    expect(reset({ to: 'earliest' })).toEqual({
      ...app,
      to: 'earliest',
      dryRun: false,
    });
    expect(
      reset({ to: 'time', time: '2026-12-07T10:00:00+01:00', dryRun: true }),
    ).toMatchObject({ to: 'time', dryRun: true });
    expect(
      reset({
        to: 'offsets',
        offsets: [{ topic: 'in', partition: 0, offset: 12 }],
      }),
    ).toMatchObject({ offsets: [{ topic: 'in', partition: 0, offset: 12 }] });
    expect(reset({ to: 'latest', topics: ['in'] })).toMatchObject({
      topics: ['in'],
    });
  });

  it.each([
    [{ to: 'yesterday' }, 'to: must be one of'],
    [{}, 'to: '],
    [{ to: 'time' }, 'time: is required with to: time'],
    [{ to: 'time', time: '10:00' }, 'time: must be a time in ISO 8601'],
    [
      { to: 'earliest', time: '2026-12-07T10:00:00Z' },
      'time: goes only with to: time',
    ],
    [{ to: 'offsets' }, 'offsets: is required with to: offsets'],
    [{ to: 'offsets', offsets: [] }, 'offsets: must name at least one'],
    [
      { to: 'offsets', offsets: [{ topic: 'in', partition: -1, offset: 0 }] },
      'offsets[0].partition: must be 0 or more',
    ],
    [
      {
        to: 'offsets',
        offsets: [
          { topic: 'in', partition: 0, offset: 0 },
          { topic: 'in', partition: 0, offset: 5 },
        ],
      },
      'offsets[1]: names in partition 0 a second time',
    ],
    [
      {
        to: 'offsets',
        offsets: [{ topic: 'in', partition: 0, offset: 0 }],
        topics: ['in'],
      },
      'topics: cannot be given with offsets',
    ],
    [{ to: 'latest', topics: [] }, 'topics: must name at least one topic'],
    [{ to: 'latest', dryRun: 'yes' }, 'dryRun: '],
    [{ to: 'latest', force: true }, 'force'],
  ])('refuses %j, naming the field', (body, message) => {
    expect(() => reset(body)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(message),
      }),
    );
  });
});
