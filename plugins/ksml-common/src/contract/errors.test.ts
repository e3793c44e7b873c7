import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ksmlErrorReasons,
  reasonForStatus,
  reasonOf,
  responseReasonOf,
  statusOfError,
  withReason,
} from './errors';

describe('error reason codes', () => {
  it('keeps a reason given to an error, and ignores one the contract does not know', () => {
    expect(reasonOf(withReason(new NotFoundError('x'), 'NotDeployed'))).toBe(
      'NotDeployed',
    );
    expect(reasonOf(Object.assign(new Error('x'), { reason: 'Oops' }))).toBe(
      undefined,
    );
    expect(reasonOf(undefined)).toBe(undefined);
  });

  it('reads the reason of a failed call from the answer’s error', () => {
    expect(
      responseReasonOf({
        body: { error: { name: 'NotFoundError', reason: 'NoPods' } },
      }),
    ).toBe('NoPods');
    expect(responseReasonOf(new Error('network'))).toBe(undefined);
  });

  it('gives every status a reason of the contract', () => {
    for (const status of [
      400, 401, 403, 404, 409, 413, 429, 500, 501, 502, 503,
    ]) {
      expect(Object.keys(ksmlErrorReasons)).toContain(reasonForStatus(status));
    }
    expect(
      [
        new InputError('x'),
        new NotFoundError('x'),
        new ConflictError('x'),
        new Error('x'),
      ]
        .map(statusOfError)
        .map(reasonForStatus),
    ).toEqual(['InvalidInput', 'NotFound', 'Conflict', 'Internal']);
    expect(
      statusOfError(Object.assign(new Error('too big'), { statusCode: 413 })),
    ).toBe(413);
  });
});
