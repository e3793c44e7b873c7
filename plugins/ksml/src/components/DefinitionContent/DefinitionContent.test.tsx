import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KsmlDefinitionResponse } from '@ksml-backstage/plugin-ksml-common';
import { KsmlDefinitionContent } from './DefinitionContent';
import { KsmlContent } from '../EntityKsmlContent/EntityKsmlContent';
import {
  appRef,
  deployRecord,
  ksmlEntity,
  readStateTests,
  renderKsml,
  responseError,
  running,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

/** The filter starter's definition, keeping readings of one colour. */
const definitionText = (colour: string) =>
  [
    'streams:',
    '  sensor_source:',
    '    topic: ksml_sensordata_avro',
    '    keyType: string',
    '    valueType: avro:SensorData',
    '  sensor_target:',
    '    topic: ksml_sensordata_filtered',
    '    keyType: string',
    '    valueType: avro:SensorData',
    'pipelines:',
    '  main:',
    '    from: sensor_source',
    '    via:',
    '      - type: filter',
    `        if: {expression: value.get("color") == "${colour}"}`,
    '    to: sensor_target',
    '',
  ].join('\n');

const definitionResponse = (
  revision: number,
  colour = 'blue',
): KsmlDefinitionResponse => ({
  revision,
  status: 'deployed',
  deployedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  applicationId: 'dizzl-sandbox-dev-sensor-inspector',
  definitions: { 'sensor-inspector': definitionText(colour) },
  schemas: [
    { schemaFileName: 'SensorData.avsc', schemaBody: '{"type": "record"}' },
  ],
  replicas: 2,
  deploymentMode: 'StatefulSet',
});

/** Downloads without a browser: the blob URL made and the link clicked, recorded. */
function stubDownload() {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:file');
  Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => {});
  return { createObjectURL, click };
}

/** The editor's field of a definition. */
const field = () =>
  screen.getByRole('textbox', { name: 'Definition sensor-inspector' });

/** Replaces the field's text, as a paste over all of it would. */
const edit = (text: string) =>
  fireEvent.change(field(), { target: { value: text } });

const deployButton = () => screen.getByRole('button', { name: 'Deploy' });

