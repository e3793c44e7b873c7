import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KsmlOffsetResetResponse } from '@ksml-backstage/plugin-ksml-common';
import { KsmlLagContent } from '../LagContent';
import {
  appRef,
  lagResponse,
  renderKsml,
  responseError,
  statusResponse,
  withFakeKsmlApi,
} from '../../../__testUtils__';

/** The plan of a reset to the earliest offsets of {@link lagResponse}'s partitions. */
function resetResponse(
  overrides: Partial<KsmlOffsetResetResponse> = {},
): KsmlOffsetResetResponse {
  return {
    groupId: 'dizzl-sandbox-dev-sensor-inspector',
    groupType: 'streams',
    groupState: 'Empty',
    to: 'earliest',
    dryRun: true,
    applied: false,
    lagBefore: 1234,
    lagAfter: 2134,
    partitions: [
      {
        topic: 'sensor_data',
        partition: 0,
        earliestOffset: 0,
        endOffset: 1500,
        currentOffset: 900,
        newOffset: 0,
        lagBefore: 600,
        lagAfter: 1500,
      },
      {
        topic: 'sensor_data',
        partition: 1,
        earliestOffset: 10,
        endOffset: 644,
        newOffset: 10,
        lagBefore: 634,
        lagAfter: 634,
      },
    ],
    ...overrides,
  };
}

const applied = resetResponse({ dryRun: false, applied: true });
const title = 'Reset offsets of sensor-inspector in dev';

