import { type DependencyList, useCallback, useEffect, useRef } from 'react';
import useAsyncRetry, {
  type AsyncStateRetry,
} from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/**
 * Loads with `fn` and loads again every `intervalMs` (no polling when null). The last value
 * stays in the state while a reload runs, so views refresh without flashing a spinner; a poll
 * is skipped while the previous load is still running.
 *
 * A reload asked for with `retry` while a load runs is not dropped (react-use's own retry
 * ignores it): it runs as soon as that load ends. The load in flight may have started before
 * the change the caller wants to see (a Stop that just finished), so its answer can be stale.
 */
export function usePolledAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number | null,
): AsyncStateRetry<T> {
  const state = useAsyncRetry(fn, deps);
  // The latest load state and reload, read through refs: a caller may hold on to `retry` from
  // an earlier render (an action that ran for a while), whose own view of `loading` is stale.
  const latest = useRef(state);
  latest.current = state;
  const pending = useRef(false);
  const { loading } = state;
  useInterval(() => {
    if (!latest.current.loading) latest.current.retry();
  }, intervalMs);
  useEffect(() => {
    if (!loading && pending.current) {
      pending.current = false;
      latest.current.retry();
    }
  }, [loading]);
  const retry = useCallback(() => {
    if (latest.current.loading) pending.current = true;
    else latest.current.retry();
  }, []);
  return { ...state, retry };
}
