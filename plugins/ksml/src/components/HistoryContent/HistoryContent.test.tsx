import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KsmlRevision } from '@ksml-backstage/plugin-ksml-common';
import { KsmlHistoryContent } from './HistoryContent';
import {
  appRef,
  deployRecord,
  readStateTests,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../__testUtils__';

const revision = (
  n: number,
  extra: Partial<KsmlRevision> = {},
): KsmlRevision => ({
  revision: n,
  status: n === 3 ? 'deployed' : 'superseded',
  chartVersion: '1.3.0',
  appVersion: '1.3.0',
  deployedAt: new Date(Date.now() - (4 - n) * 3600_000).toISOString(),
  description: n === 1 ? 'Install complete' : 'Upgrade complete',
  replicas: n,
  changes: n === 1 ? {} : { replicas: { from: n - 1, to: n } },
  operation: 'deploy',
  actor: 'user:default/jo',
  ...extra,
});

// Allowed everything here: usePermission caches decisions per permission for the whole module,
// so the view without the operate permission is tested in a file of its own.
describe('KsmlHistoryContent', () => {
  const api = withFakeKsmlApi(fake =>
    fake.revisions.mockResolvedValue([
      revision(3, {
        operation: 'scale',
        changes: { replicas: { from: 2, to: 3 } },
      }),
      revision(2, {
        changes: { definition: true, kafkaProperties: ['client.id'] },
      }),
      revision(1),
    ]),
  );

  it('lists the revisions, newest first, with who did what and what changed', async () => {
    await renderKsml(<KsmlHistoryContent />, { api });
    const table = await screen.findByRole('table', { name: 'Revisions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('3deployed');
    expect(rows[0]).toHaveTextContent('scale by user:default/jo');
    expect(rows[0]).toHaveTextContent('replicas 2 → 3');
    expect(rows[1]).toHaveTextContent('definition; Kafka properties client.id');
    expect(rows[2]).toHaveTextContent('Install complete');
    expect(api.revisions).toHaveBeenCalledWith(appRef());
    // No rollback to the revision that is current.
    expect(
      within(rows[0]).queryByRole('button', { name: /Roll back/ }),
    ).toBeNull();
  });

  it('keeps its columns readable on a narrow screen: whole words, scrolling sideways', async () => {
    await renderKsml(<KsmlHistoryContent />, { api });
    const table = await screen.findByRole('table', { name: 'Revisions' });
    expect(table.parentElement).toHaveStyle({ overflowX: 'auto' });
    const [first, , , , changed] = within(table).getAllByRole('columnheader');
    expect(first).toHaveStyle({ minWidth: '80px', wordBreak: 'normal' });
    expect(changed).toHaveStyle({ minWidth: '240px' });
    expect(within(table).getAllByRole('cell')[0]).toHaveStyle({
      minWidth: '80px',
      wordBreak: 'normal',
    });
  });

  it('rolls back only after confirmation, then reloads', async () => {
    api.rollback.mockResolvedValue({
      helm: { ...statusResponse().helm, revision: 4 },
    });
    await renderKsml(<KsmlHistoryContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to revision 1' }),
    );
    expect(screen.getByText('Roll back to revision 1?')).toBeInTheDocument();
    expect(api.rollback).not.toHaveBeenCalled();
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    await waitFor(() =>
      expect(api.rollback).toHaveBeenCalledWith({ ...appRef(), revision: 1 }),
    );
    expect(
      await screen.findByText(
        'Rolled dizzl-sandbox-dev-sensor-inspector-ksml back to revision 1 (now revision 4)',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.revisions).toHaveBeenCalledTimes(2));
  });

  it("shows the backend's refusal of a rollback", async () => {
    api.rollback.mockRejectedValue(
      await responseError(
        409,
        'Revision 1 of x reads sasl.jaas.config from the Secret',
      ),
    );
    await renderKsml(<KsmlHistoryContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to revision 1' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Roll back',
      }),
    );
    expect(
      await screen.findByText(/Rollback failed: .*sasl\.jaas\.config/),
    ).toBeInTheDocument();
  });

  it.each(
    readStateTests({
      api,
      view: <KsmlHistoryContent />,
      read: 'revisions',
      readWith: appRef(),
      permission: 'ksml.app.read',
      subject: 'history',
      missingAnnotation: 'ksml/instance',
    }),
  )('%s', (_title, run) => expect(run()).resolves.toBeUndefined());

  it('shows "not deployed" when there is no release and nothing recorded', async () => {
    api.revisions.mockRejectedValue(await responseError(404, 'not deployed'));
    api.history.mockResolvedValue([]);
    await renderKsml(<KsmlHistoryContent />, { api });
    expect(await screen.findByText('Not deployed in dev')).toBeInTheDocument();
    expect(api.history).toHaveBeenCalledWith(appRef());
  });

  it('keeps showing the recorded changes of an app undeployed, noting that it is not deployed now', async () => {
    api.revisions.mockRejectedValue(await responseError(404, 'not deployed'));
    api.history.mockResolvedValue([
      {
        ...deployRecord(),
        id: 3,
        operation: 'undeploy',
        revision: undefined,
        request: undefined,
        actor: 'user:default/jo',
      },
      {
        ...deployRecord(),
        id: 2,
        operation: 'scale',
        outcome: 'failed',
        error: 'helm upgrade timed out',
        actor: 'user:default/jo',
      },
      { ...deployRecord(), actor: 'user:default/al' },
    ]);
    await renderKsml(<KsmlHistoryContent />, { api });
    expect(
      await screen.findByText('Not deployed in dev now'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Recorded changes' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('undeployuser:default/jo–succeeded');
    expect(rows[1]).toHaveTextContent(
      'scaleuser:default/jo3failed: helm upgrade timed out',
    );
    expect(rows[2]).toHaveTextContent('deployuser:default/al3succeeded');
    // How it gets a release again is still said.
    expect(
      screen.getByRole('button', { name: 'Deploy with the template' }),
    ).toBeInTheDocument();
  });

  it('shows the definition diff of a revision that changed it, against the revision before', async () => {
    api.definition.mockImplementation(async ({ revision: n }) => ({
      revision: n,
      status: 'superseded',
      deployedAt: '2026-11-25T10:00:00Z',
      applicationId: 'dizzl-sandbox-dev-sensor-inspector',
      definitions: {
        'sensor-inspector': `pipelines:\n  main:\n    from: s\n    to: out${n}\n`,
      },
      schemas: [],
    }));
    await renderKsml(<KsmlHistoryContent />, { api });
    const table = await screen.findByRole('table', { name: 'Revisions' });
    // Only revision 2 changed the definition.
    expect(
      within(table).getAllByRole('button', { name: /^Show diff/ }),
    ).toHaveLength(1);
    await userEvent.click(
      within(table).getByRole('button', { name: 'Show diff of revision 2' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Definition changes in revision 2',
    });
    expect(
      within(dialog).getByText('From revision 1 to revision 2 in dev.'),
    ).toBeInTheDocument();
    expect(await within(dialog).findByText('- to: out1')).toBeInTheDocument();
    expect(within(dialog).getByText('+ to: out2')).toBeInTheDocument();
    expect(api.definition).toHaveBeenCalledWith({ ...appRef(), revision: 1 });
    expect(api.definition).toHaveBeenCalledWith({ ...appRef(), revision: 2 });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says so when Helm no longer keeps a revision to diff', async () => {
    api.definition.mockRejectedValue(
      await responseError(
        404,
        'Helm keeps no revision 1 of the release',
        'RevisionNotFound',
      ),
    );
    await renderKsml(<KsmlHistoryContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show diff of revision 2' }),
    );
    expect(
      await screen.findByText(
        'Helm no longer keeps revision 1 or 2: Helm keeps no revision 1 of the release',
      ),
    ).toBeInTheDocument();
  });
});
