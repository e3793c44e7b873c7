import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { backendRefusal, fakeKsml } from '../testing/fakeKsml';
import { createKsmlRollbackAction, createKsmlScaleAction } from './operate';

describe('ksml:app:rollback and ksml:app:scale', () => {
  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
  };
  const release = 'dizzl-sandbox-dev-sensor-inspector-ksml';
  const run = (
    create: (options: Parameters<typeof createKsmlScaleAction>[0]) => {
      handler: (ctx: any) => Promise<void>;
    },
    ksml: ReturnType<typeof fakeKsml>,
    input: Record<string, unknown>,
    context: Record<string, unknown> = {},
  ) => {
    const ctx = {
      ...createMockActionContext({ input: input as any }),
      ...context,
    };
    const action = create({ ksml, auth: mockServices.auth() });
    return { done: action.handler(ctx as any), ctx };
  };

  it('rolls back on behalf of the user and outputs the new revision', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(createKsmlRollbackAction, ksml, {
      ...ref,
      revision: 2,
    });
    await done;
    expect(ksml.rollback).toHaveBeenCalledWith(
      { ...ref, revision: 2 },
      { token: expect.stringContaining('"target":"ksml"') },
    );
    expect(ctx.output).toHaveBeenCalledWith('releaseName', release);
    expect(ctx.output).toHaveBeenCalledWith('revision', 5);
  });

  it('scales on behalf of the user; 0 stops the app', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(createKsmlScaleAction, ksml, {
      ...ref,
      replicas: 0,
    });
    await done;
    expect(ksml.scale).toHaveBeenCalledWith(
      { ...ref, replicas: 0 },
      { token: expect.stringContaining('"target":"ksml"') },
    );
    expect(ctx.output).toHaveBeenCalledWith('revision', 5);
  });

  it('changes nothing in a dry run', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(
      createKsmlScaleAction,
      ksml,
      { ...ref, replicas: 3 },
      { isDryRun: true },
    );
    await done;
    expect(ksml.scale).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('releaseName', release);
  });

  it('says why the backend refused', async () => {
    const ksml = fakeKsml();
    ksml.rollback.mockRejectedValue(
      await backendRefusal(
        409,
        'ConflictError',
        `${release} runs as a Job, which is not rolled back`,
      ),
    );
    await expect(
      run(createKsmlRollbackAction, ksml, { ...ref, revision: 1 }).done,
    ).rejects.toThrow(
      `KSML backend refused the rollback (409 ConflictError): ${release} runs as a Job, which is not rolled back`,
    );
  });
});
