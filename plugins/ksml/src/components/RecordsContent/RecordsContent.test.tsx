import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseExamples } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { KsmlRecordsContent } from './RecordsContent';
import {
  appRef,
  renderKsml,
  responseError,
  topologyResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

describe('KsmlRecordsContent', () => {
  const api = withFakeKsmlApi(fake => {
    fake.topology.mockResolvedValue(topologyResponse());
    fake.records.mockResolvedValue({
      ...responseExamples.KsmlRecordsResponse,
      topic: 'sensor_data',
      records: [
        ...responseExamples.KsmlRecordsResponse.records,
        {
          partition: 1,
          offset: 7,
          timestamp: '2024-08-26T13:04:50Z',
          key: 'sensor9',
          keyFormat: 'text',
          value: '00ff',
          valueFormat: 'hex',
          note: 'value: avro:SensorData is not decoded here',
          headers: [],
          bytes: 9,
        },
      ],
      scanned: { records: 12, bytes: 600 },
    });
  });

  it("reads the records of the app's topic only when asked, and shows them decoded", async () => {
    await renderKsml(<KsmlRecordsContent />, { api });
    const topic = await screen.findByRole('combobox', { name: 'Topic' });
    expect(
      within(topic)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['sensor_data (reads and writes)', 'sensor_counts (writes)']);
    // Data is read on demand (each read is audited), never on its own.
    expect(api.records).not.toHaveBeenCalled();
    await userEvent.type(
      screen.getByLabelText('Key or value contains'),
      'sensor',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Read records' }));
    const table = await screen.findByRole('table', { name: 'Records' });
    expect(api.records).toHaveBeenCalledWith(appRef(), {
      topic: 'sensor_data',
      limit: 50,
      filter: 'sensor',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('sensor3');
    expect(rows[1]).toHaveTextContent(
      '{"name":"sensor3","value":"72","type":"HUMIDITY"}',
    );
    expect(rows[1]).toHaveTextContent('source=gateway-1');
    expect(rows[2]).toHaveTextContent(
      'hex: value: avro:SensorData is not decoded here',
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      '2 records of sensor_data of 12 scanned.',
    );
  });

  it('says so when the user may not read the data', async () => {
    api.records.mockRejectedValue(
      await responseError(403, 'Not allowed: ksml.app.data.read'),
    );
    await renderKsml(<KsmlRecordsContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Read records' }),
    );
    expect(
      await screen.findByText("You may not read this app's records."),
    ).toBeInTheDocument();
  });

  it('shows why a read found nothing to read, as the backend says it', async () => {
    api.records.mockRejectedValue(
      await responseError(
        404,
        'No Kafka connection is configured for environment dev (ksml.environments.dev.kafka or ksml.kafka): records cannot be read',
        'NoKafkaConnection',
      ),
    );
    await renderKsml(<KsmlRecordsContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Read records' }),
    );
    expect(
      await screen.findByText(/records cannot be read$/),
    ).toBeInTheDocument();
  });
});
