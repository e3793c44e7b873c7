import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledAsync } from './usePolledAsync';

/** A load the test answers by hand, counting how many were asked for. */
function manualLoads() {
  const answers: Array<(value: string) => void> = [];
  const load = jest.fn(
    () => new Promise<string>(resolve => answers.push(resolve)),
  );
  return { load, answer: (i: number, value: string) => answers[i](value) };
}

describe('usePolledAsync', () => {
  it('runs a reload asked for during a load once that load ends, so the newer state shows', async () => {
    const { load, answer } = manualLoads();
    const { result } = renderHook(() => usePolledAsync(load, [], null));
    expect(load).toHaveBeenCalledTimes(1);
    // An action ends while the first load is in flight: its answer may predate the action.
    act(() => result.current.retry());
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => answer(0, 'Running'));
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    await act(async () => answer(1, 'Stopped'));
    await waitFor(() => expect(result.current.value).toBe('Stopped'));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reloads at once when nothing is loading', async () => {
    const { load, answer } = manualLoads();
    const { result } = renderHook(() => usePolledAsync(load, [], null));
    await act(async () => answer(0, 'a'));
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => result.current.retry());
    expect(load).toHaveBeenCalledTimes(2);
  });
});