// Allowed everything here: usePermission caches decisions per permission for the whole module,
// so the view without the deploy permission is tested in a file of its own.
describe('KsmlDefinitionContent', () => {
  const api = withFakeKsmlApi(fake => {
    fake.definition.mockResolvedValue(definitionResponse(3));
    fake.history.mockResolvedValue([deployRecord()]);
  });

  it('shows each definition and schema file the release runs, with its revision', async () => {
    await renderKsml(<KsmlDefinitionContent />, { api });
    const definition = await screen.findByRole('region', {
      name: 'sensor-inspector.yaml',
    });
    expect(api.definition).toHaveBeenCalledWith(appRef());
    expect(
      within(definition).getByText('Definition sensor-inspector'),
    ).toBeInTheDocument();
    expect(
      within(definition).getByText(
        /if: \{expression: value\.get\("color"\) == "blue"\}/,
      ),
    ).toBeInTheDocument();
    const schema = screen.getByRole('region', { name: 'SensorData.avsc' });
    expect(within(schema).getByText('{"type": "record"}')).toBeInTheDocument();
    expect(
      screen.getByText('Revision 3 (deployed), deployed', { exact: false }),
    ).toHaveTextContent('Revision 3 (deployed), deployed 5 minutes ago');
    expect(
      screen.getByText('Application ID dizzl-sandbox-dev-sensor-inspector'),
    ).toBeInTheDocument();
  });

  it('downloads each file by its name', async () => {
    const { createObjectURL, click } = stubDownload();
    await renderKsml(<KsmlDefinitionContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Download sensor-inspector.yaml',
      }),
    );
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'sensor-inspector.yaml',
    );
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(
      definitionText('blue'),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Download SensorData.avsc' }),
    );
    expect((click.mock.contexts[1] as HTMLAnchorElement).download).toBe(
      'SensorData.avsc',
    );
    click.mockRestore();
  });

  it.each(
    readStateTests({
      api,
      view: <KsmlDefinitionContent />,
      read: 'definition',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'definition',
      missingAnnotation: 'ksml/instance',
      explains404: true,
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  it('says why there is nothing to show when the release exists but has no definition to read', async () => {
    api.definition.mockRejectedValue(
      await responseError(
        404,
        'The release holds no KSML definition',
        'NotFound',
      ),
    );
    await renderKsml(<KsmlDefinitionContent />, { api });
    expect(
      await screen.findByText('No definition to show in dev'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The release holds no KSML definition'),
    ).toBeInTheDocument();
  });

  it('edits a definition: shows the diff against what runs, deploys it, and shows the new revision', async () => {
    api.redeploy.mockResolvedValue({
      helm: { ...statusResponse().helm, revision: 4 },
      secretProperties: [],
      warnings: ['Replicas beyond the partitions sit idle'],
    });
    await renderKsml(<KsmlDefinitionContent />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    expect(field()).toHaveValue(definitionText('blue'));
    // Nothing edited yet: nothing to deploy.
    const changes = screen.getByRole('region', { name: 'Changes to deploy' });
    expect(within(changes).getByText('No changes')).toBeInTheDocument();
    expect(deployButton()).toBeDisabled();

    edit(definitionText('red'));
    const diff = await within(changes).findByRole('region', {
      name: 'Changes to sensor-inspector.yaml',
    });
    expect(
      within(diff).getByText(
        '- if: {expression: value.get("color") == "blue"}',
      ),
    ).toBeInTheDocument();
    expect(
      within(diff).getByText('+ if: {expression: value.get("color") == "red"}'),
    ).toBeInTheDocument();
    await waitFor(() => expect(deployButton()).toBeEnabled());

    api.definition.mockResolvedValue(definitionResponse(4, 'red'));
    await userEvent.click(deployButton());
    expect(api.redeploy).toHaveBeenCalledWith({
      ...appRef(),
      definitions: { 'sensor-inspector': definitionText('red') },
      schemas: [
        { schemaFileName: 'SensorData.avsc', schemaBody: '{"type": "record"}' },
      ],
    });
    expect(
      await screen.findByText(
        'Deployed dizzl-sandbox-dev-sensor-inspector-ksml as revision 4',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Replicas beyond the partitions sit idle'),
    ).toBeInTheDocument();
    // Reloaded: the new revision and its text.
    expect(
      await screen.findByText(
        /if: \{expression: value\.get\("color"\) == "red"\}/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Revision 4 (deployed), deployed', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('refuses a definition the backend would refuse, with the line and what is wrong', async () => {
    await renderKsml(<KsmlDefinitionContent />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    edit('pipelines:\n  p:\n    to: x\n');
    expect(
      await screen.findByText(
        'Not a valid KSML definition: line 2: pipelines.p.from: is required',
      ),
    ).toBeInTheDocument();
    expect(field()).toHaveAttribute('aria-invalid', 'true');
    expect(deployButton()).toBeDisabled();
    edit('');
    expect(
      await screen.findByText('Enter a KSML definition'),
    ).toBeInTheDocument();
    expect(deployButton()).toBeDisabled();
  });

  it("shows the backend's refusal of the deploy, naming the field, and keeps the edit", async () => {
    api.redeploy.mockRejectedValue(
      await responseError(
        400,
        'Invalid redeploy request: definitions.sensor-inspector: is not a valid KSML definition: line 17: pipelines.main.to: names no stream',
      ),
    );
    await renderKsml(<KsmlDefinitionContent />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    edit(definitionText('red'));
    await waitFor(() => expect(deployButton()).toBeEnabled());
    await userEvent.click(deployButton());
    expect(
      await screen.findByText(
        /Deploy failed: Invalid redeploy request: definitions\.sensor-inspector: .*line 17/,
      ),
    ).toBeInTheDocument();
    expect(field()).toHaveValue(definitionText('red'));
    expect(deployButton()).toBeEnabled();
  });

  it('asks again for the secret Kafka properties the history keeps redacted', async () => {
    api.history.mockResolvedValue([
      deployRecord({
        kafkaProperties: {
          'bootstrap.servers': 'broker:9093',
          'sasl.jaas.config': '***',
        },
      }),
    ]);
    api.redeploy.mockResolvedValue({
      helm: { ...statusResponse().helm, revision: 4 },
      secretProperties: ['sasl.jaas.config'],
      warnings: [],
    });
    await renderKsml(<KsmlDefinitionContent />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    edit(definitionText('red'));
    const secret = await screen.findByLabelText(/sasl\.jaas\.config/);
    expect(secret).toHaveAttribute('type', 'password');
    expect(deployButton()).toBeDisabled();
    await userEvent.type(secret, 'secret-value');
    await waitFor(() => expect(deployButton()).toBeEnabled());
    await userEvent.click(deployButton());
    expect(api.redeploy).toHaveBeenCalledWith(
      expect.objectContaining({
        secretKafkaProperties: { 'sasl.jaas.config': 'secret-value' },
      }),
    );
  });

  it('puts the files back as they run on Cancel', async () => {
    await renderKsml(<KsmlDefinitionContent />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    edit(definitionText('red'));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(
      screen.getByText(/if: \{expression: value\.get\("color"\) == "blue"\}/),
    ).toBeInTheDocument();
    expect(api.redeploy).not.toHaveBeenCalled();
  });

  it('offers no edit of an app Flux or Argo CD deploy: its repository holds the definition', async () => {
    const entity = ksmlEntity();
    entity.metadata.annotations!['ksml/deployed-by'] = 'gitops';
    await renderKsml(<KsmlDefinitionContent />, { api, entity });
    expect(
      await screen.findByText(/Flux or Argo CD deploy this app/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('is a tab of the KSML content', async () => {
    running(api);
    await renderKsml(<KsmlContent />, {
      api,
      routeEntries: ['/?view=definition'],
    });
    expect(
      await screen.findByRole('region', { name: 'sensor-inspector.yaml' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Definition' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
