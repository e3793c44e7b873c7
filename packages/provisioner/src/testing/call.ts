import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An HTTP answer, its body parsed when it is JSON. */
export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * One HTTP(S) request to a provisioner, as an outside client (a pipeline, Terraform) makes
 * it: optional basic auth, and for HTTPS a CA to trust (nothing else is trusted).
 */
export function call(
  base: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    auth?: { username: string; password: string };
    ca?: string;
  } = {},
): Promise<CallResult> {
  const url = new URL(path, base);
  const payload =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (payload) headers['content-type'] = 'application/json';
  if (options.auth) {
    headers.authorization = `Basic ${Buffer.from(
      `${options.auth.username}:${options.auth.password}`,
    ).toString('base64')}`;
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method, headers, ...(options.ca ? { ca: options.ca } : {}) },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
