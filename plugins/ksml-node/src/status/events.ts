import type { CoreV1Event } from '@kubernetes/client-node';
import type { KsmlEvent } from '@ksml-backstage/plugin-ksml-common';

/** A timestamp of the API (a string on the wire, a Date from client-node) as ISO 8601. */
function iso(value: unknown): string | undefined {
  if (!value) return undefined;
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Kubernetes events of an app's objects on one timeline, newest first: every type (Normal
 * included, which other portals hide), when each last happened, how often, and who said so.
 */
export function mapEvents(events: CoreV1Event[]): KsmlEvent[] {
  return events
    .map(event => {
      const time =
        iso(event.lastTimestamp) ??
        iso(event.eventTime) ??
        iso(event.firstTimestamp) ??
        iso(event.metadata?.creationTimestamp) ??
        new Date(0).toISOString();
      const object = event.involvedObject;
      const count = event.count ?? event.series?.count;
      const source = event.source?.component ?? event.reportingComponent;
      return {
        time,
        type:
          event.type === 'Warning' ? ('Warning' as const) : ('Normal' as const),
        reason: event.reason ?? '',
        message: (event.message ?? '').trim(),
        ...(object?.kind && object.name
          ? { object: `${object.kind}/${object.name}` }
          : {}),
        ...(count ? { count } : {}),
        ...(source ? { source } : {}),
      };
    })
    .sort((a, b) => b.time.localeCompare(a.time));
}
