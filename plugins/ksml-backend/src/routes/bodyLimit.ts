import type { RequestHandler } from 'express';

/**
 * Refuses a request body over `limitBytes` as soon as that is known, with a 413 and the
 * connection closed: express.json would answer only once the client has sent all of it, however
 * large. A declared Content-Length is judged at once; a chunked body as its chunks come.
 */
export function bodyLimit(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    const tooLarge = () => {
      res.on('finish', () => req.socket.destroy());
      res
        .status(413)
        .set('Connection', 'close')
        .json({
          error: {
            name: 'PayloadTooLargeError',
            message: `The request body is over the ${limitBytes}-byte limit`,
            reason: 'PayloadTooLarge',
          },
        });
    };
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) > limitBytes) tooLarge();
      else next();
      return;
    }
    // A chunked body: counted as it comes (express.json reads the same chunks).
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes && !res.headersSent) tooLarge();
    });
    next();
  };
}
