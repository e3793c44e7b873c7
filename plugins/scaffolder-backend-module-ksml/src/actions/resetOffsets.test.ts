import { mockServices } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { backendRefusal, fakeKsml, offsetResetFor } from '../testing/fakeKsml';
import { createKsmlResetOffsetsAction } from './resetOffsets';

describe('ksml:app:reset-offsets', () => {
  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
  };
  const release = 'dizzl-sandbox-dev-sensor-inspector-ksml';
  const token = { token: expect.stringContaining('"target":"ksml"') };

  const run = (
    ksml: ReturnType<typeof fakeKsml>,
    input: Record<string, unknown>,
    context: Record<string, unknown> = {},
  ) => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: { ...ref, ...input } as any,
        logger,
      }),
      ...context,
    };
    const action = createKsmlResetOffsetsAction({
      ksml,
      auth: mockServices.auth(),
      pollIntervalMs: 10,
    });
    const lines = () =>
      logger.info.mock.calls.map(([message]) => String(message));
    return { done: action.handler(ctx as any), ctx, lines };
  };

  /** The backend of a stopped app (a real reset waits for that). */
  const stoppedApp = () =>
    fakeKsml([{ status: 'Stopped', replicas: 0, readyReplicas: 0 }]);

  /** The outputs the step gave, by name. */
  const outputs = (ctx: { output: unknown }) =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);

  it('in a dry run has the backend plan the reset, logs it per partition and applies nothing', async () => {
    const ksml = stoppedApp();
    const checkpoint = jest.fn();
    const { done, ctx, lines } = run(
      ksml,
      { to: 'earliest' },
      { isDryRun: true, checkpoint },
    );
    await done;
    expect(ksml.resetOffsets).toHaveBeenCalledTimes(1);
    expect(ksml.resetOffsets).toHaveBeenCalledWith(
      { ...ref, to: 'earliest', dryRun: true },
      token,
    );
    // A plan is asked for again on a retry; nothing to keep.
    expect(checkpoint).not.toHaveBeenCalled();
    expect(lines()).toEqual([
      `Dry run: the offsets of ${release} (group dizzl-sandbox-sensor-inspector, classic, Empty) would move to earliest:`,
      '  ksml_sensordata_avro-0: 100 → 0, lag 20 → 120',
      '  ksml_sensordata_avro-1: none → 10, lag 70 → 70',
      '2 partitions, lag 90 → 190; nothing was applied',
    ]);
    expect(outputs(ctx)).toEqual({
      releaseName: release,
      groupId: 'dizzl-sandbox-sensor-inspector',
      groupType: 'classic',
      partitions: 2,
      lagBefore: 90,
      lagAfter: 190,
      applied: false,
    });
  });

  it('resets once on behalf of the user: a retried task replays its checkpoint', async () => {
    const ksml = stoppedApp();
    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key);
    };
    const input = { to: 'time', time: '2026-12-07T10:00:00Z' };
    const first = run(ksml, input, { checkpoint });
    await first.done;
    const second = run(ksml, input, { checkpoint });
    await second.done;

    expect(ksml.resetOffsets).toHaveBeenCalledTimes(1);
    expect(ksml.resetOffsets).toHaveBeenCalledWith(
      { ...ref, to: 'time', time: '2026-12-07T10:00:00Z', dryRun: false },
      token,
    );
    expect([...checkpoints.keys()]).toEqual([
      `ksml.reset-offsets.${release}.time.2026-12-07T10:00:00Z`,
    ]);
    // The checkpoint keeps the totals, not the partitions.
    expect(checkpoints.get([...checkpoints.keys()][0])).toEqual({
      groupId: 'dizzl-sandbox-sensor-inspector',
      groupType: 'classic',
      groupState: 'Empty',
      applied: true,
      partitions: 2,
      lagBefore: 90,
      lagAfter: 100,
    });
    expect(first.lines()).toEqual([
      `${release}: status Stopped, replicas ready 0/0`,
      `The offsets of ${release} (group dizzl-sandbox-sensor-inspector, classic, Empty) moved to the first records at or after 2026-12-07T10:00:00Z:`,
      '  ksml_sensordata_avro-0: 100 → 60, lag 20 → 60',
      '  ksml_sensordata_avro-1: none → 40, lag 70 → 40',
      '2 partitions, lag 90 → 100; applied',
    ]);
    // The replay logs the totals and gives the same outputs.
    expect(second.lines()).toEqual(['2 partitions, lag 90 → 100; applied']);
    for (const { ctx } of [first, second]) {
      expect(outputs(ctx)).toEqual({
        releaseName: release,
        groupId: 'dizzl-sandbox-sensor-inspector',
        groupType: 'classic',
        partitions: 2,
        lagBefore: 90,
        lagAfter: 100,
        applied: true,
      });
    }
  });

  it('keeps resets to other targets apart in the checkpoint', async () => {
    const ksml = stoppedApp();
    const keys: string[] = [];
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      keys.push(key);
      return fn();
    };
    await run(ksml, { to: 'earliest' }, { checkpoint }).done;
    await run(ksml, { to: 'earliest', topics: ['a'] }, { checkpoint }).done;
    await run(ksml, { to: 'earliest', topics: ['b'] }, { checkpoint }).done;
    await run(
      ksml,
      {
        to: 'offsets',
        offsets: [{ topic: 'ksml_sensordata_avro', partition: 1, offset: 50 }],
      },
      { checkpoint },
    ).done;
    expect(keys[0]).toBe(`ksml.reset-offsets.${release}.earliest`);
    expect(keys[1]).toMatch(
      new RegExp(
        `^ksml\\.reset-offsets\\.${release}\\.earliest\\.[0-9a-f]{12}$`,
      ),
    );
    expect(keys[3]).toMatch(
      new RegExp(
        `^ksml\\.reset-offsets\\.${release}\\.offsets\\.[0-9a-f]{12}$`,
      ),
    );
    expect(new Set(keys).size).toBe(4);
    expect(ksml.resetOffsets).toHaveBeenLastCalledWith(
      {
        ...ref,
        to: 'offsets',
        offsets: [{ topic: 'ksml_sensordata_avro', partition: 1, offset: 50 }],
        dryRun: false,
      },
      token,
    );
  });

  it("leaves out a form's empty time", async () => {
    const ksml = stoppedApp();
    await run(ksml, { to: 'latest', time: '' }).done;
    expect(ksml.resetOffsets).toHaveBeenCalledWith(
      { ...ref, to: 'latest', dryRun: false },
      token,
    );
  });

  it('logs the first 50 partitions of a large reset and counts the rest', async () => {
    const ksml = stoppedApp();
    const one = offsetResetFor({ ...ref, to: 'earliest' }).partitions[0];
    ksml.resetOffsets.mockResolvedValueOnce({
      ...offsetResetFor({ ...ref, to: 'earliest' }),
      partitions: Array.from({ length: 120 }, (_, partition) => ({
        ...one,
        partition,
      })),
    });
    const { done, ctx, lines } = run(ksml, { to: 'earliest' });
    await done;
    // The app's status, the header, 50 partitions, the count of the rest, the totals.
    expect(lines()).toHaveLength(1 + 1 + 50 + 1 + 1);
    expect(lines()[51]).toBe(
      '  ksml_sensordata_avro-49: 100 → 0, lag 20 → 120',
    );
    expect(lines()[52]).toBe('  … and 70 more partitions');
    expect(ctx.output).toHaveBeenCalledWith('partitions', 120);
  });

  it("fails with the backend's 409 while the app runs, and while its group has members", async () => {
    const running = `sensor-inspector in dev is Running (1 of 1 replicas ready): its offsets are reset only while it is stopped; stop it first (Stop in the KSML tab, or POST /scale with replicas 0), then reset`;
    const ksml = stoppedApp();
    ksml.resetOffsets.mockRejectedValueOnce(
      await backendRefusal(409, 'ConflictError', running, 'AppRunning'),
    );
    const { done, ctx } = run(ksml, { to: 'earliest' });
    await expect(done).rejects.toThrow(
      `KSML backend refused the offset reset (409 ConflictError, AppRunning): ${running}`,
    );
    expect(ctx.output).not.toHaveBeenCalled();

    const members =
      'The consumer group dizzl-sandbox-sensor-inspector of sensor-inspector in dev still has members (state PreparingRebalance): a stopped runner stays a member until its session times out (session.timeout.ms, 45 s by default); reset again when the group is Empty';
    ksml.resetOffsets.mockRejectedValueOnce(
      await backendRefusal(409, 'ConflictError', members, 'GroupActive'),
    );
    // With no time to wait, the group's refusal is the step's.
    await expect(
      run(ksml, { to: 'earliest', timeout: 0 }).done,
    ).rejects.toThrow(
      `KSML backend refused the offset reset (409 ConflictError, GroupActive): ${members}`,
    );
  });

  it('waits for the app to stop, then tries again while its group still has members', async () => {
    const ksml = fakeKsml([
      { status: 'Starting', replicas: 0, readyReplicas: 1 },
      { status: 'Stopped', replicas: 0, readyReplicas: 0 },
    ]);
    const members = 'The consumer group g still has members (state Stable)';
    ksml.resetOffsets
      .mockRejectedValueOnce(
        await backendRefusal(409, 'ConflictError', members, 'GroupActive'),
      )
      .mockRejectedValueOnce(
        await backendRefusal(409, 'ConflictError', members, 'GroupActive'),
      );
    const { done, ctx, lines } = run(ksml, { to: 'latest' });
    await done;
    expect(ksml.status).toHaveBeenCalledTimes(2);
    expect(ksml.resetOffsets).toHaveBeenCalledTimes(3);
    expect(outputs(ctx)).toMatchObject({ applied: true });
    expect(
      lines().filter(line => line.includes('still has members')),
    ).toHaveLength(2);
  });

  it('fails naming the last status when the app does not stop in time', async () => {
    const ksml = fakeKsml([
      { status: 'Running', replicas: 1, readyReplicas: 1 },
    ]);
    await expect(run(ksml, { to: 'latest', timeout: 1 }).done).rejects.toThrow(
      /^Timed out after 1 s waiting for the app to be Stopped or Completed; last seen: status Running, replicas ready 1\/1$/,
    );
    expect(ksml.resetOffsets).not.toHaveBeenCalled();
  });

  it("leaves the inputs' combinations to the backend and fails with its 400, in a dry run too", async () => {
    // The action checks each field's shape only; which fields go together is the backend's.
    const ksml = stoppedApp();
    ksml.resetOffsets.mockRejectedValueOnce(
      await backendRefusal(
        400,
        'InputError',
        'Invalid offset reset: time is required with to: time',
      ),
    );
    const { done } = run(ksml, { to: 'time' }, { isDryRun: true });
    await expect(done).rejects.toThrow(
      'KSML backend refused the offset reset (400 InputError): Invalid offset reset: time is required with to: time',
    );
    expect(ksml.resetOffsets).toHaveBeenCalledWith(
      { ...ref, to: 'time', dryRun: true },
      token,
    );
  });

  it('refuses in its schema (as the scaffolder checks a step) what the backend never takes', () => {
    const action = createKsmlResetOffsetsAction({
      ksml: fakeKsml(),
      auth: mockServices.auth(),
    }) as TemplateAction<any, any, 'v2'>;
    const refused = (input: Record<string, unknown>) =>
      validate({ ...ref, ...input }, action.schema!.input as any)
        .errors.map(e => e.property)
        .sort();
    expect(refused({ to: 'earliest' })).toEqual([]);
    expect(refused({ to: 'yesterday' })).toEqual(['instance.to']);
    expect(refused({ to: 'earliest', topics: [] })).toEqual([
      'instance.topics',
    ]);
    expect(
      refused({
        to: 'offsets',
        offsets: [{ topic: 'a', partition: -1, offset: 1.5, extra: true }],
      }),
    ).toEqual([
      'instance.offsets[0]', // extra
      'instance.offsets[0].offset',
      'instance.offsets[0].partition',
    ]);
  });

  it('only plans when a step asks for a dry run, waiting for nothing', async () => {
    const ksml = fakeKsml([
      { status: 'Running', replicas: 1, readyReplicas: 1 },
    ]);
    const { done, ctx } = run(ksml, { to: 'earliest', dryRun: true });
    await done;
    expect(ksml.status).not.toHaveBeenCalled();
    expect(ksml.resetOffsets).toHaveBeenCalledWith(
      { ...ref, to: 'earliest', dryRun: true },
      token,
    );
    expect(outputs(ctx)).toMatchObject({ applied: false });
  });
});
