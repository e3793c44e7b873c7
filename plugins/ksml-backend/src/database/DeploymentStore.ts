import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  KsmlAppRef,
  KsmlDeploymentRecord,
  KsmlOperation,
} from '@ksml-backstage/plugin-ksml-common';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** One recorded deploy or undeploy, as `GET /history` returns it. */
export type DeploymentRecord = KsmlDeploymentRecord;

/** What starts a record. */
export interface NewDeploymentRecord {
  ref: KsmlAppRef;
  release: string;
  namespace: string;
  operation: KsmlOperation;
  request?: Record<string, unknown>;
  actor?: string;
}

/** Options for {@link DeploymentStore.withLock}. */
export interface LockOptions {
  /** How long to wait for a busy lock before answering 409. */
  waitMs?: number;
  /**
   * How long a lock outlives its holder's last sign of life: the holder renews it every third
   * of this while it runs, so a lock whose holder crashed (or lost the database) is taken over
   * this long after; default 60 s.
   */
  leaseMs?: number;
}

/** How long a lock outlives its holder's last renewal, unless the caller says otherwise. */
const DEFAULT_LEASE_MS = 60_000;

interface Row {
  id: number | string;
  release: string;
  environment: string;
  tenant: string;
  instance: string;
  application: string;
  namespace: string;
  operation: KsmlOperation;
  outcome: 'pending' | 'succeeded' | 'failed';
  revision: number | null;
  request: string | null;
  error: string | null;
  actor: string | null;
  created_at: string | Date;
}

/**
 * The plugin's database: the history of deploys (the desired state of each, without secrets,
 * so a failed deploy can be retried and the UI can show history) and per-release locks that
 * hold across backend replicas sharing the database.
 */
export class DeploymentStore {
  readonly #db: Knex;

