import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { backendRefusal, fakeKsml } from '../testing/fakeKsml';
import { createKsmlPromoteAction, promoteRequestOf } from './promote';

describe('ksml:app:promote', () => {
  const input = {
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'sensor-inspector',
    from: 'dev',
    to: 'stag',
  };
  const release = 'dizzl-sandbox-stag-sensor-inspector-ksml';

  const run = (
    ksml: ReturnType<typeof fakeKsml>,
    overrides: Record<string, unknown> = {},
    context: Record<string, unknown> = {},
  ) => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: { ...input, ...overrides } as any,
        logger,
      }),
      ...context,
    };
    const action = createKsmlPromoteAction({
      ksml,
      auth: mockServices.auth(),
    });
    const lines = () =>
      logger.info.mock.calls.map(([message]) => String(message));
    return { done: action.handler(ctx as any), ctx, lines, logger };
  };

  it("promotes on behalf of the user and outputs the revision, what changed and the target's warnings", async () => {
    const ksml = fakeKsml();
    ksml.promote.mockResolvedValueOnce({
      from: { environment: 'dev', revision: 4 },
      to: { environment: 'stag', revision: 2 },
      dryRun: false,
      changedDefinitions: ['sensor-inspector'],
      replicas: 2,
      warnings: ['2 replicas but ksml_sensordata_avro has 1 partition'],
      deployed: {
        helm: {
          name: release,
          chart: 'ksml',
          version: '0.1.0',
          appVersion: '1.1.0',
          namespace: 'ksml-stag',
          revision: 3,
          status: 'deployed',
          deployedAt: '2026-12-07T10:00:00Z',
        },
        secretProperties: [],
        warnings: ['2 replicas but ksml_sensordata_avro has 1 partition'],
      },
    });
    const { done, ctx, lines, logger } = run(ksml, {
      secretKafkaProperties: { 'sasl.jaas.config': 'secret' },
    });
    await done;
    expect(ksml.promote).toHaveBeenCalledWith(
      {
        ...input,
        secretKafkaProperties: { 'sasl.jaas.config': 'secret' },
        dryRun: false,
      },
      { token: expect.stringContaining('"obo":"user:default/mock"') },
    );
    expect(ctx.output).toHaveBeenCalledWith('releaseName', release);
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'ksml-stag');
    expect(ctx.output).toHaveBeenCalledWith('revision', 3);
    expect(ctx.output).toHaveBeenCalledWith('fromRevision', 4);
    expect(ctx.output).toHaveBeenCalledWith('changedDefinitions', [
      'sensor-inspector',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('warnings', [
      '2 replicas but ksml_sensordata_avro has 1 partition',
    ]);
    expect(lines()).toContain(
      `Promoted dev (revision 4) to ${release}: revision 3 in namespace ksml-stag; definitions changed: sensor-inspector`,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      '2 replicas but ksml_sensordata_avro has 1 partition',
    );
  });

  it.each([
    ['the dryRun input', { dryRun: true }, {}],
    ["the scaffolder's dry run", {}, { isDryRun: true }],
  ])(
    'only checks with %s: a dry run of the backend, nothing applied',
    async (_, overrides, context) => {
      const ksml = fakeKsml();
      const { done, ctx, lines } = run(ksml, overrides, context);
      await done;
      expect(ksml.promote).toHaveBeenCalledTimes(1);
      expect(ksml.promote.mock.calls[0][0]).toMatchObject({ dryRun: true });
      expect(ksml.deploy).not.toHaveBeenCalled();
      expect(ctx.output).not.toHaveBeenCalledWith(
        'revision',
        expect.anything(),
      );
      expect(ctx.output).toHaveBeenCalledWith('changedDefinitions', [
        'sensor-inspector',
      ]);
      expect(lines()).toContain(
        `Dry run: dev (revision 4) would be promoted to ${release} with 1 replicas; definitions changed: sensor-inspector; nothing was applied`,
      );
    },
  );

  it('says why the backend refused: the Kafka properties a new environment needs', async () => {
    const ksml = fakeKsml();
    ksml.promote.mockRejectedValue(
      await backendRefusal(
        400,
        'InputError',
        "kafkaProperties: sensor-inspector was never deployed to stag: give stag's Kafka properties",
      ),
    );
    await expect(run(ksml).done).rejects.toThrow(
      "KSML backend refused the promotion (400 InputError): kafkaProperties: sensor-inspector was never deployed to stag: give stag's Kafka properties",
    );
  });
});

describe('promoteRequestOf', () => {
  const app = {
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'x',
    from: 'dev',
    to: 'stag',
  };

  it.each([
    {
      case: 'no Kafka input: the recorded ones',
      input: { bootstrapServers: '  ' },
      kafkaProperties: undefined,
    },
    {
      case: 'bootstrap servers alone',
      input: { bootstrapServers: 'stag-broker:9093' },
      kafkaProperties: { 'bootstrap.servers': 'stag-broker:9093' },
    },
    {
      case: 'bootstrap servers over the properties',
      input: {
        kafkaProperties: { 'bootstrap.servers': 'old:1', 'client.id': 'c' },
        bootstrapServers: 'stag-broker:9093',
      },
      kafkaProperties: {
        'bootstrap.servers': 'stag-broker:9093',
        'client.id': 'c',
      },
    },
  ])('$case', ({ input, kafkaProperties }) => {
    const request = promoteRequestOf({ ...app, ...input }, false);
    expect(request.kafkaProperties).toEqual(kafkaProperties);
    expect(request).not.toHaveProperty('bootstrapServers');
    expect(request.dryRun).toBe(false);
  });
});
