import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KsmlLogLine } from '@ksml-backstage/plugin-ksml-common';
import { KsmlLogsContent } from './LogsContent';
import { contrastOn, MIN_TEXT_CONTRAST } from '../common/contrast';
import {
  appRef,
  logsResponse,
  renderKsml,
  responseError,
  selectOption,
  withFakeKsmlApi,
  withFakeLayout,
} from '../../__testUtils__';

/** The colour that the style rule of `element`'s class named `rule…` sets. */
function ruleColour(element: Element, rule: string): string {
  const name = Array.from(element.classList).find(c => c.startsWith(rule));
  const rules = Array.from(document.styleSheets).flatMap(sheet =>
    Array.from(sheet.cssRules),
  );
  const style = rules.find(
    (r): r is CSSStyleRule =>
      r instanceof CSSStyleRule && r.selectorText === `.${name}`,
  )?.style;
  if (!style?.color) throw new Error(`No colour for ${rule} on ${element}`);
  return style.color;
}

describe('KsmlLogsContent: Follow', () => {
  withFakeLayout();
  afterEach(() => jest.useRealTimers());
  /** What the test's fake stream has been given: write lines to it, see whether it is open. */
  let write: (line: KsmlLogLine) => void;
  let signal: AbortSignal | undefined;
  const api = withFakeKsmlApi(fake => {
    fake.logs.mockImplementation(async () => logsResponse(100));
    fake.followLogs.mockImplementation(
      (_ref, onLine, options) =>
        new Promise<void>(resolve => {
          write = onLine;
          signal = options?.signal;
          options?.signal?.addEventListener('abort', () => resolve());
        }),
    );
  });

  const follow = async () => {
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    await userEvent.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(api.followLogs).toHaveBeenCalled());
  };

  it('shows the lines of every replica as they come, tagged with their replica', async () => {
    await follow();
    expect(api.followLogs.mock.calls[0][0]).toEqual({
      ...appRef(),
      tailLines: 100,
    });
    act(() => {
      write({ replica: '0', line: 'INFO first from zero' });
      write({ replica: '1', line: 'INFO first from one' });
    });
    expect(await screen.findByText('INFO first from one')).toBeInTheDocument();
    expect(screen.getByText('INFO first from zero')).toBeInTheDocument();
    expect(screen.getByText('Following 2 replicas live')).toBeInTheDocument();
  });

  it('holds lines back while paused and shows them on resume', async () => {
    // Lines are drawn on a timer: fake time, so "however long it waits" is exact, not a sleep
    // that a slow machine may end before the timer has fired (it still advances by itself).
    jest.useFakeTimers({ advanceTimers: true });
    await follow();
    act(() => write({ replica: '0', line: 'before the pause' }));
    await screen.findByText('before the pause');
    await userEvent.click(screen.getByLabelText('Pause'));
    act(() => write({ replica: '0', line: 'during the pause' }));
    act(() => jest.advanceTimersByTime(10_000)); // many draws, all while paused
    expect(screen.queryByText('during the pause')).toBeNull();
    await userEvent.click(screen.getByLabelText('Pause'));
    expect(await screen.findByText('during the pause')).toBeInTheDocument();
  });

  it('filters by level and by logger', async () => {
    await follow();
    const runner = (level: string, logger: string, text: string) =>
      `2024-07-16T13:06:39,394Z [main] ${level}  ${logger} - ${text}`;
    act(() => {
      write({
        replica: '0',
        line: runner('INFO', 'ksml.function.log_message', 'consumed one'),
      });
      write({
        replica: '1',
        line: runner('WARN', 'org.apache.kafka.clients', 'broker away'),
      });
      write({ replica: '1', line: runner('ERROR', 'ksml.runner', 'stopped') });
    });
    await screen.findByText(/consumed one/);
    await selectOption('Level', 'WARN and up');
    await waitFor(() => expect(screen.queryByText(/consumed one/)).toBeNull());
    expect(screen.getByText(/broker away/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Logger'), 'ksml');
    await waitFor(() => expect(screen.queryByText(/broker away/)).toBeNull());
    expect(screen.getByText(/stopped/)).toBeInTheDocument();
  });

  it('keeps the filter chosen before following, and says when nothing matches', async () => {
    await renderKsml(<KsmlLogsContent />, { api });
    await screen.findByText('zero: started');
    await selectOption('Level', 'ERROR and up');
    await userEvent.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(api.followLogs).toHaveBeenCalled());
    act(() => write({ replica: '0', line: 'INFO  ksml.runner - started' }));
    expect(
      await screen.findByText(
        'No lines match the filter (level ERROR and up).',
      ),
    ).toBeInTheDocument();
    act(() => write({ replica: '1', line: 'ERROR ksml.runner - stopped' }));
    expect(
      await screen.findByText('ERROR ksml.runner - stopped'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No lines match/)).toBeNull();
  });

  it("shows line numbers and replicas' tags in colours that read on the pane", async () => {
    await follow();
    act(() => write({ replica: '0', line: 'INFO first from zero' }));
    await screen.findByText('INFO first from zero');
    // LogViewer's own rules, with the theme's overrides merged in; the test app's theme is
    // Backstage's light one, its paper white. (Before: blue[300] numbers 2.2:1, cyan 2.3:1.)
    const number = screen.getByRole('row', { name: '1' });
    const tag = screen.getByText('[0]');
    for (const [element, rule] of [
      [number, 'BackstageLogViewer-lineNumber'],
      [tag, 'BackstageLogViewer-modifierForegroundCyan'],
    ] as const) {
      expect(contrastOn(ruleColour(element, rule), '#fff')).toBeGreaterThan(
        MIN_TEXT_CONTRAST,
      );
    }
  });

  it("wraps long lines on request, each replica's tag kept in its colour", async () => {
    await follow();
    const long = `INFO ${'a very long line '.repeat(40)}end`;
    act(() => {
      write({ replica: '0', line: long });
      write({ replica: '1', line: 'INFO short' });
    });
    await screen.findByText('INFO short');
    await userEvent.click(screen.getByLabelText('Wrap lines'));
    const pane = await screen.findByTestId('wrapped-log');
    expect(pane).toHaveStyle({ whiteSpace: 'pre-wrap' });
    expect(pane.textContent).toBe(`[0] ${long}[1] INFO short`);
    expect(screen.getByText('[1]', { exact: false })).toHaveStyle({
      color: '#ab47bc',
    });
    // Still live while wrapped.
    act(() => write({ replica: '1', line: 'INFO after wrapping' }));
    expect(await screen.findByText('INFO after wrapping')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download logs' })).toBeEnabled();
  });

  it('closes the stream when Follow is turned off', async () => {
    await follow();
    expect(signal?.aborted).toBe(false);
    await userEvent.click(screen.getByLabelText('Follow'));
    expect(signal?.aborted).toBe(true);
    expect(await screen.findByText('zero: started')).toBeInTheDocument();
  });

  it('says there is nothing to follow for an app without pods', async () => {
    api.followLogs.mockRejectedValue(await responseError(404, 'No pods found'));
    await follow();
    expect(await screen.findByText('No logs to follow')).toBeInTheDocument();
  });
});
