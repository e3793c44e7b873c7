import { connect, createServer, Socket } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/** A TCP proxy to a real server whose connection a test can cut and restore. */
export interface TcpProxy {
  /** The port on 127.0.0.1 that forwards to the target. */
  port: number;
  /** Closes every open connection and refuses new ones, as a stopped server does. */
  cut(): Promise<void>;
  /** Accepts and forwards connections again on the same port. */
  restore(): Promise<void>;
  /**
   * Holds what the client sends this long before forwarding it (0: not at all), as a slow
   * link does: a test can then act between two requests of a client.
   */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free port to `host:port`, for fault tests of a real server (PostgreSQL,
 * the API server) that other tests share and must not be stopped.
 */
export async function startTcpProxy(
  host: string,
  port: number,
): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let delayMs = 0;
  const server = createServer(client => {
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // Client to server: each chunk after the delay, in order; server to client: at once.
    let lastSendAt = 0;
    const later = (send: () => void) => {
      const sendAt = Math.max(Date.now() + delayMs, lastSendAt);
      lastSendAt = sendAt;
      if (sendAt <= Date.now()) send();
      else setTimeout(send, sendAt - Date.now());
    };
    client.on('data', chunk => later(() => upstream.write(chunk)));
    client.on('end', () => later(() => upstream.end()));
    upstream.pipe(client);
  });
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>(resolve => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) server.close(() => resolve());
      else resolve();
    });
  await listen(0);
  const address = server.address();
  const own = typeof address === 'object' && address ? address.port : 0;
  return {
    port: own,
    cut: stop,
    restore: () => listen(own),
    setDelay: ms => {
      delayMs = ms;
    },
    close: stop,
  };
}
