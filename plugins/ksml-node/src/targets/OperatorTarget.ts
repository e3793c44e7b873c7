import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppObject,
  KsmlAppRef,
  KsmlStatusResponse,
  releaseName,
  withReason,
} from '@ksml-backstage/plugin-ksml-common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterTarget } from '../cluster/ClusterTarget';
import { KubeHttp, KubeHttpError } from '../kube/KubeHttp';
import {
  KAFKA_PROPERTIES_LABEL,
  KSML_APP_GROUP,
  KSML_APP_PLURAL,
  KSML_APP_RELEASE_LABEL,
  KSML_APP_VERSION,
  ksmlAppManifest,
} from '../operator/ksmlApp';

/** On a KsmlApp the portal wrote: the resourceVersion of its Secret (a rotation wakes the operator). */
const SECRET_VERSION_ANNOTATION = 'ksml-backstage.io/secret-version';
import type {
  DeployResult,
  KsmlProvisioner,
} from '../provisioner/KsmlProvisioner';
import type { KsmlTarget, UndeployResult } from './KsmlTarget';
import type { StatusReadOptions } from '../provisioner/ReleaseObservations';

/** Options of {@link OperatorTarget.create}. */
export interface OperatorTargetOptions {
  /** Reads (status, logs, metrics, events, ...) and restarts go through the cluster directly. */
  provisioner: KsmlProvisioner;
  /** The cluster and namespace the KsmlApps are written to (where the operator watches). */
  cluster: ClusterTarget;
  /** Kafka properties to treat as secrets beyond the built-in ones. */
  secretProperties?: readonly string[];
  /** How long a deploy, scale or undeploy waits for the operator; default 180 s. */
  waitSeconds?: number;
}

const POLL_MS = 500;

/**
 * An environment in operator mode: a deploy writes the app's KsmlApp (and a Secret with its
 * secret Kafka properties) and waits until the provisioner in operator mode has reconciled it;
 * an undeploy deletes it. Reads go to the cluster as for any cluster target, and the status
 * also carries the KsmlApp's conditions. The KsmlApp is the desired state, so a rollback is
 * refused: change the spec instead.
 */
export class OperatorTarget implements KsmlTarget {
  readonly #provisioner: KsmlProvisioner;
  readonly #http: KubeHttp;
  readonly #namespace: string;
  readonly #secretProperties?: readonly string[];
  readonly #waitMs: number;

  static async create(options: OperatorTargetOptions): Promise<OperatorTarget> {
    return new OperatorTarget(options, await KubeHttp.connect(options.cluster));
  }

