import type { Entity } from '@backstage/catalog-model';
import {
  isKsmlAvailable,
  ksmlAppOf,
  missingKsmlAnnotations,
  parseEnvironments,
} from './ksmlEntity';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'sensor-inspector', annotations },
  };
}

const complete = {
  'ksml/tenant': 'dizzl',
  'ksml/instance': 'sandbox',
  'ksml/application': 'sensor-inspector',
};

describe('isKsmlAvailable', () => {
  it('is true when tenant, instance and application are set', () => {
    expect(isKsmlAvailable(entity(complete))).toBe(true);
  });

  it.each(Object.keys(complete))('is false without %s', name => {
    const { [name as keyof typeof complete]: _left, ...rest } = complete;
    expect(isKsmlAvailable(entity(rest))).toBe(false);
    expect(missingKsmlAnnotations(entity(rest))).toEqual([name]);
  });

  it('treats a blank annotation as missing', () => {
    expect(isKsmlAvailable(entity({ ...complete, 'ksml/tenant': ' ' }))).toBe(
      false,
    );
  });

  it('is false for an entity without annotations', () => {
    expect(
      isKsmlAvailable({
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).toBe(false);
  });
});

describe('parseEnvironments', () => {
  it.each([
    [undefined, ['dev']],
    ['', ['dev']],
    [' , ', ['dev']],
    ['dev,stag,prod', ['dev', 'stag', 'prod']],
    [' dev , prod ,dev', ['dev', 'prod']],
  ])('parses %p', (value, expected) => {
    expect(parseEnvironments(value)).toEqual(expected);
  });
});

describe('ksmlAppOf', () => {
  it('reads identity and environments', () => {
    expect(
      ksmlAppOf(entity({ ...complete, 'ksml/environments': 'dev,prod' })),
    ).toEqual({
      base: {
        tenant: 'dizzl',
        instance: 'sandbox',
        application: 'sensor-inspector',
      },
      environments: ['dev', 'prod'],
      gitops: false,
    });
  });

  it('tells an app deployed by GitOps', () => {
    expect(
      ksmlAppOf(entity({ ...complete, 'ksml/deployed-by': 'gitops' }))?.gitops,
    ).toBe(true);
  });

  it('is undefined when an annotation is missing', () => {
    expect(ksmlAppOf(entity({ 'ksml/tenant': 'dizzl' }))).toBeUndefined();
  });
});
