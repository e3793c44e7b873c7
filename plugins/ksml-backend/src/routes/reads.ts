import type { KsmlService } from '../service/KsmlService';
import type { Serve } from './serve';

/** The routes that read an app or the fleet (the live log stream aside: followLogs.ts). */
export function serveReads(serve: Serve, service: KsmlService): void {
  // GitOps and dry runs: validates like a deploy, returns what it would install, applies nothing.
  serve('render', request => service.render(request));
  serve('status', ref => service.status(ref));
  serve('logs', ({ tailLines, previous, ...ref }) =>
    service.logs(ref, tailLines, { previous }),
  );
  serve('metrics', ({ deploymentMode: _mode, ...ref }) => service.metrics(ref));
  serve('history', async ref => ({ items: await service.history(ref) }));
  serve('revisions', async ref => ({ items: await service.revisions(ref) }));
  serve('events', async ref => ({ items: await service.events(ref) }));
  serve('topology', ref => service.topology(ref));
  serve('throughput', ({ range, ...ref }) => service.throughput(ref, range));
  serve('definition', ({ revision, ...ref }) =>
    service.definition(ref, { revision }),
  );
  serve('lag', ref => service.lag(ref));
  // Data, which can be personal: every read is audited with what was read, never the records.
  serve(
    'records',
    ({ topic, limit, from, partition, offset, filter, ...ref }) =>
      service.records(ref, { topic, limit, from, partition, offset, filter }),
    {
      eventId: 'app-records-read',
      meta: input => ({
        environment: input.environment,
        application: input.application,
        topic: input.topic,
        limit: input.limit,
        filtered: input.filter ? 'yes' : 'no',
      }),
      success: result => ({
        records: result.records.length,
        scannedRecords: result.scanned.records,
      }),
    },
  );
  serve('gitopsFiles', ref => service.gitopsFiles(ref));
  serve('apps', async filter => ({ items: await service.apps(filter) }));
  // A template form's checks before Create: applies nothing, one answer per environment.
  serve('preflight', async request => ({
    items: await service.preflight(request),
  }));
  // Like /apps, the fleet's: allowed by ksml.app.read without an app (none is named).
  serve('changes', async filter => ({ items: await service.changes(filter) }));
}
