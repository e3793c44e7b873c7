import type { KsmlAppRef } from '@ksml-backstage/plugin-ksml-common';
import { CustomErrorBase } from '@backstage/errors';
import type { Request, RequestHandler } from 'express';
import type { KsmlService } from '../service/KsmlService';
import type { LiveLogSlots } from '../service/LiveLogSlots';

/** What {@link followLogsHandler} needs. */
export interface FollowLogsOptions {
  /** The request's app and tail, parsed (a 400 naming the field otherwise). */
  parse(req: Request): KsmlAppRef & { tailLines: number };
  /** The permission checked on the app: the caller, or a 403. */
  authorize(req: Request, app: KsmlAppRef): Promise<string | undefined>;
  /** Follows the app's replicas' logs until the signal aborts; a 404 before onStart without pods. */
  follow: KsmlService['followLogs'];
  /** The streams open per user and in all. */
  slots: LiveLogSlots;
}

/** A 429: too many live log streams open (Backstage's error middleware reads `statusCode`). */
class TooManyStreamsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  statusCode = 429 as const;
  reason = 'TooManyStreams' as const;
}

/** Keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Live logs as server-sent events: one `data:` line of {replica, line} per log line of any
 * replica, until the client goes away. An app without pods is a plain 404 (nothing sent yet);
 * once the app has pods to follow (`onStart`, before any byte is written) a slot is taken, and a
 * caller over the limit gets a plain 429 instead of the stream: so the 404 does not depend on the
 * streams the caller has open elsewhere. Once streaming, a failure is an `event: error` and the
 * end of the stream.
 */
export function followLogsHandler(options: FollowLogsOptions): RequestHandler {
  return async (req, res) => {
    const { tailLines, ...ref } = options.parse(req);
    const actor = await options.authorize(req, ref);
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    let slot: { release(): void } | undefined;
    let refused: string | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      await options.follow(ref, {
        tailLines,
        signal: closed.signal,
        onStart: () => {
          const taken = options.slots.acquire(actor ?? 'anonymous');
          if ('refused' in taken) {
            refused = taken.refused;
            closed.abort();
            return;
          }
          slot = taken;
          res.status(200).set({
            'Content-Type': 'text/event-stream',
            'Cache-Control': 'no-cache, no-transform',
            'X-Accel-Buffering': 'no',
          });
          res.flushHeaders();
          res.write(': following\n\n');
          heartbeat = setInterval(
            () => res.write(': keep-alive\n\n'),
            HEARTBEAT_MS,
          );
        },
        onLine: line => res.write(`data: ${JSON.stringify(line)}\n\n`),
      });
    } catch (error) {
      if (!res.headersSent) throw error;
      res.write(
        `event: error\ndata: ${JSON.stringify({
          message: (error as Error).message,
        })}\n\n`,
      );
    } finally {
      clearInterval(heartbeat);
      slot?.release();
    }
    if (refused) throw new TooManyStreamsError(refused);
    if (res.headersSent) res.end();
  };
}
