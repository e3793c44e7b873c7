import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { fakeKsml } from '../testing/fakeKsml';
import { createKsmlDeployAction } from './deploy';
import { createKsmlPromoteAction } from './promote';
import { createKsmlPromoteRenderAction } from './promoteRender';
import { createKsmlPublishFolderAction } from './publishFolder';
import { createKsmlRenderAction } from './render';
import { createKsmlResetOffsetsAction } from './resetOffsets';
import { createKsmlUndeployAction } from './undeploy';
import { createKsmlRollbackAction, createKsmlScaleAction } from './operate';

// Every documented example runs: its input passes the action's schema and the handler
// succeeds against a backend double, in a workspace holding the skeleton files it names. An
// example of a flow (e.g. stop, reset offsets, start) runs the first step of the action it
// documents; the input of each of its steps passes its own action's schema.
describe('action examples', () => {
  const workspace = createMockDirectory();
  const published = createMockDirectory();
  const auth = mockServices.auth();
  const actions = (ksml: ReturnType<typeof fakeKsml>) =>
    [
      createKsmlDeployAction({ ksml, auth, pollIntervalMs: 1 }),
      createKsmlRenderAction({ ksml, auth }),
      createKsmlUndeployAction({ ksml, auth }),
      createKsmlRollbackAction({ ksml, auth }),
      createKsmlScaleAction({ ksml, auth }),
      createKsmlResetOffsetsAction({ ksml, auth, pollIntervalMs: 1 }),
      createKsmlPromoteAction({ ksml, auth }),
      createKsmlPromoteRenderAction({ ksml, auth }),
      createKsmlPublishFolderAction({ root: published.path }),
    ] as TemplateAction<any, any, 'v2'>[];

  const cases = actions(fakeKsml())
    .filter(action => action.id !== 'ksml:publish:folder')
    .flatMap(action =>
      (action.examples ?? []).map(example => [action.id, example.description]),
    );

  it.each(cases)('%s: %s', async (id, description) => {
    workspace.setContent({
      'definitions/sensor-inspector.yaml':
        'streams:\n  a: {topic: a, keyType: string, valueType: string}\n  b: {topic: b, keyType: string, valueType: string}\npipelines:\n  p:\n    from: a\n    to: b\n',
      'schemas/SensorData.avsc': '{"type":"record"}',
    });
    // A deploy waits for its app to run; an offset reset for its app to be stopped.
    const ksml =
      id === 'ksml:app:reset-offsets'
        ? fakeKsml([{ status: 'Stopped', replicas: 0, readyReplicas: 0 }])
        : fakeKsml();
    const action = actions(ksml).find(a => a.id === id)!;
    const example = action.examples!.find(e => e.description === description)!;
    const steps: Array<{ action: string; input: any }> = parse(
      example.example,
    ).steps;
    const step = steps.find(s => s.action === id)!;
    expect(step).toBeDefined();

    // The scaffolder validates step input against the action's JSON schema the same way.
    for (const { action: stepAction, input } of steps) {
      const schema = actions(ksml).find(a => a.id === stepAction)?.schema;
      expect([stepAction, schema]).toEqual([stepAction, expect.anything()]);
      const validation = validate(input, schema!.input as any);
      expect(validation.errors.map(e => `${stepAction}: ${e.stack}`)).toEqual(
        [],
      );
    }
    const input = step.input;
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);

    const called = [
      ksml.deploy,
      ksml.render,
      ksml.undeploy,
      ksml.rollback,
      ksml.scale,
      ksml.resetOffsets,
      ksml.promote,
    ].filter(fn => fn.mock.calls.length > 0);
    expect(called).toHaveLength(1);
    expect(called[0].mock.calls[0][0]).toMatchObject({
      tenant: step.input.tenant,
      application: step.input.application,
    });
  });

  it('ksml:publish:folder: its example publishes the workspace', async () => {
    workspace.setContent({ 'catalog-info.yaml': 'kind: Component\n' });
    const action = actions(fakeKsml()).find(
      a => a.id === 'ksml:publish:folder',
    )!;
    const [step] = parse(action.examples![0].example).steps;
    expect(validate(step.input, action.schema!.input as any).errors).toEqual(
      [],
    );
    await action.handler(
      createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      }) as any,
    );
    expect(published.content()).toEqual({
      [step.input.name]: { 'catalog-info.yaml': 'kind: Component\n' },
    });
  });
});
