import type {
  DeployRequest,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { waitFor } from '@ksml-backstage/testbed';
import type { KsmlProvisioner } from '../provisioner/KsmlProvisioner';

/**
 * Polls an app's status until `done` holds; every status seen, the last one `done`'s. A timeout
 * names the last status seen (its diagnosis, replicas ready, restarts and Streams states), so a
 * slow start on a busy machine reads apart from a wrong diagnosis.
 */
export async function statusesUntil(
  provisioner: Pick<KsmlProvisioner, 'status'>,
  app: DeployRequest,
  done: (s: KsmlStatusResponse) => boolean,
  options: { description: string; timeoutMs: number; intervalMs?: number },
): Promise<KsmlStatusResponse[]> {
  const seen: KsmlStatusResponse[] = [];
  await waitFor(
    async () => {
      const status = await provisioner.status(app);
      seen.push(status);
      if (done(status)) return status;
      throw new Error(`last status ${describeStatus(status)}`);
    },
    { intervalMs: 1000, ...options },
  );
  return seen;
}

/** e.g. "Starting (NotReady: …), 0/1 ready, 0 restarts, streams [{…}]". */
function describeStatus({ kubernetes: k }: KsmlStatusResponse): string {
  return (
    `${k.status} (${k.reason ?? 'no reason'}${
      k.message ? `: ${k.message}` : ''
    }), ` +
    `${k.readyReplicas}/${k.replicas} ready, ${k.restarts ?? 0} restarts, ` +
    `streams ${JSON.stringify(k.streams ?? [])}`
  );
}
