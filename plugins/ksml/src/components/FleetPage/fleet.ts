import {
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import type {
  KsmlManagedApp,
  KsmlWorkloadStatus,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlAppOf, type KsmlAppBase } from '../common/ksmlEntity';
import { UNKNOWN } from '../StatusCard/state';

export { UNKNOWN };

/** A fleet row's state: the workload's, or Unknown when `/apps` could not read its status. */
export type FleetState = KsmlWorkloadStatus | typeof UNKNOWN;

/** Every state, in the order the state filter lists them: the problems first. */
export const FLEET_STATES: readonly FleetState[] = [
  'Failing',
  UNKNOWN,
  'Starting',
  'Running',
  'Completed',
  'Stopped',
];

/** The owner filter's value for apps that no catalog entity describes. */
export const NO_ENTITY = '-';
/** The owner filter's value for apps whose entity names no owner. */
export const NO_OWNER = '--';

/** An entity's owner: its full ref (to filter and link by) and how it is shown. */
export interface FleetOwner {
  /** `group:default/team-a`, or `spec.owner` as written when it is not a valid ref. */
  ref: string;
  /** `team-a` (kind group and namespace default left out), as Backstage shows owners. */
  name: string;
  /** The parsed ref, for a link; absent when `spec.owner` does not parse. */
  entityRef?: CompoundEntityRef;
}

/** One row of the fleet table: a managed app in one environment, joined to its entity. */
export interface FleetRow {
  /** `tenant/instance/environment/application`: unique per row. */
  id: string;
  app: KsmlManagedApp;
  state: FleetState;
  /** The Component entity whose annotations name this app, when the catalog has one. */
  entity?: Entity;
  owner?: FleetOwner;
  /** Lowercase text the search box matches: names, release, namespace, owner, actor. */
  searchText: string;
}

/** What the fleet is narrowed to; an absent field does not narrow. */
export interface FleetFilters {
  state?: string;
  /** An owner's `ref`, {@link NO_ENTITY} or {@link NO_OWNER}. */
  owner?: string;
  environment?: string;
  /** Free text, matched case-insensitively against each row's `searchText`. */
  search?: string;
}

/**
 * The catalog fields the page reads: enough to join (the three identity annotations), link
 * (kind, namespace, name) and show the owner, nothing more.
 */
export const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations.ksml/tenant',
  'metadata.annotations.ksml/instance',
  'metadata.annotations.ksml/application',
  'spec.owner',
];

/** The key an app and its entity meet on: tenant, instance and application. */
function joinKey(base: KsmlAppBase): string {
  return `${base.tenant}/${base.instance}/${base.application}`;
}

/** What the owner filter knows a row by: its owner's ref, or why it has none. */
export function ownerKey(row: FleetRow): string {
  if (!row.entity) return NO_ENTITY;
  return row.owner?.ref ?? NO_OWNER;
}

/** The row's state: the workload's status, Unknown when there is none. */
export function fleetState(app: KsmlManagedApp): FleetState {
  return app.status?.kubernetes.status ?? UNKNOWN;
}

/** The entity's owner, or undefined when it names none. */
export function ownerOf(entity: Entity): FleetOwner | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') {
    return undefined;
  }
  try {
    const entityRef = parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    return {
      ref: stringifyEntityRef(entityRef),
      name: humanizeEntityRef(entityRef, { defaultKind: 'group' }),
      entityRef,
    };
  } catch {
    return { ref: owner, name: owner };
  }
}

/** Who made the change, shortly: `guest` for `user:default/guest`, a service's subject as is. */
export function actorName(actor: string | undefined): string | undefined {
  if (!actor?.startsWith('user:')) {
    return actor;
  }
  try {
    return humanizeEntityRef(parseEntityRef(actor), { defaultKind: 'user' });
  } catch {
    return actor;
  }
}

/** Failing, then Unknown (status unreadable), then the rest. */
function stateRank(state: FleetState): number {
  if (state === 'Failing') return 0;
  if (state === UNKNOWN) return 1;
  return 2;
}

