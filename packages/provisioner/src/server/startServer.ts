import type { RequestListener } from 'node:http';
import { createServer as createHttpServer, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A listening server and how to stop it. */
export interface RunningServer {
  /** The port actually listened on (PORT=0 picks a free one). */
  port: number;
  /**
   * Stops accepting connections and resolves when the requests in flight have finished (a
   * deploy runs to its end), or after `timeoutMs`, when the rest are cut.
   */
  stop(timeoutMs: number): Promise<void>;
}

/** Listens on `port` with HTTP, or HTTPS when `tls` holds a PEM certificate and key. */
export async function startServer(options: {
  app: RequestListener;
  port: number;
  tls?: { cert: string; key: string };
}): Promise<RunningServer> {
  const server: Server = options.tls
    ? createHttpsServer(
        { cert: options.tls.cert, key: options.tls.key },
        options.app,
      )
    : createHttpServer(options.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: timeoutMs =>
      new Promise<void>(resolve => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, timeoutMs);
        timer.unref();
        // Idle keep-alive connections would hold close() open; busy ones finish first.
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
