import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KsmlStatusCard } from './StatusCard';
import {
  appRef,
  ksmlEntity,
  lagResponse,
  readStateTests,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

describe('KsmlStatusCard', () => {
  const api = withFakeKsmlApi();

  it.each(['Running', 'Starting', 'Failing', 'Completed', 'Stopped'] as const)(
    'shows the %s chip',
    async state => {
      api.status.mockResolvedValue(statusResponse({ status: state }));
      await renderKsml(<KsmlStatusCard />, { api });
      expect(await screen.findByTestId('ksml-state')).toHaveTextContent(state);
    },
  );

  it('shows the release details, with the diagnosis of a failing app', async () => {
    api.status.mockResolvedValue(
      statusResponse({
        status: 'Failing',
        readyReplicas: 1,
        restarts: 7,
        reason: 'CrashLoopBackOff',
        message: 'back-off 5m0s restarting failed container',
        hint: 'The KSML runner keeps exiting: its last log lines say why.',
        logTail: 'ERROR Could not connect to broker:9093',
      }),
    );
    await renderKsml(<KsmlStatusCard />, { api });
    expect(await screen.findByText('1/2 ready')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Release details' });
    const row = (label: string) =>
      within(table).getByText(label).closest('tr')!;
    expect(row('Restarts')).toHaveTextContent('7');
    expect(row('Reason')).toHaveTextContent(
      'CrashLoopBackOff: back-off 5m0s restarting failed container',
    );
    expect(row('What to do')).toHaveTextContent(
      'The KSML runner keeps exiting: its last log lines say why.',
    );
    expect(row('Last log lines')).toHaveTextContent(
      'ERROR Could not connect to broker:9093',
    );
    expect(row('Chart')).toHaveTextContent('ksml');
    expect(row('Version')).toHaveTextContent('0.0.0-snapshot');
    expect(row('App version')).toHaveTextContent('snapshot');
    expect(row('Revision')).toHaveTextContent('3 (deployed)');
    expect(row('Namespace')).toHaveTextContent('ksml-dev');
    expect(row('Managed by')).toHaveTextContent('Helm, from the portal');
    expect(row('Deployed')).toHaveTextContent(/ago/);
    await userEvent.hover(within(row('Deployed')).getByText(/ago/));
    expect(
      await screen.findByText('2024-08-26 13:04:20 UTC'),
    ).toBeInTheDocument();
  });

  it("shows each replica's Kafka Streams state, since when, and its state restore", async () => {
    const minutesAgo = (m: number) =>
      new Date(Date.now() - m * 60_000).toISOString();
    api.status.mockResolvedValue(
      statusResponse({
        status: 'Starting',
        reason: 'RestoringState',
        message: 'replica 1 is restoring state: 250 records left',
        streams: [
          {
            replicaName: '0',
            state: 'RUNNING',
            since: minutesAgo(3),
            observedAt: minutesAgo(0),
            threads: { alive: 2, failed: 0 },
          },
          {
            replicaName: '1',
            state: 'REBALANCING',
            since: minutesAgo(5),
            sinceEstimated: true,
            restore: { activeTasks: 1, remainingRecords: 250, progress: 0.75 },
          },
          { replicaName: '2', state: 'Unknown', reason: 'MetricsUnreachable' },
        ],
      }),
    );
    await renderKsml(<KsmlStatusCard />, { api });
    const table = await screen.findByRole('table', { name: 'Release details' });
    const streams = within(table).getByText('Kafka Streams').closest('tr')!;
    expect(
      within(streams).getByLabelText('replica 0 Kafka Streams'),
    ).toHaveTextContent('replica 0: Running since 3 minutes ago · 2 threads');
    expect(
      within(streams).getByLabelText('replica 1 Kafka Streams'),
    ).toHaveTextContent(
      'replica 1: Rebalancing since about 5 minutes ago · restoring state: 250 records left (75% done)',
    );
    expect(
      within(streams).getByRole('progressbar', {
        name: 'replica 1 state restore',
      }),
    ).toHaveAttribute('aria-valuenow', '75');
    expect(
      within(streams).getByLabelText('replica 2 Kafka Streams'),
    ).toHaveTextContent('replica 2: Unknown: the runner does not answer');
  });

  it('says a KsmlApp and the operator manage the app, and why it is not Ready', async () => {
    api.status.mockResolvedValue({
      ...statusResponse({ status: 'Starting', readyReplicas: 0 }),
      operator: {
        resource: 'ksml-prod/dizzl-sandbox-dev-sensor-inspector-ksml',
        generation: 2,
        observedGeneration: 2,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'Starting',
            message: 'Helm revision 3; the app is Starting',
            lastTransitionTime: '2024-08-26T13:04:20Z',
          },
        ],
      },
    });
    await renderKsml(<KsmlStatusCard />, { api });
    const table = await screen.findByRole('table', { name: 'Release details' });
    const row = within(table).getByText('Managed by').closest('tr')!;
    expect(row).toHaveTextContent(
      'Operator, from a KsmlAppksml-prod/dizzl-sandbox-dev-sensor-inspector-ksmlHelm revision 3; the app is Starting',
    );
  });

  it('shows "Not deployed" with a link to the template on 404', async () => {
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    await renderKsml(<KsmlStatusCard />, { api });
    expect(await screen.findByTestId('ksml-state')).toHaveTextContent(
      'Not deployed',
    );
    expect(
      screen.getByRole('button', { name: 'Deploy with the template' }),
    ).toHaveAttribute('href', '/create/templates/default/ksml-app');
    expect(screen.queryByRole('button', { name: 'Redeploy' })).toBeNull();
  });

  it('says a GitOps app is installed by Flux or Argo CD, not offering the template', async () => {
    api.status.mockRejectedValue(await responseError(404, 'No release'));
    const entity = ksmlEntity();
    entity.metadata.annotations!['ksml/deployed-by'] = 'gitops';
    await renderKsml(<KsmlStatusCard />, { api, entity });
    expect(
      await screen.findByText(
        /This app is deployed by GitOps: Flux or Argo CD/,
      ),
    ).toHaveTextContent('deploy/dev in its repository');
    expect(
      screen.queryByRole('button', { name: 'Deploy with the template' }),
    ).toBeNull();
  });

  it.each(
    readStateTests({
      api,
      view: <KsmlStatusCard />,
      read: 'status',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'status',
      missingAnnotation: 'ksml/tenant',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  describe('lag', () => {
    /** The card's lag row, once the details are shown. */
    async function lagRow(): Promise<HTMLElement | null> {
      const table = await screen.findByRole('table', {
        name: 'Release details',
      });
      return within(table).queryByText('Lag')?.closest('tr') ?? null;
    }

    beforeEach(() => api.status.mockResolvedValue(statusResponse()));

    it('shows the total lag', async () => {
      api.lag.mockResolvedValue(lagResponse({ total: 1234 }));
      await renderKsml(<KsmlStatusCard />, { api });
      await waitFor(async () =>
        expect(await lagRow()).toHaveTextContent(/^Lag1,234$/),
      );
      expect(api.lag).toHaveBeenCalledWith(appRef());
    });

    it('shows the status while the lag loads, without a lag', async () => {
      // The fake's lag never answers unless told to.
      await renderKsml(<KsmlStatusCard />, { api });
      expect(await screen.findByTestId('ksml-state')).toHaveTextContent(
        'Running',
      );
      expect(await lagRow()).toBeNull();
    });

    it('shows no lag without a Kafka connection (404)', async () => {
      api.lag.mockRejectedValue(
        await responseError(404, 'No Kafka connection for dev'),
      );
      await renderKsml(<KsmlStatusCard />, { api });
      await waitFor(() => expect(api.lag).toHaveBeenCalled());
      expect(await screen.findByTestId('ksml-state')).toHaveTextContent(
        'Running',
      );
      expect(await lagRow()).toBeNull();
      expect(screen.queryByText(/unavailable/)).toBeNull();
    });

    it('says the lag is unavailable on another error, with the message on hover', async () => {
      api.lag.mockRejectedValue(
        await responseError(503, 'Kafka at broker.dev:9093 cannot be reached'),
      );
      await renderKsml(<KsmlStatusCard />, { api });
      await waitFor(async () =>
        expect(await lagRow()).toHaveTextContent(/^Lagunavailable$/),
      );
      await userEvent.hover(screen.getByText('unavailable'));
      expect(
        await screen.findByText('Kafka at broker.dev:9093 cannot be reached'),
      ).toBeInTheDocument();
      expect(screen.getByTestId('ksml-state')).toHaveTextContent('Running');
    });
  });

  it('shows the environment it is given', async () => {
    api.status.mockResolvedValue(statusResponse({}, 'prod'));
    await renderKsml(<KsmlStatusCard environment="prod" />, {
      api,
      entity: ksmlEntity('dev,prod'),
    });
    expect(
      await screen.findByText('dizzl-sandbox-prod-sensor-inspector-ksml'),
    ).toBeInTheDocument();
    expect(api.status).toHaveBeenCalledWith(appRef('prod'));
  });
});
