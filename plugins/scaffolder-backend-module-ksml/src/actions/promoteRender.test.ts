import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments, stringify } from 'yaml';
import {
  backendRefusal,
  fakeKsml,
  renderedFor,
  runningDefinition,
} from '../testing/fakeKsml';
import { createKsmlPromoteRenderAction } from './promoteRender';

describe('ksml:app:promote-render', () => {
  const workspace = createMockDirectory();
  const app = {
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'sensor-inspector',
  };
  const input = {
    ...app,
    from: 'dev',
    to: 'stag',
    kafkaProperties: { 'schema.registry.url': 'http://stag-registry:8081' },
    bootstrapServers: 'stag-broker:9093',
  };
  const release = 'dizzl-sandbox-stag-sensor-inspector-ksml';
  const sourceDefinition = runningDefinition({ ...app, environment: 'dev' })
    .definitions['sensor-inspector'];

  /** A fake backend whose render reflects the request, as the real one does. */
  const backend = () => {
    const ksml = fakeKsml();
    ksml.render.mockImplementation(async request => renderedFor(request));
    return ksml;
  };
  const run = (
    ksml: ReturnType<typeof fakeKsml>,
    overrides: Record<string, unknown> = {},
    context: Record<string, unknown> = {},
  ) => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: { ...input, ...overrides } as any,
        workspacePath: workspace.path,
        logger,
      }),
      ...context,
    };
    const action = createKsmlPromoteRenderAction({
      ksml,
      auth: mockServices.auth(),
    });
    const lines = () =>
      logger.info.mock.calls.map(([message]) => String(message));
    return { done: action.handler(ctx as any), ctx, lines };
  };
  const read = (path: string) => readFileSync(workspace.resolve(path), 'utf8');

  beforeEach(() => workspace.clear());

  it("writes the target's files with what runs in the source and the target's Kafka, deploying nothing", async () => {
    const ksml = backend();
    const { done, ctx, lines } = run(ksml);
    await done;

    expect(ksml.definition).toHaveBeenCalledWith(
      { ...app, environment: 'dev' },
      { token: expect.stringContaining('"obo":"user:default/mock"') },
    );
    expect(ksml.deploy).not.toHaveBeenCalled();
    expect(ksml.promote).not.toHaveBeenCalled();

    const values = parse(read('deploy/stag/values.yaml'));
    expect(values).toMatchObject({
      replicaCount: 2,
      deploymentMode: 'StatefulSet',
      ksmlRunnerConfig: {
        definitions: { 'sensor-inspector': 'sensor-inspector.yaml' },
        kafka: {
          'bootstrap.servers': 'stag-broker:9093',
          'schema.registry.url': 'http://stag-registry:8081',
        },
      },
      ksmlDefinitions: { 'sensor-inspector.yaml': sourceDefinition },
      schemaDefinitions: { 'SensorData.avsc': '{"type":"record"}' },
    });
    const [, helmRelease] = parseAllDocuments(
      read('deploy/stag/flux/helmrelease.yaml'),
    ).map(d => d.toJS());
    expect(helmRelease).toMatchObject({
      kind: 'HelmRelease',
      metadata: { name: release, namespace: 'ksml-stag' },
      spec: { values },
    });
    expect(
      parse(read('deploy/stag/argocd/application.yaml')).spec.destination,
    ).toMatchObject({ namespace: 'ksml-stag' });
    expect(read('deploy/stag/README.md')).toContain(
      'Promoted from `dev` (revision 4): the definitions and schemas that run there, with the Kafka properties of `stag`.',
    );

    expect(ctx.output).toHaveBeenCalledWith('releaseName', release);
    expect(ctx.output).toHaveBeenCalledWith('fromRevision', 4);
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'deploy/stag/values.yaml',
      'deploy/stag/flux/helmrelease.yaml',
      'deploy/stag/argocd/application.yaml',
      'deploy/stag/README.md',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'valuesPath',
      'deploy/stag/values.yaml',
    );
    // Nothing rendered for stag can be read: what changes is not known, and the log says why.
    expect(ctx.output).not.toHaveBeenCalledWith(
      'changedDefinitions',
      expect.anything(),
    );
    expect(lines()).toContain(
      `Promoted dev (revision 4) to ${release} as GitOps files in deploy/stag, ready to commit; definitions changed: unknown (no rendered files of stag in the workspace or the portal's publish folder)`,
    );
  });

  it('takes replicas, resources and the target folder from the inputs', async () => {
    const ksml = backend();
    await run(ksml, {
      replicas: 0,
      resources: { limits: { memory: '1Gi' } },
      targetPath: 'clusters/stag/ksml',
    }).done;
    expect(ksml.render.mock.calls[0][0]).toMatchObject({
      environment: 'stag',
      replicas: 0,
      resources: { limits: { memory: '1Gi' } },
    });
    expect(parse(read('clusters/stag/ksml/values.yaml')).replicaCount).toBe(0);
  });

  it("says which definitions differ from the target's files in the workspace", async () => {
    const ksml = backend();
    workspace.setContent({
      'deploy/stag/values.yaml': stringify({
        ksmlRunnerConfig: {
          definitions: {
            'sensor-inspector': 'sensor-inspector.yaml',
            retired: 'retired.yaml',
          },
        },
        ksmlDefinitions: {
          'sensor-inspector.yaml': 'streams: {}\n',
          'retired.yaml': 'streams: {}\n',
        },
      }),
    });
    const { done, ctx, lines } = run(ksml);
    await done;
    expect(ctx.output).toHaveBeenCalledWith('changedDefinitions', [
      'retired',
      'sensor-inspector',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'comparedWith',
      'deploy/stag/values.yaml in the workspace',
    );
    expect(lines()).toContain(
      `Promoted dev (revision 4) to ${release} as GitOps files in deploy/stag, ready to commit; definitions changed against deploy/stag/values.yaml in the workspace: retired, sensor-inspector`,
    );
    // The new files replace the old ones.
    expect(parse(read('deploy/stag/values.yaml')).ksmlDefinitions).toEqual({
      'sensor-inspector.yaml': sourceDefinition,
    });
  });

  it('compares with the files the portal published for the target: none changed when they are the same', async () => {
    const ksml = backend();
    const published = renderedFor({
      ...app,
      environment: 'stag',
      definitions: runningDefinition({ ...app, environment: 'dev' })
        .definitions,
      kafkaProperties: { 'bootstrap.servers': 'stag-broker:9093' },
    });
    ksml.gitopsFiles.mockResolvedValue({
      folder: '/portal/published/sensor-inspector',
      files: [
        { path: 'deploy/stag/README.md', size: 10, content: '# x' },
        {
          path: 'deploy/stag/values.yaml',
          size: 100,
          content: stringify(published.values),
        },
      ],
    });
    const { done, ctx } = run(ksml);
    await done;
    expect(ksml.gitopsFiles).toHaveBeenCalledWith(
      { ...app, environment: 'stag' },
      { token: expect.any(String) },
    );
    expect(ctx.output).toHaveBeenCalledWith('changedDefinitions', []);
    expect(ctx.output).toHaveBeenCalledWith(
      'comparedWith',
      'the files published for stag',
    );
  });

  it.each([
    ['the dryRun input', { dryRun: true }, {}],
    ["the scaffolder's dry run", {}, { isDryRun: true }],
  ])(
    'writes nothing with %s, but the target still checks the render',
    async (_, overrides, context) => {
      const ksml = backend();
      const { done, ctx, lines } = run(ksml, overrides, context);
      await done;
      expect(ksml.render).toHaveBeenCalledTimes(1);
      expect(workspace.content()).toEqual({});
      expect(ctx.output).toHaveBeenCalledWith(
        'files',
        expect.arrayContaining(['deploy/stag/values.yaml']),
      );
      expect(lines()).toContain(
        `Dry run: dev (revision 4) would be promoted to ${release} as GitOps files in deploy/stag; definitions changed: unknown (no rendered files of stag in the workspace or the portal's publish folder); nothing was written`,
      );
    },
  );

  it('says the app does not run in from when there is nothing to promote, writing nothing', async () => {
    const ksml = backend();
    ksml.definition.mockRejectedValue(
      await backendRefusal(
        404,
        'NotFoundError',
        'dizzl-sandbox-dev-sensor-inspector-ksml is not deployed in namespace ksml-dev',
        'NotDeployed',
      ),
    );
    await expect(run(ksml).done).rejects.toMatchObject({
      name: 'NotFoundError',
      reason: 'NotDeployed',
      message:
        'from: sensor-inspector does not run in dev, so there is nothing to promote (KSML backend: dizzl-sandbox-dev-sensor-inspector-ksml is not deployed in namespace ksml-dev)',
    });
    expect(ksml.render).not.toHaveBeenCalled();
    expect(workspace.content()).toEqual({});
  });

  it("passes the target's refusal on, writing nothing", async () => {
    const ksml = backend();
    ksml.render.mockRejectedValue(
      await backendRefusal(
        400,
        'InputError',
        'Invalid deploy request: kafkaProperties: must hold bootstrap.servers',
      ),
    );
    await expect(run(ksml).done).rejects.toThrow(
      'KSML backend refused the render (400 InputError): Invalid deploy request: kafkaProperties: must hold bootstrap.servers',
    );
    expect(workspace.content()).toEqual({});
  });

  it.each([
    [
      "no Kafka properties: the target's are needed",
      { kafkaProperties: undefined, bootstrapServers: ' ' },
      "kafkaProperties: give stag's Kafka properties (at least bootstrap.servers, or bootstrapServers): the files for stag are rendered, not deployed, so there is no earlier deploy there to take them from",
    ],
    [
      'the same environment',
      { to: 'dev' },
      'to: must be another environment than from',
    ],
  ])('refuses %s before rendering', async (_, overrides, message) => {
    const ksml = backend();
    await expect(run(ksml, overrides).done).rejects.toMatchObject({
      name: 'InputError',
      message,
    });
    expect(ksml.render).not.toHaveBeenCalled();
  });
});
