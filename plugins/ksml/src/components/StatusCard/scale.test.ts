import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord } from '../../__testUtils__/fixtures';
import { previousReplicas } from './scale';

const scaleRecord = (
  replicas: number,
  outcome: KsmlDeploymentRecord['outcome'] = 'succeeded',
): KsmlDeploymentRecord => ({
  ...deployRecord(),
  operation: 'scale',
  outcome,
  request: { replicas },
});

describe('previousReplicas', () => {
  it('takes the newest deploy or scale that ran replicas', () => {
    expect(
      previousReplicas([
        scaleRecord(0),
        scaleRecord(4, 'failed'),
        scaleRecord(3),
        deployRecord({ replicas: 2 }),
      ]),
    ).toBe(3);
    expect(
      previousReplicas([scaleRecord(0), deployRecord({ replicas: 2 })]),
    ).toBe(2);
  });

  it('is 1 when nothing ran replicas', () => {
    expect(previousReplicas([scaleRecord(0)])).toBe(1);
    expect(previousReplicas([])).toBe(1);
  });
});
