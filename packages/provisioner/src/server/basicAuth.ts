import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * HTTP Basic authentication (the readme's BASIC_AUTH_*): a request without the right
 * credentials gets 401 with `WWW-Authenticate`. Username and password are compared in constant
 * time (as SHA-256 digests, so their lengths do not leak either).
 */
export function basicAuth(credentials: {
  username: string;
  password: string;
}): RequestHandler {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const username = digest(credentials.username);
  const password = digest(credentials.password);
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const decoded = match
      ? Buffer.from(match[1], 'base64').toString('utf8')
      : '';
    const colon = decoded.indexOf(':');
    // Both comparisons always run: no early exit that timing could reveal.
    const userOk = timingSafeEqual(digest(decoded.slice(0, colon)), username);
    const passOk = timingSafeEqual(digest(decoded.slice(colon + 1)), password);
    if (match && colon >= 0 && userOk && passOk) {
      next();
      return;
    }
    res
      .status(401)
      .set(
        'WWW-Authenticate',
        'Basic realm="ksml-provisioner", charset="UTF-8"',
      )
      .json({
        error: {
          name: 'AuthenticationError',
          message: header
            ? 'Wrong username or password'
            : 'Basic authentication is required',
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 401 },
      });
  };
}