  private constructor(options: OperatorTargetOptions, http: KubeHttp) {
    this.#provisioner = options.provisioner;
    this.#http = http;
    this.#namespace = options.cluster.namespace;
    this.#secretProperties = options.secretProperties;
    this.#waitMs = (options.waitSeconds ?? 180) * 1000;
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    // What the chart cannot take is refused here, before anything is written.
    const { warnings } = await this.#provisioner.render(request);
    const { manifest, secret } = ksmlAppManifest(request, {
      namespace: this.#namespace,
      secretProperties: this.#secretProperties,
    });
    // The Secret's version goes into an annotation: a rotated secret alone changes no spec, and
    // the annotation wakes the operator and says which version the deploy waits for.
    const secretVersion = secret
      ? await this.#writeSecret(
          secret.name,
          Object.fromEntries(
            secret.keys.map(key => [key, request.kafkaProperties[key]]),
          ),
        )
      : undefined;
    await this.#reconciled(
      await this.#writeApp({
        ...manifest,
        metadata: {
          ...manifest.metadata,
          annotations: {
            ...manifest.metadata.annotations,
            ...(secretVersion
              ? { [SECRET_VERSION_ANNOTATION]: secretVersion }
              : {}),
          },
        },
      }),
      secretVersion,
    );
    const status = await this.#provisioner.status(request);
    return {
      helm: status.helm,
      secretProperties: secret?.keys ?? [],
      warnings,
    };
  }

  render(request: DeployRequest) {
    return this.#provisioner.render(request);
  }

  /** Tests run as they do without the operator: they deploy nothing. */
  test(request: DeployRequest) {
    return this.#provisioner.test(request);
  }

  async undeploy(
    ref: KsmlAppRef,
    options: { deleteStorage?: boolean } = {},
  ): Promise<UndeployResult> {
    const release = releaseName(ref);
    const app = await this.#readApp(release);
    if (!app || !(await this.#http.delete(this.#appPath(app.metadata.name)))) {
      throw withReason(
        new NotFoundError(
          `No KsmlApp ${release} in namespace ${this.#namespace}`,
        ),
        'NotDeployed',
      );
    }
    // The operator's finalizer uninstalls the release; the KsmlApp goes after it.
    await this.#until(`KsmlApp ${release} deleted`, async () =>
      (await this.#readApp(release)) ? undefined : true,
    );
    await this.#http.delete(this.#secretPath(`${release}-kafka-properties`));
    if (!options.deleteStorage) return { release, namespace: this.#namespace };
    const deletedClaims = await this.#provisioner.deleteStorage(ref);
    return { release, namespace: this.#namespace, deletedClaims };
  }

  async status(
    ref: KsmlAppRef,
    options?: StatusReadOptions,
  ): Promise<KsmlStatusResponse> {
    const release = releaseName(ref);
    const app = await this.#readApp(release);
    const status = await this.#provisioner.status(ref, options).catch(error => {
      // A KsmlApp the operator could not install: its reason is the answer.
      const failed = app?.status?.conditions?.find(
        c => c.type === 'Failed' && c.status === 'True',
      );
      if (failed && (error as Error).name === 'NotFoundError') {
        throw withReason(
          new NotFoundError(
            `${release} is not installed: KsmlApp ${
              app!.metadata.name
            } is Failed (${failed.reason}): ${failed.message}`,
          ),
          'NotDeployed',
        );
      }
      throw error;
    });
    if (!app) return status;
    return {
      ...status,
      operator: {
        resource: `${this.#namespace}/${app.metadata.name}`,
        generation: app.metadata.generation,
        observedGeneration: app.status?.observedGeneration,
        conditions: app.status?.conditions ?? [],
      },
    };
  }

  logs(ref: KsmlAppRef, tailLines?: number, options?: { previous?: boolean }) {
    return this.#provisioner.logs(ref, tailLines, options);
  }

  followLogs(
    ref: KsmlAppRef,
    options: Parameters<KsmlProvisioner['followLogs']>[1],
  ) {
    return this.#provisioner.followLogs(ref, options);
  }

  throughput(ref: KsmlAppRef) {
    return this.#provisioner.throughput(ref);
  }

  metrics(ref: KsmlAppRef) {
    return this.#provisioner.metrics(ref);
  }

  revisions(ref: KsmlAppRef) {
    return this.#provisioner.revisions(ref);
  }

  async rollback(ref: KsmlAppRef): Promise<never> {
    throw new ConflictError(
      `${releaseName(
        ref,
      )} is declared by a KsmlApp (operator mode), whose spec is the desired state: the operator would undo a rollback. Deploy the definition you want, or change the KsmlApp in Git`,
    );
  }

  /** Other replicas: the KsmlApp's spec changes, and the operator installs it. */
  async scale(ref: KsmlAppRef, replicas: number) {
    const release = releaseName(ref);
    const app = await this.#readApp(release);
    if (!app) {
      throw withReason(
        new NotFoundError(
          `No KsmlApp ${release} in namespace ${this.#namespace}`,
        ),
        'NotDeployed',
      );
    }
    const written = await this.#writeApp({
      ...app,
      spec: { ...app.spec, replicas },
    });
    await this.#reconciled(written);
    return { helm: (await this.#provisioner.status(ref)).helm };
  }

  restart(ref: KsmlAppRef) {
    return this.#provisioner.restart(ref);
  }

  events(ref: KsmlAppRef) {
    return this.#provisioner.events(ref);
  }

  topology(ref: KsmlAppRef) {
    return this.#provisioner.topology(ref);
  }

  /** What Helm installed, as the operator installed it from the KsmlApp's spec. */
  definition(ref: KsmlAppRef, options?: { revision?: number }) {
    return this.#provisioner.definition(ref, options);
  }

  isSecretProperty(key: string): boolean {
    return this.#provisioner.isSecretProperty(key);
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  /** Creates the KsmlApp, or replaces the spec of the one there (metadata it has is kept). */
  async #writeApp(manifest: KsmlAppObject): Promise<KsmlAppObject> {
    const current = await this.#readApp(manifest.metadata.name);
    if (!current) {
      return this.#http.create<KsmlAppObject>(this.#collection, {
        ...manifest,
        metadata: { ...manifest.metadata, namespace: this.#namespace },
      });
    }
    // The one there may have another name (written in Git): its spec changes, its name stays.
    return this.#http.replace<KsmlAppObject>(
      this.#appPath(current.metadata.name),
      {
        ...current,
        metadata: {
          ...current.metadata,
          annotations: {
            ...current.metadata.annotations,
            ...manifest.metadata.annotations,
          },
        },
        spec: manifest.spec,
      },
    );
  }

  /** Waits until the operator has reconciled this generation: Ready, or Failed (an error). */
  async #reconciled(
    app: KsmlAppObject,
    secretVersion?: string,
  ): Promise<KsmlAppObject> {
    const name = app.metadata.name;
    const generation = app.metadata.generation ?? 0;
    const done = await this.#until(
      `the operator to reconcile KsmlApp ${name}`,
      async () => {
        const current = await this.#readApp(name);
        const status = current?.status;
        if (!current || (status?.observedGeneration ?? 0) < generation)
          return undefined;
        if (secretVersion && status?.secretVersion !== secretVersion)
          return undefined;
        const reconciling = status?.conditions?.find(
          c => c.type === 'Reconciling',
        );
        return reconciling?.status === 'True' ? undefined : current;
      },
    );
    const failed = done.status?.conditions?.find(
      c => c.type === 'Failed' && c.status === 'True',
    );
    // AppFailing: installed, but the app does not run (the status says why): not a failed deploy.
    if (failed?.reason === 'InvalidSpec') throw new InputError(failed.message);
    if (failed?.reason === 'ReleaseConflict')
      throw new ConflictError(failed.message);
    if (failed?.reason === 'InstallFailed') {
      throw new ServiceUnavailableError(
        `The operator could not install KsmlApp ${name}: ${failed.message}`,
      );
    }
    return done;
  }

  async #until<T>(what: string, probe: () => Promise<T | undefined>) {
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new ServiceUnavailableError(
          `Waited ${Math.round(
            this.#waitMs / 1000,
          )} s for ${what} in namespace ${
            this.#namespace
          }: is a KSML provisioner with OPERATOR_MODE=true running there?`,
        );
      }
      await sleep(POLL_MS);
    }
  }

  /** Creates or replaces the Secret; resolves with its new resourceVersion. */
  async #writeSecret(
    name: string,
    values: Record<string, string>,
  ): Promise<string> {
    type Written = { metadata: { resourceVersion: string } };
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: this.#namespace,
        labels: {
          'app.kubernetes.io/managed-by': 'ksml-backstage',
          [KAFKA_PROPERTIES_LABEL]: 'true',
        },
      },
      type: 'Opaque',
      data: Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          Buffer.from(v, 'utf8').toString('base64'),
        ]),
      ),
    };
    try {
      return (await this.#http.create<Written>(this.#secretCollection, secret))
        .metadata.resourceVersion;
    } catch (error) {
      if (!(error instanceof KubeHttpError && error.code === 409)) throw error;
      const current = await this.#http.json<Written>(this.#secretPath(name));
      return (
        await this.#http.replace<Written>(this.#secretPath(name), {
          ...secret,
          metadata: { ...current.metadata, ...secret.metadata },
        })
      ).metadata.resourceVersion;
    }
  }

  /** The KsmlApp of a release: by name (as the portal writes it), else by the operator's label. */
  async #readApp(release: string): Promise<KsmlAppObject | undefined> {
    try {
      return await this.#http.json<KsmlAppObject>(this.#appPath(release));
    } catch (error) {
      if (!(error instanceof KubeHttpError && error.code === 404)) throw error;
    }
    const list = await this.#http.json<{ items: KsmlAppObject[] }>(
      this.#collection,
      { labelSelector: `${KSML_APP_RELEASE_LABEL}=${release}` },
    );
    return list.items[0];
  }

  get #collection() {
    return `/apis/${KSML_APP_GROUP}/${KSML_APP_VERSION}/namespaces/${
      this.#namespace
    }/${KSML_APP_PLURAL}`;
  }

  #appPath(name: string) {
    return `${this.#collection}/${name}`;
  }

  get #secretCollection() {
    return `/api/v1/namespaces/${this.#namespace}/secrets`;
  }

  #secretPath(name: string) {
    return `${this.#secretCollection}/${name}`;
  }
}
