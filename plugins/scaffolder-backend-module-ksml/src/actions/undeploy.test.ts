import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { backendRefusal, fakeKsml } from '../testing/fakeKsml';
import { createKsmlUndeployAction } from './undeploy';

describe('ksml:app:undeploy', () => {
  const ref = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
  };
  const run = (
    ksml: ReturnType<typeof fakeKsml>,
    input: Record<string, unknown>,
    context: Record<string, unknown> = {},
  ) => {
    const ctx = {
      ...createMockActionContext({ input: input as any }),
      ...context,
    };
    const action = createKsmlUndeployAction({
      ksml,
      auth: mockServices.auth(),
    });
    return { done: action.handler(ctx as any), ctx };
  };

  it('undeploys on behalf of the user and outputs the deleted claims', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(ksml, { ...ref, deleteStorage: true });
    await done;
    expect(ksml.undeploy).toHaveBeenCalledWith(
      { ...ref, deleteStorage: true },
      { token: expect.stringContaining('"target":"ksml"') },
    );
    expect(ctx.output).toHaveBeenCalledWith('deletedClaims', ['store-0']);
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'ksml-dev');
  });

  it('does nothing in a dry run', async () => {
    const ksml = fakeKsml();
    const { done, ctx } = run(ksml, ref, { isDryRun: true });
    await done;
    expect(ksml.undeploy).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'releaseName',
      'dizzl-sandbox-dev-sensor-inspector-ksml',
    );
  });

  it('says why the backend refused', async () => {
    const ksml = fakeKsml();
    ksml.undeploy.mockRejectedValue(
      await backendRefusal(
        403,
        'NotAllowedError',
        'Not allowed: ksml.app.undeploy',
      ),
    );
    await expect(run(ksml, ref).done).rejects.toThrow(
      'KSML backend refused the undeploy (403 NotAllowedError): Not allowed: ksml.app.undeploy',
    );
  });
});
