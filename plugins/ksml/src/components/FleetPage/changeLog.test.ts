import type { Entity } from '@backstage/catalog-model';
import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { deployRecord } from '../../__testUtils__';
import {
  actorChoices,
  changeActor,
  changeRows,
  describeChange,
} from './changeLog';

function record(
  overrides: Partial<KsmlDeploymentRecord> = {},
): KsmlDeploymentRecord {
  return { ...deployRecord(), ...overrides };
}

describe('describeChange', () => {
  it.each([
    [record(), 'deploy succeeded (revision 3)'],
    [
      record({ operation: 'scale', request: { replicas: 0 }, revision: 4 }),
      'scale to 0 replicas succeeded (revision 4)',
    ],
    [
      record({ operation: 'scale', request: { replicas: 1 }, revision: 4 }),
      'scale to 1 replica succeeded (revision 4)',
    ],
    [
      record({ operation: 'rollback', request: { revision: 1 }, revision: 5 }),
      'rollback to revision 1 succeeded (revision 5)',
    ],
    [
      record({ operation: 'promote', request: { from: 'stag' } }),
      'promote from stag succeeded (revision 3)',
    ],
    [
      record({
        operation: 'reset-offsets',
        request: { to: 'time', time: '2026-12-07T10:00:00Z' },
        revision: undefined,
      }),
      'reset-offsets to 2026-12-07T10:00:00Z succeeded',
    ],
    [
      record({
        operation: 'undeploy',
        request: undefined,
        revision: undefined,
      }),
      'undeploy succeeded',
    ],
    [
      record({
        outcome: 'failed',
        revision: undefined,
        error: 'input topic sensor_data does not exist',
      }),
      'deploy failed: input topic sensor_data does not exist',
    ],
    [record({ outcome: 'failed', revision: undefined }), 'deploy failed'],
    [record({ operation: 'restart', outcome: 'pending' }), 'restart pending'],
  ])('describes %#', (change, words) => {
    expect(describeChange(change)).toBe(words);
  });
});

describe('changeActor', () => {
  it('links a user to the user entity, by a short name', () => {
    expect(changeActor('user:default/guest')).toEqual({
      ref: 'user:default/guest',
      name: 'guest',
      entityRef: { kind: 'user', namespace: 'default', name: 'guest' },
    });
    expect(changeActor('user:team-a/jane')?.name).toBe('team-a/jane');
  });

  it('shows a service as recorded, without a link, and nobody as undefined', () => {
    expect(changeActor('plugin:scaffolder')).toEqual({
      ref: 'plugin:scaffolder',
      name: 'plugin:scaffolder',
    });
    expect(changeActor(undefined)).toBeUndefined();
  });
});

describe('changeRows', () => {
  it('keeps the order and joins each change to the entity of its app', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'sensor-inspector',
        annotations: {
          'ksml/tenant': 'dizzl',
          'ksml/instance': 'sandbox',
          'ksml/application': 'sensor-inspector',
        },
      },
    };
    const rows = changeRows(
      [
        record({ id: 7, application: 'other' }),
        record({ id: 6, operation: 'undeploy', revision: undefined }),
      ],
      [entity],
    );
    expect(
      rows.map(row => [row.id, row.entity?.metadata.name, row.what]),
    ).toEqual([
      [7, undefined, 'deploy succeeded (revision 3)'],
      [6, 'sensor-inspector', 'undeploy succeeded'],
    ]);
  });
});

describe('actorChoices', () => {
  it('lists everyone who made a change, by name, with how many', () => {
    const records = [
      record({ actor: 'user:default/guest' }),
      record({ actor: 'plugin:scaffolder' }),
      record({ actor: 'user:default/ann' }),
      record({ actor: 'user:default/guest' }),
      record(),
    ];
    expect(actorChoices(records)).toEqual([
      { value: 'user:default/ann', label: 'ann', count: 1 },
      { value: 'user:default/guest', label: 'guest', count: 2 },
      { value: 'plugin:scaffolder', label: 'plugin:scaffolder', count: 1 },
    ]);
  });

  it('keeps a chosen actor none of the changes names, with none', () => {
    expect(actorChoices([], 'user:default/bob')).toEqual([
      { value: 'user:default/bob', label: 'bob', count: 0 },
    ]);
  });
});
