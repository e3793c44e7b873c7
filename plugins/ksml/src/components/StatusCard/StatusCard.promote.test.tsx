import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  KsmlDefinitionResponse,
  KsmlPromoteResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { KsmlStatusCard } from './StatusCard';
import {
  deployRecord,
  ksmlEntity,
  renderKsml,
  responseError,
  running,
  selectOption,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

const definition = (colour: string) =>
  [
    'streams:',
    '  sensors: {topic: ksml_sensordata_avro, keyType: string, valueType: json}',
    'pipelines:',
    '  main:',
    '    from: sensors',
    `    where: value.get('color') == '${colour}'`,
    '    to: ksml_sensordata_blue',
    '',
  ].join('\n');

const runs = (colour: string, revision: number): KsmlDefinitionResponse => ({
  revision,
  status: 'deployed',
  deployedAt: '2026-12-07T10:00:00Z',
  applicationId: 'io.axual.sensor-inspector',
  definitions: { 'sensor-inspector': definition(colour) },
  schemas: [],
  replicas: 2,
  deploymentMode: 'StatefulSet',
});

const checked = (
  more: Partial<KsmlPromoteResponse> = {},
): KsmlPromoteResponse => ({
  from: { environment: 'dev', revision: 4 },
  to: { environment: 'stag', revision: 2 },
  dryRun: true,
  changedDefinitions: ['sensor-inspector'],
  replicas: 2,
  warnings: [],
  ...more,
});

const promoted: KsmlPromoteResponse = checked({
  dryRun: false,
  deployed: {
    helm: { ...statusResponse({}, 'stag').helm, revision: 3 },
    secretProperties: [],
    warnings: [],
  },
});

const app = {
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'sensor-inspector',
};

const never = async () =>
  responseError(
    400,
    "kafkaProperties: sensor-inspector was never deployed to prod: give prod's Kafka properties",
  );

const api = withFakeKsmlApi(fake => {
  running(fake);
  fake.history.mockResolvedValue([]);
  fake.definition.mockImplementation(async ref => {
    if (ref.environment === 'dev') return runs('blue', 4);
    if (ref.environment === 'stag') return runs('red', 2);
    throw await responseError(404, 'not deployed', 'NotDeployed');
  });
});

/** Opens the dialog from dev's card. */
async function openPromote() {
  await renderKsml(<KsmlStatusCard environment="dev" />, {
    api,
    entity: ksmlEntity('dev,stag,prod'),
  });
  await userEvent.click(
    await screen.findByRole('button', { name: 'Promote to …' }),
  );
  return screen.findByRole('dialog');
}

// Every test here is allowed everything (usePermission caches decisions per module).
describe('KsmlStatusCard: Promote to …', () => {
  it('shows the diff with the next environment and its dry run, then promotes and says so', async () => {
    const warning = '2 replicas but ksml_sensordata_avro has 1 partition';
    api.promote.mockImplementation(async request =>
      request.dryRun ? checked({ warnings: [warning] }) : promoted,
    );
    const dialog = await openPromote();
    expect(
      within(dialog).getByText('Promote sensor-inspector from dev?'),
    ).toBeInTheDocument();

    // What runs in dev against what runs in stag (the next environment).
    const diff = await within(dialog).findByRole('region', {
      name: 'Changes to sensor-inspector.yaml',
    });
    expect(
      within(diff).getByText("- where: value.get('color') == 'red'"),
    ).toBeInTheDocument();
    expect(
      within(diff).getByText("+ where: value.get('color') == 'blue'"),
    ).toBeInTheDocument();

    // The target's own check, applying nothing.
    expect(
      await within(dialog).findByText(
        'stag accepts it: 2 replicas, definitions changed: sensor-inspector',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(warning)).toBeInTheDocument();
    expect(api.promote).toHaveBeenCalledWith({
      ...app,
      from: 'dev',
      to: 'stag',
      dryRun: true,
    });

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    await waitFor(() =>
      expect(api.promote).toHaveBeenLastCalledWith({
        ...app,
        from: 'dev',
        to: 'stag',
        dryRun: false,
      }),
    );
    expect(
      await screen.findByText(
        'Promoted sensor-inspector from dev (revision 4) to stag as revision 3; definitions changed: sensor-inspector',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("asks for the target's bootstrap servers only when the app never ran there", async () => {
    api.promote.mockImplementation(async request => {
      if (request.to === 'prod' && !request.kafkaProperties)
        throw await never();
      const to = { environment: request.to };
      return request.dryRun ? checked({ to }) : { ...promoted, to };
    });
    const dialog = await openPromote();
    // stag needs none: the field appears for prod, where the app never ran.
    await within(dialog).findByText(/^stag accepts it/);
    expect(
      within(dialog).queryByLabelText(/Kafka bootstrap servers/),
    ).toBeNull();

    await selectOption('Promote to', 'prod');
    expect(
      await within(dialog).findByText(
        'sensor-inspector does not run in prod: everything is new there.',
      ),
    ).toBeInTheDocument();
    const servers = await within(dialog).findByLabelText(
      /Kafka bootstrap servers of prod/,
    );
    const promote = within(dialog).getByRole('button', { name: 'Promote' });
    expect(promote).toBeDisabled();

    await userEvent.type(servers, 'prod-broker:9093');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Check' }),
    );
    await within(dialog).findByText(/^prod accepts it/);
    await userEvent.click(promote);
    await waitFor(() =>
      expect(api.promote).toHaveBeenLastCalledWith({
        ...app,
        from: 'dev',
        to: 'prod',
        kafkaProperties: { 'bootstrap.servers': 'prod-broker:9093' },
        dryRun: false,
      }),
    );
  });

  it('shows why the target refuses, and offers no Promote', async () => {
    api.promote.mockRejectedValue(
      await responseError(
        400,
        'Input topics missing in stag: ksml_sensordata_avro',
      ),
    );
    const dialog = await openPromote();
    expect(
      await within(dialog).findByText(
        'stag refuses it: Input topics missing in stag: ksml_sensordata_avro',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Promote' }),
    ).toBeDisabled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    expect(api.promote).toHaveBeenCalledTimes(1);
  });

  it("asks for the secrets the target's history keeps redacted before checking", async () => {
    api.history.mockImplementation(async ref =>
      ref.environment === 'stag'
        ? [
            {
              ...deployRecord({
                environment: 'stag',
                kafkaProperties: {
                  'bootstrap.servers': 'stag-broker:9093',
                  'sasl.jaas.config': '***',
                },
              }),
              environment: 'stag',
            },
          ]
        : [],
    );
    api.promote.mockImplementation(async request =>
      request.dryRun ? checked() : promoted,
    );
    const dialog = await openPromote();
    const secret = await within(dialog).findByLabelText(/sasl\.jaas\.config/);
    expect(api.promote).not.toHaveBeenCalled();
    await userEvent.type(secret, 'hunter2');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Check' }),
    );
    await within(dialog).findByText(/^stag accepts it/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    await waitFor(() =>
      expect(api.promote).toHaveBeenLastCalledWith({
        ...app,
        from: 'dev',
        to: 'stag',
        secretKafkaProperties: { 'sasl.jaas.config': 'hunter2' },
        dryRun: false,
      }),
    );
  });

  it('is not offered where the entity lists no other environment', async () => {
    await renderKsml(<KsmlStatusCard />, { api });
    await screen.findByRole('button', { name: 'Redeploy' });
    expect(screen.queryByRole('button', { name: 'Promote to …' })).toBeNull();
  });
});
