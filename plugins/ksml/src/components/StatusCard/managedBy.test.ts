import { statusResponse } from '../../__testUtils__';
import { managedBy } from './StatusDetails';

const condition = (
  type: 'Ready' | 'Failed',
  status: 'True' | 'False',
  message: string,
) => ({
  type,
  status,
  reason: 'x',
  message,
  lastTransitionTime: '2024-08-26T13:04:20Z',
});

describe('managedBy', () => {
  const operator = (extra: object) => ({
    ...statusResponse(),
    operator: {
      resource: 'ns/app',
      generation: 2,
      observedGeneration: 2,
      conditions: [],
      ...extra,
    },
  });

  it('names the KsmlApp, and says nothing more when it is Ready', () => {
    expect(
      managedBy(operator({ conditions: [condition('Ready', 'True', 'ok')] })),
    ).toEqual({
      text: 'Operator, from a KsmlApp',
      resource: 'ns/app',
    });
  });

  it("says why: Failed first, then a change not reconciled yet, then Ready's message", () => {
    expect(
      managedBy(
        operator({
          conditions: [
            condition('Ready', 'False', 'not ready'),
            condition('Failed', 'True', 'spec: bad'),
          ],
        }),
      ).detail,
    ).toBe('Failed: spec: bad');
    expect(managedBy(operator({ observedGeneration: 1 })).detail).toBe(
      'a change is waiting for the operator',
    );
    expect(
      managedBy(
        operator({ conditions: [condition('Ready', 'False', 'Starting')] }),
      ).detail,
    ).toBe('Starting');
  });

  it('is GitOps for an entity Flux or Argo CD deploy, else Helm from the portal', () => {
    expect(managedBy(statusResponse(), true).text).toBe(
      'GitOps: Flux or Argo CD, from Git',
    );
    expect(managedBy(statusResponse()).text).toBe('Helm, from the portal');
  });
});
