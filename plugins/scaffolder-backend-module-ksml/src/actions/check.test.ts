import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { backendRefusal, fakeKsml, statusOf } from '../testing/fakeKsml';
import { createKsmlCheckAction } from './check';

describe('ksml:app:check', () => {
  const base = {
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'sensor-inspector',
  };
  const notDeployed = () =>
    backendRefusal(404, 'NotFoundError', 'not deployed');

  /** A backend where the app runs in the given environments only. */
  const ksmlRunningIn = async (...environments: string[]) => {
    const ksml = fakeKsml();
    const missing = await notDeployed();
    ksml.status.mockImplementation(async ref => {
      if (environments.includes(ref.environment)) {
        return statusOf({ status: 'Running', readyReplicas: 1 });
      }
      throw missing;
    });
    return ksml;
  };
  const run = (
    ksml: ReturnType<typeof fakeKsml>,
    input: Record<string, unknown>,
  ) => {
    const ctx = createMockActionContext({
      input: input as any,
      logger: mockServices.logger.mock(),
    });
    const action = createKsmlCheckAction({ ksml, auth: mockServices.auth() });
    return { done: action.handler(ctx as any), ctx };
  };

  it('passes a name that runs in none of the chosen environments', async () => {
    const ksml = await ksmlRunningIn('prod');
    const { done, ctx } = run(ksml, { ...base, environments: ['dev', 'stag'] });
    await done;
    expect(ksml.status).toHaveBeenCalledTimes(2);
    expect(ksml.status).toHaveBeenCalledWith(
      { ...base, environment: 'dev' },
      { token: expect.stringContaining('"target":"ksml"') },
    );
    expect(ctx.output).toHaveBeenCalledWith('existingIn', []);
  });

  it('refuses a name that already runs, naming the environments and releases', async () => {
    const ksml = await ksmlRunningIn('stag');
    const { done } = run(ksml, { ...base, environments: ['dev', 'stag'] });
    await expect(done).rejects.toThrow(
      'application: sensor-inspector already runs in stag (dizzl-sandbox-stag-sensor-inspector-ksml); choose another name, or take the existing app over if it is yours to change',
    );
  });

  it('lets a takeover through, saying so in the log', async () => {
    const ksml = await ksmlRunningIn('dev');
    const { done, ctx } = run(ksml, {
      ...base,
      environments: ['dev'],
      takeover: true,
    });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('existingIn', ['dev']);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Taking over dizzl-sandbox-dev-sensor-inspector-ksml',
      ),
    );
  });

  it('refuses a takeover that would leave the app running where the entity no longer lists it, saying why and how on', async () => {
    const ksml = await ksmlRunningIn('dev', 'stag');
    const { done, ctx } = run(ksml, {
      ...base,
      environments: ['dev'],
      knownEnvironments: ['dev', 'stag', 'prod'],
      takeover: true,
    });
    await expect(done).rejects.toThrow(
      "environments: the catalog entity would no longer list stag, where sensor-inspector still runs (dizzl-sandbox-stag-sensor-inspector-ksml): tick 'Undeploy from environments not chosen', or choose stag too",
    );
    expect(ctx.output).toHaveBeenCalledWith('droppedEnvironments', []);
    // Every known environment was asked about, each once.
    expect(
      ksml.status.mock.calls.map(([ref]) => ref.environment).sort(),
    ).toEqual(['dev', 'prod', 'stag']);
  });

  it('names the environments to undeploy when undeployDropped is set', async () => {
    const ksml = await ksmlRunningIn('dev', 'stag', 'prod');
    const { done, ctx } = run(ksml, {
      ...base,
      environments: ['dev'],
      knownEnvironments: ['dev', 'stag', 'prod'],
      takeover: true,
      undeployDropped: true,
    });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('existingIn', ['dev']);
    expect(ctx.output).toHaveBeenCalledWith('droppedEnvironments', [
      'stag',
      'prod',
    ]);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Going on without stag, prod'),
    );
  });

  it('drops nothing where the app runs only in chosen environments', async () => {
    const ksml = await ksmlRunningIn('dev');
    const { done, ctx } = run(ksml, {
      ...base,
      environments: ['dev', 'stag'],
      knownEnvironments: ['dev', 'stag', 'prod'],
      takeover: true,
    });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('droppedEnvironments', []);
  });

  it('looks no further than the chosen environments without a takeover (nothing is republished over the app)', async () => {
    const ksml = await ksmlRunningIn('prod');
    const { done, ctx } = run(ksml, {
      ...base,
      environments: ['dev'],
      knownEnvironments: ['dev', 'stag', 'prod'],
    });
    await done;
    expect(ksml.status).toHaveBeenCalledTimes(1);
    expect(ctx.output).toHaveBeenCalledWith('droppedEnvironments', []);
  });

  it('passes over a known environment this backend is not configured for, but not a chosen one', async () => {
    const unknown = await backendRefusal(
      400,
      'InputError',
      'environment: "prod" is not configured; use one of dev, stag',
      'UnknownEnvironment',
    );
    const ksml = await ksmlRunningIn('dev');
    const running = ksml.status.getMockImplementation()!;
    ksml.status.mockImplementation(async (ref, options) => {
      if (ref.environment === 'prod') throw unknown;
      return running(ref, options);
    });
    const takeover = run(ksml, {
      ...base,
      environments: ['dev'],
      takeover: true,
      knownEnvironments: ['dev', 'stag', 'prod'],
    });
    await takeover.done;
    expect(takeover.ctx.output).toHaveBeenCalledWith('droppedEnvironments', []);

    const chosen = run(ksml, { ...base, environments: ['prod'] });
    await expect(chosen.done).rejects.toThrow(
      'KSML backend refused the status check (400 InputError, UnknownEnvironment): environment: "prod" is not configured',
    );
  });

  it('says why the backend refused another way', async () => {
    const ksml = fakeKsml();
    ksml.status.mockRejectedValue(
      await backendRefusal(
        403,
        'NotAllowedError',
        'Not allowed: ksml.app.read',
      ),
    );
    const { done } = run(ksml, { ...base, environments: ['dev'] });
    await expect(done).rejects.toThrow(
      'KSML backend refused the status check (403 NotAllowedError): Not allowed: ksml.app.read',
    );
  });

  it.each([0, 1])('runs its documented example %s', async index => {
    const ksml = await ksmlRunningIn();
    const action = createKsmlCheckAction({ ksml, auth: mockServices.auth() });
    const [step] = parse(action.examples![index].example).steps;
    expect(validate(step.input, action.schema!.input as any).errors).toEqual(
      [],
    );
    const ctx = createMockActionContext({ input: step.input });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('existingIn', []);
    expect(ctx.output).toHaveBeenCalledWith('droppedEnvironments', []);
  });
});
