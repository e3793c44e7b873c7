import type { Entity } from '@backstage/catalog-model';
import type { KsmlManagedApp } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord, statusResponse } from '../../__testUtils__';
import {
  actorName,
  filterRows,
  fleetChoices,
  fleetRows,
  NO_ENTITY,
  NO_OWNER,
  ownerOf,
} from './fleet';

function app(
  application: string,
  environment = 'dev',
  tenant = 'dizzl',
): KsmlManagedApp {
  return {
    ref: { tenant, instance: 'sandbox', environment, application },
    release: `${tenant}-sandbox-${environment}-${application}-ksml`,
    namespace: `ksml-${environment}`,
    lastDeploy: { ...deployRecord(), actor: 'user:default/guest' },
    status: statusResponse({}, environment),
  };
}

function entity(
  name: string,
  annotations: Record<string, string>,
  owner?: string,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace, annotations },
    spec: owner === undefined ? {} : { owner },
  };
}

const annotated = (application: string, tenant = 'dizzl') => ({
  'ksml/tenant': tenant,
  'ksml/instance': 'sandbox',
  'ksml/application': application,
});

describe('fleetRows', () => {
  it('joins apps to entities by tenant, instance and application, in every environment', () => {
    const rows = fleetRows(
      [app('a', 'dev'), app('a', 'prod'), app('a', 'dev', 'other')],
      [entity('a-entity', annotated('a'), 'team-a')],
    );
    expect(rows.map(row => [row.id, row.entity?.metadata.name])).toEqual([
      ['dizzl/sandbox/dev/a', 'a-entity'],
      ['dizzl/sandbox/prod/a', 'a-entity'],
      ['other/sandbox/dev/a', undefined],
    ]);
  });

  it('keeps the first entity when several name the same app, and skips incomplete ones', () => {
    const rows = fleetRows(
      [app('a')],
      [
        entity('partial', { 'ksml/application': 'a' }, 'team-x'),
        entity('first', annotated('a'), 'team-a'),
        entity('second', annotated('a'), 'team-b'),
      ],
    );
    expect(rows[0].entity?.metadata.name).toBe('first');
  });
});

describe('ownerOf', () => {
  it('reads a short owner as a group in the entity namespace', () => {
    expect(ownerOf(entity('a', {}, 'team-a', 'payments'))).toEqual({
      ref: 'group:payments/team-a',
      name: 'payments/team-a',
      entityRef: { kind: 'group', namespace: 'payments', name: 'team-a' },
    });
    expect(ownerOf(entity('a', {}, 'user:default/jane'))?.name).toBe(
      'user:jane',
    );
  });

  it('has none without spec.owner', () => {
    expect(ownerOf(entity('a', {}))).toBeUndefined();
  });
});

describe('actorName', () => {
  it('shortens a user ref and leaves a service subject as it is', () => {
    expect(actorName('user:default/guest')).toBe('guest');
    expect(actorName('plugin:scaffolder')).toBe('plugin:scaffolder');
    expect(actorName(undefined)).toBeUndefined();
  });
});

describe('filterRows and fleetChoices', () => {
  const rows = fleetRows(
    [app('a', 'dev'), app('b', 'prod'), app('c', 'dev'), app('d', 'dev')],
    [
      entity('a', annotated('a'), 'team-a'),
      entity('b', annotated('b'), 'group:default/team-a'),
      entity('c', annotated('c')),
    ],
  );

  it('counts each owner once whichever way spec.owner names it, apart from the ownerless', () => {
    expect(fleetChoices(rows).owners).toEqual([
      { value: 'group:default/team-a', label: 'team-a', count: 2 },
      { value: NO_ENTITY, label: 'No catalog entity', count: 1 },
      { value: NO_OWNER, label: 'No owner', count: 1 },
    ]);
    expect(fleetChoices(rows).environments).toEqual([
      { value: 'dev', label: 'dev', count: 3 },
      { value: 'prod', label: 'prod', count: 1 },
    ]);
  });

  it('narrows by owner, environment and search together', () => {
    const ids = (filtered: typeof rows) => filtered.map(row => row.id);
    expect(ids(filterRows(rows, { owner: 'group:default/team-a' }))).toEqual([
      'dizzl/sandbox/dev/a',
      'dizzl/sandbox/prod/b',
    ]);
    expect(ids(filterRows(rows, { owner: NO_OWNER }))).toEqual([
      'dizzl/sandbox/dev/c',
    ]);
    expect(
      ids(filterRows(rows, { environment: 'dev', search: ' -DEV-D- ' })),
    ).toEqual(['dizzl/sandbox/dev/d']);
  });
});
