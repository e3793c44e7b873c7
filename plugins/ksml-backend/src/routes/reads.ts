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
  serve('lag', ref => service.lag(ref));
  serve('gitopsFiles', ref => service.gitopsFiles(ref));
  serve('apps', async () => ({ items: await service.apps() }));
}
