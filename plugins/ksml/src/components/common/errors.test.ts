import { responseError } from '../../__testUtils__/responseError';
import { errorKind, errorMessage, statusCodeOf } from './errors';

describe('errors', () => {
  it.each([
    [404, 'not-found'],
    [403, 'forbidden'],
    [500, 'other'],
    [400, 'other'],
  ])('classifies %p as %p', async (status, kind) => {
    const error = await responseError(status, 'boom');
    expect(statusCodeOf(error)).toBe(status);
    expect(errorKind(error)).toBe(kind);
  });

  it('classifies a plain error as other', () => {
    expect(errorKind(new Error('network down'))).toBe('other');
    expect(statusCodeOf(new Error('x'))).toBeUndefined();
  });

  it("prefers the backend's message", async () => {
    expect(
      errorMessage(await responseError(400, 'replicas: must be 0 or more')),
    ).toBe('replicas: must be 0 or more');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('text')).toBe('text');
  });
});