/** Failing apps first, then by application, tenant, instance and environment. */
export function compareRows(a: FleetRow, b: FleetRow): number {
  return (
    stateRank(a.state) - stateRank(b.state) ||
    a.app.ref.application.localeCompare(b.app.ref.application) ||
    a.app.ref.tenant.localeCompare(b.app.ref.tenant) ||
    a.app.ref.instance.localeCompare(b.app.ref.instance) ||
    a.app.ref.environment.localeCompare(b.app.ref.environment)
  );
}

/**
 * Finds the entity of an app: the one whose `ksml/tenant`, `ksml/instance` and
 * `ksml/application` annotations name it (one entity covers all of an app's environments; when
 * several name the same app, the first one the catalog returned wins).
 */
export function entityFinder(
  entities: readonly Entity[],
): (app: KsmlAppBase) => Entity | undefined {
  const byKey = new Map<string, Entity>();
  for (const entity of entities) {
    const app = ksmlAppOf(entity);
    const key = app && joinKey(app.base);
    if (key && !byKey.has(key)) byKey.set(key, entity);
  }
  return app => byKey.get(joinKey(app));
}

/** The fleet's rows, sorted: each app joined to its entity ({@link entityFinder}). */
export function fleetRows(
  apps: readonly KsmlManagedApp[],
  entities: readonly Entity[],
): FleetRow[] {
  const entityOf = entityFinder(entities);
  return apps
    .map(app => {
      const { tenant, instance, environment, application } = app.ref;
      const entity = entityOf(app.ref);
      const owner = entity && ownerOf(entity);
      const searchText = [
        tenant,
        instance,
        application,
        app.release,
        app.namespace,
        owner?.name,
        app.lastDeploy.actor,
      ]
        .filter(Boolean)
        .join(' ')
        .toLowerCase();
      return {
        id: `${tenant}/${instance}/${environment}/${application}`,
        app,
        state: fleetState(app),
        entity,
        owner,
        searchText,
      };
    })
    .sort(compareRows);
}

/** The rows the filters let through, in their order. */
export function filterRows(
  rows: readonly FleetRow[],
  filters: FleetFilters,
): FleetRow[] {
  const { state, owner, environment } = filters;
  const search = filters.search?.trim().toLowerCase();
  return rows.filter(
    row =>
      (!state || row.state === state) &&
      (!owner || ownerKey(row) === owner) &&
      (!environment || row.app.ref.environment === environment) &&
      (!search || row.searchText.includes(search)),
  );
}

/** One choice of a filter, with how many rows of the whole fleet have it. */
export interface FleetChoice {
  value: string;
  label: string;
  count: number;
}

/** The choices of the three filters, from the rows (only values some row has). */
export interface FleetChoices {
  states: FleetChoice[];
  owners: FleetChoice[];
  environments: FleetChoice[];
}

function counted(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The filters' choices: states in {@link FLEET_STATES} order, owners and environments A-Z. */
export function fleetChoices(rows: readonly FleetRow[]): FleetChoices {
  const states = counted(rows.map(row => row.state));
  const environments = counted(rows.map(row => row.app.ref.environment));
  const owners = counted(rows.map(ownerKey));
  const labels = new Map<string, string>([
    [NO_OWNER, 'No owner'],
    [NO_ENTITY, 'No catalog entity'],
  ]);
  for (const row of rows)
    if (row.owner) labels.set(row.owner.ref, row.owner.name);
  const special = (value: string) => value === NO_OWNER || value === NO_ENTITY;
  const byLabel = (a: FleetChoice, b: FleetChoice) =>
    Number(special(a.value)) - Number(special(b.value)) ||
    a.label.localeCompare(b.label);
  return {
    states: FLEET_STATES.filter(state => states.has(state)).map(state => ({
      value: state,
      label: state,
      count: states.get(state)!,
    })),
    owners: [...owners]
      .map(([value, count]) => ({ value, label: labels.get(value)!, count }))
      .sort(byLabel),
    environments: [...environments]
      .map(([value, count]) => ({ value, label: value, count }))
      .sort(byLabel),
  };
}
