import { type DependencyList } from 'react';
import useAsyncRetry, {
  type AsyncStateRetry,
} from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/**
 * Loads with `fn` and loads again every `intervalMs` (no polling when null). The last value
 * stays in the state while a reload runs, so views refresh without flashing a spinner; a
 * reload is skipped while the previous one is still running.
 */
export function usePolledAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number | null,
): AsyncStateRetry<T> {
  const state = useAsyncRetry(fn, deps);
  useInterval(() => {
    if (!state.loading) {
      state.retry();
    }
  }, intervalMs);
  return state;
}
