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

  it('runs its documented example', async () => {
    const ksml = await ksmlRunningIn();
    const action = createKsmlCheckAction({ ksml, auth: mockServices.auth() });
    const [step] = parse(action.examples![0].example).steps;
    expect(validate(step.input, action.schema!.input as any).errors).toEqual(
      [],
    );
    const ctx = createMockActionContext({ input: step.input });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('existingIn', []);
  });
});