  static create(db: Knex): DeploymentStore {
    return new DeploymentStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Records a started operation; returns its id. */
  async start(record: NewDeploymentRecord): Promise<number> {
    const [row] = await available(
      this.#db('ksml_deployments')
        .insert({
          release: record.release,
          environment: record.ref.environment,
          tenant: record.ref.tenant,
          instance: record.ref.instance,
          application: record.ref.application,
          namespace: record.namespace,
          operation: record.operation,
          outcome: 'pending',
          request: record.request ? JSON.stringify(record.request) : null,
          actor: record.actor ?? null,
        })
        .returning('id'),
    );
    return Number(typeof row === 'object' ? row.id : row);
  }

  /** Records how an operation ended. */
  async finish(
    id: number,
    result: { revision?: number; error?: string },
  ): Promise<void> {
    await available(
      this.#db('ksml_deployments')
        .where({ id })
        .update({
          outcome: result.error ? 'failed' : 'succeeded',
          revision: result.revision ?? null,
          error: result.error ?? null,
        }),
    );
  }

  /** Forgets a started record: the request was refused before anything was applied. */
  async discard(id: number): Promise<void> {
    await available(this.#db('ksml_deployments').where({ id }).delete());
  }

  /** The history of one app in an environment, newest first. */
  async history(
    release: string,
    environment: string,
    limit = 50,
  ): Promise<DeploymentRecord[]> {
    const rows: Row[] = await available(
      this.#db('ksml_deployments')
        .where({ release, environment })
        .orderBy('id', 'desc')
        .limit(limit),
    );
    return rows.map(toRecord);
  }

  /**
   * The records of every app, newest first: at most `limit`, and with `actor` only those that
   * entity asked for. The primary key orders them and `ksml_deployments_actor_idx` finds one
   * actor's, so the database reads no more rows than it answers.
   */
  async changes(filter: {
    actor?: string;
    limit: number;
  }): Promise<DeploymentRecord[]> {
    const query = this.#db('ksml_deployments')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.actor !== undefined) query.where({ actor: filter.actor });
    const rows: Row[] = await available(query);
    return rows.map(toRecord);
  }

  /** The newest record of every app this backend manages whose last operation was not an undeploy. */
  async managedApps(
    filter: {
      tenant?: string;
      instance?: string;
      application?: string;
    } = {},
  ): Promise<DeploymentRecord[]> {
    // Only the fields given narrow the list (an entity's tab asks for its own app).
    const where = Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    );
    const newest = this.#db('ksml_deployments')
      .where(where)
      .max('id as id')
      .groupBy('release', 'environment');
    const rows: Row[] = await available(
      this.#db('ksml_deployments')
        .whereIn('id', newest)
        .orderBy(['environment', 'release']),
    );
    return rows
      .map(toRecord)
      .filter(r => !(r.operation === 'undeploy' && r.outcome === 'succeeded'));
  }

  /**
   * Runs `fn` holding the lock of `key` (one operation per release at a time, across
   * replicas). Waits up to `waitMs` for a busy lock, then fails with a ConflictError (409). The
   * lock is renewed while `fn` runs, so only a holder that stopped renewing loses it.
   */
  async withLock<T>(
    key: string,
    fn: () => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const holder = randomUUID();
    const waitMs = options.waitMs ?? 10_000;
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    const deadline = Date.now() + waitMs;
    while (!(await available(this.#tryLock(key, holder, leaseMs)))) {
      if (Date.now() >= deadline) {
        throw new ConflictError(
          `Another operation on ${key} is in progress; try again when it has finished`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    const renewal = setInterval(() => {
      // A renewal lost to a database outage is retried at the next tick; if the outage
      // outlasts the lease, another replica may take over, as it should for a silent holder.
      this.#lockRows(key, holder)
        .update({ expires_at: new Date(Date.now() + leaseMs) })
        .catch(() => undefined);
    }, Math.max(leaseMs / 3, 10));
    try {
      return await fn();
    } finally {
      clearInterval(renewal);
      // Unreachable now, the row expires by its lease; the operation's outcome stands.
      await this.#lockRows(key, holder)
        .delete()
        .catch(() => undefined);
    }
  }

  #lockRows(key: string, holder: string) {
    return this.#db('ksml_locks').where({ lock_key: key, holder });
  }

  async #tryLock(
    key: string,
    holder: string,
    leaseMs: number,
  ): Promise<boolean> {
    // A lock left by a replica that died is taken over once its lease ran out.
    await this.#db('ksml_locks')
      .where('lock_key', key)
      .andWhere('expires_at', '<', new Date())
      .delete();
    try {
      await this.#db('ksml_locks').insert({
        lock_key: key,
        holder,
        expires_at: new Date(Date.now() + leaseMs),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

/**
 * Awaits a database call, turning a database that cannot be reached into a 503 that says so
 * (the driver's own words, which name no password) instead of a 500.
 */
async function available<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (isUnavailable(error)) {
      throw new ServiceUnavailableError(
        `The KSML database is unavailable (${
          (error as Error).message
        }); try again shortly`,
      );
    }
    throw error;
  }
}

/** Connection failures of the drivers Backstage supports, and knex's pool timing out. */
function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string };
  return (
    e.name === 'KnexTimeoutError' ||
    // PostgreSQL: connection exceptions (08…) and the server shutting down or starting (57P…)
    /^(08|57P0)/.test(e.code ?? '') ||
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'EHOSTUNREACH',
    ].includes(e.code ?? '') ||
    /Connection terminated|connection.*(closed|ended)|not queryable/i.test(
      e.message ?? '',
    )
  );
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  // PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_PRIMARYKEY, MySQL ER_DUP_ENTRY
  return (
    e.code === '23505' ||
    e.code === 'ER_DUP_ENTRY' ||
    /UNIQUE|PRIMARY KEY|constraint/i.test(`${e.code} ${e.message}`)
  );
}

function toRecord(row: Row): DeploymentRecord {
  return {
    id: Number(row.id),
    release: row.release,
    environment: row.environment,
    tenant: row.tenant,
    instance: row.instance,
    application: row.application,
    namespace: row.namespace,
    operation: row.operation,
    outcome: row.outcome,
    revision: row.revision ?? undefined,
    request: row.request
      ? (JSON.parse(row.request) as Record<string, unknown>)
      : undefined,
    error: row.error ?? undefined,
    actor: row.actor ?? undefined,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