describe('Reset offsets in the lag view', () => {
  const api = withFakeKsmlApi(fake =>
    fake.lag.mockResolvedValue(lagResponse()),
  );

  /** Renders the lag view and opens the dialog. */
  async function openDialog() {
    await renderKsml(<KsmlLagContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reset offsets…' }),
    );
    return screen.getByRole('dialog', { name: title });
  }

  /** Previews the dialog's choice and waits for the plan. */
  async function preview(dialog: HTMLElement) {
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    return within(dialog).findByRole('table', { name: 'Offsets previewed' });
  }

  /** Confirms the reset in words. */
  async function confirmReset(dialog: HTMLElement) {
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reset offsets' }),
    );
    const confirm = screen.getByRole('dialog', {
      name: 'Reset the offsets of sensor-inspector in dev?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Reset offsets' }),
    );
  }

  it('previews with a dry run: each partition, the totals and the group', async () => {
    api.resetOffsets.mockResolvedValue(resetResponse());
    const dialog = await openDialog();
    // Nothing to apply before a preview.
    expect(
      within(dialog).getByRole('button', { name: 'Reset offsets' }),
    ).toBeDisabled();
    expect(
      within(dialog).getByRole('radio', { name: 'Earliest' }),
    ).toBeChecked();

    const table = await preview(dialog);
    expect(api.resetOffsets).toHaveBeenCalledWith({
      ...appRef(),
      to: 'earliest',
      dryRun: true,
    });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'TopicPartitionCurrent offsetNew offsetLag',
      'sensor_data09000600 → 1,500',
      'sensor_data1—10634 → 634',
      'Total1,234 → 2,134',
    ]);
    expect(
      within(dialog).getByText(
        /^Consumer group dizzl-sandbox-dev-sensor-inspector: a Streams group \(KIP-1071\), state Empty\./,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Reset offsets' }),
    ).toBeEnabled();
  });

  it('resets after confirming in words, and reads the lag again', async () => {
    api.resetOffsets
      .mockResolvedValueOnce(resetResponse())
      .mockResolvedValueOnce(applied);
    const dialog = await openDialog();
    await preview(dialog);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reset offsets' }),
    );
    const confirm = screen.getByRole('dialog', {
      name: 'Reset the offsets of sensor-inspector in dev?',
    });
    expect(confirm).toHaveTextContent(
      'This moves consumer group dizzl-sandbox-dev-sensor-inspector of sensor-inspector in dev to the earliest records the broker keeps, on 2 partitions. When started, sensor-inspector reprocesses 900 records. Only another reset undoes it.',
    );
    expect(api.resetOffsets).toHaveBeenCalledTimes(1);
    const lagReads = api.lag.mock.calls.length;

    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Reset offsets' }),
    );
    expect(
      await within(dialog).findByText(
        /^Reset the offsets of sensor-inspector in dev: the lag is now 2,134\./,
      ),
    ).toBeInTheDocument();
    expect(api.resetOffsets).toHaveBeenLastCalledWith({
      ...appRef(),
      to: 'earliest',
      dryRun: false,
    });
    expect(
      within(dialog).getByRole('table', { name: 'Offsets reset' }),
    ).toBeInTheDocument();
    // Applied once: another reset needs another preview.
    expect(
      within(dialog).getByRole('button', { name: 'Reset offsets' }),
    ).toBeDisabled();
    await waitFor(() =>
      expect(api.lag.mock.calls.length).toBeGreaterThan(lagReads),
    );
  });

  it('says the app runs (409 AppRunning) and stops it on request', async () => {
    const running =
      'sensor-inspector in dev is Running (2 of 2 replicas ready): its offsets are reset only while it is stopped; stop it first';
    api.resetOffsets
      .mockResolvedValueOnce(resetResponse())
      .mockRejectedValueOnce(await responseError(409, running, 'AppRunning'))
      .mockResolvedValueOnce(applied);
    api.scale.mockResolvedValue({
      helm: { ...statusResponse().helm, revision: 4 },
    });
    const dialog = await openDialog();
    await preview(dialog);
    await confirmReset(dialog);

    const warning = await within(dialog).findByText(running);
    expect(warning).toBeVisible();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Stop the app' }),
    );
    expect(api.scale).toHaveBeenCalledWith({ ...appRef(), replicas: 0 });
    expect(
      await within(dialog).findByText(
        /^Stopped dizzl-sandbox-dev-sensor-inspector-ksml \(scaled to 0 replicas\)\. Reset the offsets once its pods are gone/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByText(running)).not.toBeInTheDocument();

    // The preview still holds: apply again.
    await confirmReset(dialog);
    expect(
      await within(dialog).findByRole('table', { name: 'Offsets reset' }),
    ).toBeInTheDocument();
    expect(api.resetOffsets).toHaveBeenCalledTimes(3);
    expect(api.resetOffsets).toHaveBeenLastCalledWith({
      ...appRef(),
      to: 'earliest',
      dryRun: false,
    });
  });

  it('warns from the status that the app runs before anything is sent', async () => {
    api.status.mockResolvedValue(statusResponse());
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        /^sensor-inspector is Running in dev \(2 of 2 replicas ready\): its offsets are reset only while it is stopped\./,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Stop the app' }),
    ).toBeInTheDocument();
    expect(api.resetOffsets).not.toHaveBeenCalled();
  });

  it('says the group still has members (409 GroupActive) and tries again', async () => {
    const members =
      'The consumer group dizzl-sandbox-dev-sensor-inspector of sensor-inspector in dev still has members (state PreparingRebalance)';
    api.resetOffsets
      .mockResolvedValueOnce(resetResponse())
      .mockRejectedValueOnce(await responseError(409, members, 'GroupActive'))
      .mockResolvedValueOnce(applied);
    const dialog = await openDialog();
    await preview(dialog);
    await confirmReset(dialog);
    expect(await within(dialog).findByText(members)).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Stop the app' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Try again' }),
    );
    expect(
      await within(dialog).findByRole('table', { name: 'Offsets reset' }),
    ).toBeInTheDocument();
    expect(api.resetOffsets).toHaveBeenCalledTimes(3);
  });

  it('refuses a missing time before calling, and sends a time with its zone', async () => {
    api.resetOffsets.mockResolvedValue(
      resetResponse({ to: 'time', time: '2024-08-26T13:04:00.000Z' }),
    );
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'A time' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      within(dialog).getByText('Enter the time to reset to'),
    ).toBeInTheDocument();
    expect(api.resetOffsets).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Time'), {
      target: { value: '2024-08-26T15:04' },
    });
    await preview(dialog);
    expect(api.resetOffsets).toHaveBeenCalledWith({
      ...appRef(),
      to: 'time',
      time: new Date(2024, 7, 26, 15, 4).toISOString(),
      dryRun: true,
    });
  });

  it('sends only the partitions whose offset changed', async () => {
    api.resetOffsets.mockResolvedValue(resetResponse({ to: 'offsets' }));
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Offsets per partition' }),
    );
    const field = within(dialog).getByRole('spinbutton', {
      name: 'New offset of sensor_data partition 1',
    });
    await userEvent.type(field, '2');
    // Below the earliest offset kept (10): refused in the row.
    expect(
      within(dialog).getByText(
        'Out of range: enter a whole number from 10 (earliest) to 644 (end)',
      ),
    ).toBeInTheDocument();
    await userEvent.type(field, '0');
    await preview(dialog);
    expect(api.resetOffsets).toHaveBeenCalledWith({
      ...appRef(),
      to: 'offsets',
      offsets: [{ topic: 'sensor_data', partition: 1, offset: 20 }],
      dryRun: true,
    });
  });

  it('asks for at least one input topic', async () => {
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'sensor_data' }),
    );
    expect(
      within(dialog).getByText('Choose at least one topic'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(api.resetOffsets).not.toHaveBeenCalled();
  });

  it('shows why a preview failed (400)', async () => {
    api.resetOffsets.mockRejectedValue(
      await responseError(400, 'offsets[0].offset: must be 0 or more'),
    );
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview' }),
    );
    expect(
      await within(dialog).findByText(
        'Preview failed: offsets[0].offset: must be 0 or more',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Reset offsets' }),
    ).toBeDisabled();
  });
});
