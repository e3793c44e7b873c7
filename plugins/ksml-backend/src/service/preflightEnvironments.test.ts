import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  KsmlAppRef,
  preflightRequestSchema,
} from '@ksml-backstage/plugin-ksml-common';
import { preflightEnvironments, PreflightReads } from './preflightEnvironments';

// The form's checks before Create with fake reads: what each environment is told.

const definition = `
streams:
  orders: {topic: orders, keyType: string, valueType: json}
pipelines:
  p:
    from: orders
    to: {topic: out, keyType: string, valueType: json}
`;

const request = (extra: object = {}) =>
  preflightRequestSchema.parse({
    tenant: 'dizzl',
    instance: 'sandbox',
    application: 'orders-app',
    environments: ['dev', 'stag', 'prod'],
    ...extra,
  });

/** Reads where the app runs in `runningIn`, and each environment's status fails as `fails` says. */
function reads(
  runningIn: string[],
  fails: Record<string, Error> = {},
): PreflightReads & { status: jest.Mock } {
  return {
    status: jest.fn(async (ref: KsmlAppRef) => {
      if (fails[ref.environment]) throw fails[ref.environment];
      if (runningIn.includes(ref.environment)) return {};
      throw new NotFoundError(`${ref.application} is not deployed`);
    }),
  };
}

/** Kafka where dev's and stag's clusters are configured; stag's lacks `orders`. */
function kafka(): NonNullable<PreflightReads['kafka']> {
  const configured = (environment: string) =>
    environment === 'prod' ? undefined : `kafka:9094 from ksml.kafka`;
  return {
    configured: jest.fn(configured),
    checkTopics: jest.fn(async environment => {
      const where = configured(environment);
      if (!where) return undefined;
      return {
        kafka: where,
        missingInputTopics: environment === 'stag' ? ['orders'] : [],
        warnings: [`Output topic out does not exist in ${environment}`],
      };
    }),
  };
}

describe('preflightEnvironments', () => {
  it('tells each environment, in the order asked, whether the app runs there', async () => {
    const items = await preflightEnvironments(request(), reads(['stag']));
    expect(items).toEqual([
      {
        environment: 'dev',
        release: 'dizzl-sandbox-dev-orders-app-ksml',
        deployed: false,
        missingInputTopics: [],
        warnings: [],
      },
      {
        environment: 'stag',
        release: 'dizzl-sandbox-stag-orders-app-ksml',
        deployed: true,
        missingInputTopics: [],
        warnings: [],
      },
      {
        environment: 'prod',
        release: 'dizzl-sandbox-prod-orders-app-ksml',
        deployed: false,
        missingInputTopics: [],
        warnings: [],
      },
    ]);
  });

  it("checks the definition against each environment's Kafka, naming it as configured", async () => {
    const k = kafka();
    const items = await preflightEnvironments(request({ definition }), {
      ...reads([]),
      kafka: k,
    });
    expect(
      items.map(({ environment, kafka: on, missingInputTopics, warnings }) => ({
        environment,
        on,
        missingInputTopics,
        warnings,
      })),
    ).toEqual([
      {
        environment: 'dev',
        on: 'kafka:9094 from ksml.kafka',
        missingInputTopics: [],
        warnings: ['Output topic out does not exist in dev'],
      },
      {
        environment: 'stag',
        on: 'kafka:9094 from ksml.kafka',
        missingInputTopics: ['orders'],
        warnings: ['Output topic out does not exist in stag'],
      },
      // No Kafka connection there: nothing checked, and no cluster named.
      {
        environment: 'prod',
        on: undefined,
        missingInputTopics: [],
        warnings: [],
      },
    ]);
    expect(k.checkTopics).toHaveBeenCalledWith('dev', { '': definition }, 1);
  });

  it('checks several definitions with the replicas asked for', async () => {
    const k = kafka();
    await preflightEnvironments(
      request({
        environments: ['dev'],
        definitions: { a: definition, b: definition },
        replicas: 3,
      }),
      { ...reads([]), kafka: k },
    );
    expect(k.checkTopics).toHaveBeenCalledWith(
      'dev',
      { a: definition, b: definition },
      3,
    );
  });

  it('checks no topic without a definition, but still names the Kafka', async () => {
    const k = kafka();
    const [dev] = await preflightEnvironments(
      request({ environments: ['dev'] }),
      { ...reads([]), kafka: k },
    );
    expect(k.checkTopics).not.toHaveBeenCalled();
    expect(dev.kafka).toBe('kafka:9094 from ksml.kafka');
  });

  it("makes one environment's failure its error, never a throw, and still answers the others", async () => {
    const items = await preflightEnvironments(request({ definition }), {
      ...reads(['dev'], {
        stag: new ServiceUnavailableError('provisioner of stag is down'),
        prod: new InputError(
          'environment: "prod" is not configured; use one of dev, stag',
        ),
      }),
      kafka: kafka(),
    });
    expect(items.map(i => [i.environment, i.deployed, i.error])).toEqual([
      ['dev', true, undefined],
      [
        'stag',
        false,
        'Could not tell whether orders-app runs in stag: provisioner of stag is down',
      ],
      [
        'prod',
        false,
        'Could not tell whether orders-app runs in prod: environment: "prod" is not configured; use one of dev, stag',
      ],
    ]);
    // The topics were still checked where the status could not be read.
    expect(items[1].missingInputTopics).toEqual(['orders']);
  });

  it('reads nothing in an environment the backend does not know, and says so', async () => {
    const k = kafka();
    const r = reads([]);
    const items = await preflightEnvironments(
      request({ environments: ['dev', 'qa'], definition }),
      {
        ...r,
        kafka: k,
        checkEnvironment: environment => {
          if (environment === 'qa') {
            throw new InputError(
              'environment: "qa" is not configured; use one of dev, stag, prod',
            );
          }
        },
      },
    );
    expect(items[1]).toEqual({
      environment: 'qa',
      release: 'dizzl-sandbox-qa-orders-app-ksml',
      deployed: false,
      missingInputTopics: [],
      warnings: [],
      error: 'environment: "qa" is not configured; use one of dev, stag, prod',
    });
    expect(r.status.mock.calls.map(([ref]) => ref.environment)).toEqual([
      'dev',
    ]);
    expect(k.checkTopics).toHaveBeenCalledTimes(1);
  });

  it('makes a failed topic check a warning', async () => {
    const k = kafka();
    (k.checkTopics as jest.Mock).mockRejectedValue(new Error('no metadata'));
    const [dev] = await preflightEnvironments(
      request({ environments: ['dev'], definition }),
      { ...reads([]), kafka: k },
    );
    expect(dev).toMatchObject({
      kafka: 'kafka:9094 from ksml.kafka',
      missingInputTopics: [],
      warnings: ['Topics were not checked: no metadata'],
    });
    expect(dev.error).toBeUndefined();
  });

  it('reads every environment at once', async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>(r => {
      release = r;
    });
    const pending = preflightEnvironments(request(), {
      status: async ref => {
        started.push(ref.environment);
        await gate;
        return {};
      },
    });
    await new Promise(r => setImmediate(r));
    expect(started).toEqual(['dev', 'stag', 'prod']);
    release();
    expect((await pending).map(i => i.deployed)).toEqual([true, true, true]);
  });
});
