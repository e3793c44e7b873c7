import { screen, within } from '@testing-library/react';
import { KsmlEventsContent } from './EventsContent';
import {
  appRef,
  readStateTests,
  renderKsml,
  responseError,
  withFakeKsmlApi,
} from '../../__testUtils__';

describe('KsmlEventsContent', () => {
  const api = withFakeKsmlApi(fake =>
    fake.events.mockResolvedValue([
      {
        time: new Date(Date.now() - 60_000).toISOString(),
        type: 'Operation',
        reason: 'scale',
        message: 'scale to 0 replicas succeeded (revision 4)',
        source: 'user:default/jo',
      },
      {
        time: new Date(Date.now() - 120_000).toISOString(),
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        object: 'Pod/app-ksml-0',
        count: 7,
        source: 'kubelet',
      },
      {
        time: new Date(Date.now() - 180_000).toISOString(),
        type: 'Normal',
        reason: 'Scheduled',
        message: 'Successfully assigned ns/app-ksml-0 to node',
        object: 'Pod/app-ksml-0',
        source: 'default-scheduler',
      },
    ]),
  );

  it('shows every event on one timeline: operations, warnings and normal events', async () => {
    await renderKsml(<KsmlEventsContent />, { api });
    const table = await screen.findByRole('table', { name: 'Events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent(
      /1 minute ago.*Operation.*scale.*scale to 0 replicas succeeded \(revision 4\).*user:default\/jo/,
    );
    expect(rows[1]).toHaveTextContent(
      /Warning.*BackOff \(×7\).*Pod\/app-ksml-0.*kubelet/,
    );
    expect(rows[2]).toHaveTextContent(/Normal.*Scheduled.*default-scheduler/);
    expect(api.events).toHaveBeenCalledWith(appRef());
  });

  it('keeps its columns readable on a narrow screen: whole words, scrolling sideways', async () => {
    await renderKsml(<KsmlEventsContent />, { api });
    const table = await screen.findByRole('table', { name: 'Events' });
    expect(table.parentElement).toHaveStyle({ overflowX: 'auto' });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers[0]).toHaveStyle({ minWidth: '80px', wordBreak: 'normal' });
    expect(screen.getByRole('columnheader', { name: 'Message' })).toHaveStyle({
      minWidth: '240px',
    });
    expect(within(table).getAllByRole('cell')[3]).toHaveStyle({
      minWidth: '80px',
      wordBreak: 'normal',
    });
  });

  it('says so when there are no events', async () => {
    api.events.mockResolvedValue([]);
    await renderKsml(<KsmlEventsContent />, { api });
    expect(await screen.findByText('No events')).toBeInTheDocument();
  });

  it.each(
    readStateTests({
      api,
      view: <KsmlEventsContent />,
      read: 'events',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'events',
      missingAnnotation: 'ksml/instance',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  it('shows the error of a failed read', async () => {
    api.events.mockRejectedValue(
      await responseError(503, 'cluster unreachable'),
    );
    await renderKsml(<KsmlEventsContent />, { api });
    expect(
      await screen.findByText(/Request failed with 503/),
    ).toBeInTheDocument();
  });
});
