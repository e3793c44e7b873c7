import {
  parseEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { KsmlDeploymentRecord } from '@ksml-backstage/plugin-ksml-common';
import { actorName, entityFinder } from './fleet';

/** One row of the change log: a recorded operation, joined to its app's entity. */
export interface ChangeRow {
  /** The record's id: unique per row. */
  id: number;
  record: KsmlDeploymentRecord;
  /** The Component entity whose annotations name the app, when the catalog has one. */
  entity?: Entity;
  /** What was done and how it ended, in words: "scale to 0 replicas succeeded (revision 4)". */
  what: string;
}

/** Who made a change: a user (linked to the user's entity) or a service's subject. */
export interface ChangeActor {
  /** As recorded: `user:default/guest`, `plugin:scaffolder`. */
  ref: string;
  /** How it is shown: `guest`. */
  name: string;
  /** The user's entity, for a link; absent for a service. */
  entityRef?: CompoundEntityRef;
}

/** One choice of the Who filter, with how many of the listed changes it made. */
export interface ActorChoice {
  value: string;
  label: string;
  count: number;
}

/** The recorded actor, readable and linkable; undefined when nobody was recorded. */
export function changeActor(
  actor: string | undefined,
): ChangeActor | undefined {
  if (!actor) return undefined;
  const name = actorName(actor) ?? actor;
  if (!actor.startsWith('user:')) return { ref: actor, name };
  try {
    return { ref: actor, name, entityRef: parseEntityRef(actor) };
  } catch {
    return { ref: actor, name };
  }
}

/** What the operation aimed at, from its recorded request: " to 0 replicas", " from stag". */
function detailOf(record: KsmlDeploymentRecord): string {
  const request = record.request as
    | {
        replicas?: unknown;
        revision?: unknown;
        from?: unknown;
        to?: unknown;
        time?: unknown;
      }
    | undefined;
  if (record.operation === 'scale' && typeof request?.replicas === 'number') {
    return ` to ${request.replicas} ${
      request.replicas === 1 ? 'replica' : 'replicas'
    }`;
  }
  if (
    record.operation === 'rollback' &&
    typeof request?.revision === 'number'
  ) {
    return ` to revision ${request.revision}`;
  }
  if (record.operation === 'promote' && typeof request?.from === 'string') {
    return ` from ${request.from}`;
  }
  if (record.operation === 'reset-offsets') {
    const to = request?.time ?? request?.to;
    if (typeof to === 'string') return ` to ${to}`;
  }
  return '';
}

/**
 * A recorded operation in words: what (with its aim: replicas, revision, source environment),
 * how it ended, and the Helm revision it made or the error it failed with.
 */
export function describeChange(record: KsmlDeploymentRecord): string {
  const what = `${record.operation}${detailOf(record)}`;
  switch (record.outcome) {
    case 'failed':
      return `${what} failed${record.error ? `: ${record.error}` : ''}`;
    case 'pending':
      return `${what} pending`;
    default:
      return `${what} succeeded${
        record.revision !== undefined ? ` (revision ${record.revision})` : ''
      }`;
  }
}

/** The change log's rows, in the records' order (newest first), each joined to its entity. */
export function changeRows(
  records: readonly KsmlDeploymentRecord[],
  entities: readonly Entity[],
): ChangeRow[] {
  const entityOf = entityFinder(entities);
  return records.map(record => ({
    id: record.id,
    record,
    entity: entityOf(record),
    what: describeChange(record),
  }));
}

/**
 * The Who filter's choices: everyone who made one of the changes, A to Z by name, with how many;
 * a chosen actor none of them is (from a link, or beyond the newest changes) as well, with none.
 */
export function actorChoices(
  records: readonly KsmlDeploymentRecord[],
  chosen?: string,
): ActorChoice[] {
  const counts = new Map<string, number>();
  for (const { actor } of records) {
    if (actor) counts.set(actor, (counts.get(actor) ?? 0) + 1);
  }
  if (chosen && !counts.has(chosen)) counts.set(chosen, 0);
  return [...counts]
    .map(([value, count]) => ({
      value,
      label: actorName(value) ?? value,
      count,
    }))
    .sort(
      (a, b) =>
        a.label.localeCompare(b.label) || a.value.localeCompare(b.value),
    );
}
