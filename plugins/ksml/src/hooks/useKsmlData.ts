import { useApi } from '@backstage/core-plugin-api';
import type {
  KsmlApi,
  KsmlAppRef,
  KsmlDeploymentRecord,
  KsmlEvent,
  KsmlLagResponse,
  KsmlLogsResponse,
  KsmlMetricsResponse,
  KsmlRevision,
  KsmlStatusResponse,
  KsmlThroughputResponse,
  KsmlTopologyResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { useMemo } from 'react';
import type { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { ksmlApiRef } from '../api';
import { usePolledAsync } from '../components/common/usePolledAsync';

/** Options of the KSML data hooks. */
export interface KsmlDataOptions {
  /** Reload every so many milliseconds; null (the default) loads once, and on `retry`. */
  refreshIntervalMs?: number | null;
}

/**
 * One read of the KSML API for an app, polled: `{value, error, loading, retry}`. The app is
 * compared by its four fields, so a ref made anew on each render does not reload.
 */
function useKsmlRead<T>(
  ref: KsmlAppRef,
  read: (api: KsmlApi, ref: KsmlAppRef) => Promise<T>,
  options: KsmlDataOptions = {},
  extra = '',
): AsyncStateRetry<T> {
  const api = useApi(ksmlApiRef);
  const { tenant, instance, environment, application } = ref;
  const stable = useMemo(
    () => ({ tenant, instance, environment, application }),
    [tenant, instance, environment, application],
  );
  return usePolledAsync(
    () => read(api, stable),
    [api, stable, extra],
    options.refreshIntervalMs ?? null,
  );
}

/**
 * The app's status in one environment (`GET /status`): Helm's release and the workload's state,
 * with the diagnosis of an app that is not Running. A 404 error's `body.error.reason` says
 * `NotDeployed`. For a platform team's own cards, as the KSML tab's status card uses it.
 */
export function useKsmlStatus(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlStatusResponse> {
  return useKsmlRead(ref, (api, app) => api.status(app), options);
}

/** The last `tailLines` log lines of each replica (`GET /logs`). */
export function useKsmlLogs(
  ref: KsmlAppRef,
  options?: KsmlDataOptions & { tailLines?: number; previous?: boolean },
): AsyncStateRetry<KsmlLogsResponse> {
  const { tailLines, previous } = options ?? {};
  return useKsmlRead(
    ref,
    (api, app) => api.logs({ ...app, tailLines, previous }),
    options,
    `${tailLines}:${previous}`,
  );
}

/** CPU and memory of the app and of each replica (`GET /metrics`). */
export function useKsmlMetrics(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlMetricsResponse> {
  return useKsmlRead(ref, (api, app) => api.metrics(app), options);
}

/**
 * The app's throughput as its KSML runners report it (`GET /throughput`): records in and out
 * per second and JVM heap per replica, each processor node's rate and end-to-end latency, each
 * Python function's timing, and their trend over the last hour at most. The backend reads the
 * runners in the background (every `intervalSeconds`, 15 s by default) while someone looks, so
 * poll at about that pace: `{ refreshIntervalMs: 15_000 }`. A replica not read yet is `Unknown`
 * with its reason; a 404 error's `body.error.reason` says `NotDeployed`.
 */
export function useKsmlThroughput(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlThroughputResponse> {
  return useKsmlRead(ref, (api, app) => api.throughput(app), options);
}

/** The consumer lag of the app's group on its input topics (`GET /lag`). */
export function useKsmlLag(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlLagResponse> {
  return useKsmlRead(ref, (api, app) => api.lag(app), options);
}

/** The deployed app's topology graph (`GET /topology`). */
export function useKsmlTopology(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlTopologyResponse> {
  return useKsmlRead(ref, (api, app) => api.topology(app), options);
}

/** The app's Helm revisions, newest first (`GET /revisions`). */
export function useKsmlRevisions(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlRevision[]> {
  return useKsmlRead(ref, (api, app) => api.revisions(app), options);
}

/** The app's Kubernetes events and recorded operations, newest first (`GET /events`). */
export function useKsmlEvents(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlEvent[]> {
  return useKsmlRead(ref, (api, app) => api.events(app), options);
}

/** The app's recorded operations, newest first (`GET /history`). */
export function useKsmlHistory(
  ref: KsmlAppRef,
  options?: KsmlDataOptions,
): AsyncStateRetry<KsmlDeploymentRecord[]> {
  return useKsmlRead(ref, (api, app) => api.history(app), options);
}
