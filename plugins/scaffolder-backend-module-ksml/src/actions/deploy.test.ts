import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { backendRefusal, fakeKsml } from '../testing/fakeKsml';
import { createKsmlDeployAction } from './deploy';

const definition =
  'streams:\n  sensors: {topic: s, keyType: string, valueType: json}\n  out: {topic: o, keyType: string, valueType: json}\npipelines:\n  p:\n    from: sensors\n    to: out\n';

describe('ksml:app:deploy', () => {
  const workspace = createMockDirectory();
  const auth = mockServices.auth();
  const input = {
    tenant: 'dizzl',
    instance: 'sandbox',
    environment: 'dev',
    application: 'sensor-inspector',
    replicas: 2,
    definitionFile: 'definitions/app.yaml',
    schemaFiles: ['schemas'],
    kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
  };

  beforeEach(() => {
    workspace.setContent({
      'definitions/app.yaml': definition,
      'schemas/SensorData.avsc': '{"type":"record"}',
      'schemas/Other.json': '{}',
    });
  });

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
    const action = createKsmlDeployAction({ ksml, auth, pollIntervalMs: 10 });
    const lines = () =>
      logger.info.mock.calls.map(([message]) => String(message));
    return { done: action.handler(ctx as any), ctx, lines };
  };

  it('deploys the files from the workspace on behalf of the user and reports progress until Running', async () => {
    const ksml = fakeKsml([
      { status: 'Starting', replicas: 2, readyReplicas: 0 },
      { status: 'Starting', replicas: 2, readyReplicas: 1 },
      { status: 'Starting', replicas: 2, readyReplicas: 1 },
      { status: 'Running', replicas: 2, readyReplicas: 2 },
    ]);
    const { done, ctx, lines } = run(ksml);
    await done;

    const [request, options] = ksml.deploy.mock.calls[0];
    expect(request).toEqual({
      tenant: 'dizzl',
      instance: 'sandbox',
      environment: 'dev',
      application: 'sensor-inspector',
      replicas: 2,
      definition,
      kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
      schemas: [
        { schemaFileName: 'Other.json', schemaBody: '{}' },
        { schemaFileName: 'SensorData.avsc', schemaBody: '{"type":"record"}' },
      ],
    });
    // A plugin token for the ksml backend, on behalf of the task's user.
    expect(options?.token).toBe(
      'mock-service-token:{"obo":"user:default/mock","target":"ksml"}',
    );

    const release = 'dizzl-sandbox-dev-sensor-inspector-ksml';
    expect(lines()).toEqual([
      `Deployed ${release} revision 1 to namespace ksml-dev`,
      `${release}: status Starting, replicas ready 0/2`,
      `${release}: status Starting, replicas ready 1/2`,
      `${release}: status Running, replicas ready 2/2`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('releaseName', release);
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'ksml-dev');
    expect(ctx.output).toHaveBeenCalledWith('revision', 1);
    expect(ctx.output).toHaveBeenCalledWith('status', 'Running');
    expect(ctx.output).toHaveBeenCalledWith('annotations', {
      'ksml/tenant': 'dizzl',
      'ksml/instance': 'sandbox',
      'ksml/application': 'sensor-inspector',
      'ksml/environments': 'dev',
    });
  });

  it('in a dry run validates and renders through the backend, deploying nothing', async () => {
    const ksml = fakeKsml();
    const { done, ctx, lines } = run(ksml, {}, { isDryRun: true });
    await done;
    expect(ksml.render).toHaveBeenCalledTimes(1);
    expect(ksml.deploy).not.toHaveBeenCalled();
    expect(ksml.status).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('status', 'DryRun');
    expect(lines()[0]).toContain('nothing was deployed');
  });

  describe('with KSML tests', () => {
    const suite =
      'definition: sensor-inspector\ntests:\n  t: {produce: [], assert: []}\n';
    const report = (passed: boolean) => ({
      passed,
      counts: { passed: passed ? 1 : 0, failed: passed ? 0 : 1, errors: 0 },
      results: [
        {
          suite: 'app',
          test: 't',
          status: passed ? ('PASS' as const) : ('FAIL' as const),
          ...(passed ? {} : { message: 'AssertionError: got 0' }),
        },
      ],
      ranOn: 'cluster' as const,
      durationMs: 9000,
    });

    beforeEach(() => {
      workspace.addContent({
        'tests/app.yaml': suite,
        'tests/none.yaml': '  \n',
      });
    });

    it('a dry run sends the suites of testFiles (a blank file holds none) and reports each test', async () => {
      const ksml = fakeKsml();
      ksml.test.mockResolvedValue(report(true));
      const { done, ctx } = run(
        ksml,
        { testFiles: ['tests'] },
        { isDryRun: true },
      );
      await done;
      expect(ksml.test).toHaveBeenCalledWith(
        expect.objectContaining({ tests: { app: suite } }),
        expect.anything(),
      );
      expect(ctx.output).toHaveBeenCalledWith('tests', report(true));
      expect(ctx.output).toHaveBeenCalledWith('status', 'DryRun');
    });

    it('a dry run fails when a test does not pass, naming it in the log', async () => {
      const ksml = fakeKsml();
      ksml.test.mockResolvedValue(report(false));
      const logger = mockServices.logger.mock();
      const { done } = run(
        ksml,
        { testFiles: ['tests/app.yaml'] },
        { isDryRun: true, logger },
      );
      await expect(done).rejects.toThrow(
        'Dry run: 1 of 1 KSML tests did not pass',
      );
      expect(logger.error).toHaveBeenCalledWith(
        'KSML test FAIL: app › t (AssertionError: got 0)',
      );
    });

    it('a deploy passes requireTests on and outputs the report the backend answers with', async () => {
      const ksml = fakeKsml();
      ksml.deploy.mockImplementation(async request => ({
        helm: { ...(await ksml.status(request)).helm, revision: 1 },
        secretProperties: [],
        warnings: [],
        tests: report(true),
      }));
      const { done, ctx } = run(ksml, {
        testFiles: ['tests'],
        requireTests: true,
        waitForRunning: false,
      });
      await done;
      expect(ksml.deploy).toHaveBeenCalledWith(
        expect.objectContaining({ requireTests: true, tests: { app: suite } }),
        expect.anything(),
      );
      expect(ctx.output).toHaveBeenCalledWith('tests', report(true));
    });
  });

  it('fails with the status reason when the app goes Failing', async () => {
    const ksml = fakeKsml([
      { status: 'Starting' },
      {
        status: 'Failing',
        reason: 'CrashLoopBackOff',
        message: 'back-off restarting failed container',
        restarts: 3,
      },
    ]);
    await expect(run(ksml).done).rejects.toThrow(
      'dizzl-sandbox-dev-sensor-inspector-ksml is Failing: CrashLoopBackOff (back-off restarting failed container)',
    );
  });

  it('reports why the app is not Running as soon as the backend knows, and says what to do when it fails', async () => {
    const ksml = fakeKsml([
      {
        status: 'Starting',
        reason: 'Unschedulable',
        message: '0/1 nodes are available: 1 Too many pods.',
      },
      {
        status: 'Failing',
        reason: 'OOMKilled',
        message: 'simulated',
        hint: 'Raise resources.limits.memory.',
        logTail: 'INFO Starting KSML Runner',
      },
    ]);
    const { done, lines } = run(ksml);
    await expect(done).rejects.toThrow(
      'dizzl-sandbox-dev-sensor-inspector-ksml is Failing: OOMKilled (simulated). Raise resources.limits.memory.\nLast log lines:\nINFO Starting KSML Runner',
    );
    expect(lines()).toContain(
      'dizzl-sandbox-dev-sensor-inspector-ksml: status Starting, replicas ready 0/1, Unschedulable: 0/1 nodes are available: 1 Too many pods.',
    );
  });

  it('fails when the timeout passes, saying what it saw last', async () => {
    const ksml = fakeKsml([
      { status: 'Starting', replicas: 2, readyReplicas: 1 },
    ]);
    await expect(run(ksml, { timeout: 1 }).done).rejects.toThrow(
      'Timed out after 1 s waiting for the app to be Running; last seen: status Starting, replicas ready 1/2',
    );
  });

  it('passes on the field and reason of a backend 400, before anything is deployed', async () => {
    const ksml = fakeKsml();
    ksml.deploy.mockRejectedValue(
      await backendRefusal(
        400,
        'InputError',
        'deploy request: definition: is not a valid KSML definition: line 2: pipelines.p.from: is required',
      ),
    );
    await expect(run(ksml).done).rejects.toThrow(
      'KSML backend refused the deploy (400 InputError): deploy request: definition: is not a valid KSML definition: line 2: pipelines.p.from: is required',
    );
    expect(ksml.status).not.toHaveBeenCalled();
  });

  it('does not deploy twice when a retried task replays its checkpoint', async () => {
    const ksml = fakeKsml();
    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key);
    };
    await run(ksml, {}, { checkpoint }).done;
    await run(ksml, {}, { checkpoint }).done;
    expect(ksml.deploy).toHaveBeenCalledTimes(1);
    expect([...checkpoints.keys()]).toEqual([
      'ksml.deploy.dizzl-sandbox-dev-sensor-inspector-ksml',
    ]);
  });

  it('does not wait when waitForRunning is false; a Job may end Completed; 0 replicas end Stopped', async () => {
    const noWait = fakeKsml();
    const first = run(noWait, { waitForRunning: false });
    await first.done;
    expect(noWait.status).not.toHaveBeenCalled();
    expect(first.ctx.output).toHaveBeenCalledWith('status', 'Deployed');

    const job = fakeKsml([{ status: 'Completed' }]);
    const second = run(job, { deploymentMode: 'Job' });
    await second.done;
    expect(second.ctx.output).toHaveBeenCalledWith('status', 'Completed');

    const stopped = fakeKsml([{ status: 'Stopped', replicas: 0 }]);
    const third = run(stopped, { replicas: 0 });
    await third.done;
    expect(third.ctx.output).toHaveBeenCalledWith('status', 'Stopped');
  });

  it.each([
    [{ definition }, 'definition, definitionFile: give only one of them'],
    [{ definitionFile: undefined }, 'definition: give the KSML definition as'],
    [
      { definitionFile: '../etc/passwd' },
      'definitionFile: ../etc/passwd is outside the workspace',
    ],
    [
      { definitionFile: 'missing.yaml' },
      'definitionFile: cannot read missing.yaml',
    ],
    [
      { schemaFiles: ['nope'] },
      'schemaFiles[0]: nope does not exist in the workspace',
    ],
  ])(
    'refuses bad file inputs before calling the backend (%#)',
    async (overrides, message) => {
      const ksml = fakeKsml();
      await expect(run(ksml, overrides).done).rejects.toThrow(message);
      expect(ksml.deploy).not.toHaveBeenCalled();
    },
  );
});
