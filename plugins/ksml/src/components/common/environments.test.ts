import type { KsmlManagedApp } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord } from '../../__testUtils__';
import {
  compareEnvironments,
  deployedEnvironments,
  mergeEnvironments,
} from './environments';

function managed(
  environment: string,
  application = 'sensor-inspector',
  tenant = 'dizzl',
): KsmlManagedApp {
  return {
    ref: { tenant, instance: 'sandbox', environment, application },
    release: `${tenant}-sandbox-${environment}-${application}-ksml`,
    namespace: `ksml-${environment}`,
    lastDeploy: deployRecord({ environment }),
  };
}

const base = {
  tenant: 'dizzl',
  instance: 'sandbox',
  application: 'sensor-inspector',
};

describe('deployedEnvironments', () => {
  it("keeps the environments of the entity's app only, each once", () => {
    const apps = [
      managed('prod'),
      managed('dev', 'other-app'),
      managed('stag', 'sensor-inspector', 'other-tenant'),
      managed('dev'),
      managed('prod'),
    ];
    expect(deployedEnvironments(apps, base)).toEqual(['prod', 'dev']);
  });
});

describe('mergeEnvironments', () => {
  it("puts the entity's environments first, in its order, and marks the others unlisted", () => {
    expect(mergeEnvironments(['prod', 'dev'], ['dev', 'stag'])).toEqual({
      environments: ['prod', 'dev', 'stag'],
      unlisted: ['stag'],
    });
  });

  it('orders the unlisted ones as environments usually graduate, whatever order they came in', () => {
    const expected = ['dev', 'stag', 'prod', 'zone-a'];
    expect(
      mergeEnvironments(['dev'], ['zone-a', 'prod', 'stag']).environments,
    ).toEqual(expected);
    expect(
      mergeEnvironments(['dev'], ['prod', 'stag', 'zone-a', 'prod'])
        .environments,
    ).toEqual(expected);
  });

  it("is the entity's own when nothing else is deployed", () => {
    expect(mergeEnvironments(['dev', 'prod'], [])).toEqual({
      environments: ['dev', 'prod'],
      unlisted: [],
    });
  });
});

describe('compareEnvironments', () => {
  it('puts the usual names in order of graduation, then others A to Z', () => {
    expect(
      ['b-lab', 'PROD', 'a-lab', 'acc', 'test', 'dev'].sort(
        compareEnvironments,
      ),
    ).toEqual(['dev', 'test', 'acc', 'PROD', 'a-lab', 'b-lab']);
  });
});
