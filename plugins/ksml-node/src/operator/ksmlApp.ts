import { InputError } from '@backstage/errors';
import {
  DeployRequest,
  KsmlAppObject,
  KsmlAppSpec,
  deployRequestSchema,
  formatFieldPath,
  KsmlAppRef,
  parseInput,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { secretPropertyMatcher } from '../chart/secrets';

// The KsmlApp custom resource: a KSML app declared in Kubernetes, which the provisioner in
// operator mode reconciles (packages/provisioner/src/operator). Its CRD is
// packages/provisioner/chart/crds/ksmlapps.yaml.

/** The API group of the project's own resources. */
export const KSML_APP_GROUP = 'ksml-backstage.io';
/** The KsmlApp version served and stored. */
export const KSML_APP_VERSION = 'v1alpha1';
export const KSML_APP_API_VERSION = `${KSML_APP_GROUP}/${KSML_APP_VERSION}`;
export const KSML_APP_KIND = 'KsmlApp';
export const KSML_APP_PLURAL = 'ksmlapps';
/** On a KsmlApp: the release it declares (the operator sets it), so it is found by release. */
export const KSML_APP_RELEASE_LABEL = `${KSML_APP_GROUP}/release-name`;
/** On a Secret a KsmlApp may reference (`kafkaSecretRef`): the operator reads no other. */
export const KAFKA_PROPERTIES_LABEL = `${KSML_APP_GROUP}/kafka-properties`;
/** Held on a KsmlApp until its release and Secret are uninstalled. */
export const KSML_APP_FINALIZER = `${KSML_APP_GROUP}/release`;

/** The app a KsmlApp declares. */
export function ksmlAppRef(app: KsmlAppObject): KsmlAppRef {
  const spec = app.spec ?? ({} as KsmlAppSpec);
  return {
    tenant: spec.tenant,
    instance: spec.instance,
    environment: spec.environment,
    application: spec.application ?? app.metadata.name,
  };
}

/**
 * The deploy request a KsmlApp declares, validated as `POST /deploy` validates, with the secret
 * Kafka properties read from its Secret (`secretData`, decoded). A secret property written in
 * the spec itself is refused: the spec is for Git. Throws an InputError naming the field.
 */
export function deployRequestOfApp(
  app: KsmlAppObject,
  secretData: Record<string, string>,
  secretProperties: readonly string[] = [],
): DeployRequest {
  const spec = app.spec ?? ({} as KsmlAppSpec);
  const isSecret = secretPropertyMatcher(secretProperties);
  const exposed = Object.keys(spec.kafkaProperties ?? {}).filter(isSecret);
  if (exposed.length > 0) {
    throw new InputError(
      `Invalid KsmlApp spec: ${exposed
        .map(key => formatFieldPath(['kafkaProperties', key]))
        .join(
          ', ',
        )}: is a secret; put it in the Secret that kafkaSecretRef names, not in the spec`,
    );
  }
  const { kafkaSecretRef: _ref, ...fields } = spec;
  return parseInput(
    deployRequestSchema,
    {
      ...fields,
      application: spec.application ?? app.metadata.name,
      kafkaProperties: { ...spec.kafkaProperties, ...secretData },
    },
    'KsmlApp spec',
  );
}

/** Options of {@link ksmlAppManifest}. */
export interface KsmlAppManifestOptions {
  /** Default: the app's Helm release name. */
  name?: string;
  namespace?: string;
  /** Kafka properties to treat as secrets beyond the built-in ones. */
  secretProperties?: readonly string[];
}

/** A KsmlApp manifest and the Secret it expects, made from a deploy request. */
export interface KsmlAppManifest {
  manifest: KsmlAppObject;
  /** The Secret `spec.kafkaSecretRef` names, and the keys it must hold; none without secrets. */
  secret?: { name: string; keys: string[] };
}

/**
 * The KsmlApp that declares a deploy request: non-secret Kafka properties in the spec, the
 * secret ones referenced from a Secret (`<name>-kafka-properties`) whose keys are returned, never
 * their values. For GitOps (`POST /render`) and a portal environment in operator mode.
 */
export function ksmlAppManifest(
  request: DeployRequest,
  options: KsmlAppManifestOptions = {},
): KsmlAppManifest {
  const name = options.name ?? releaseName(request);
  const isSecret = secretPropertyMatcher(options.secretProperties);
  const kafka = Object.entries(request.kafkaProperties);
  const secretKeys = kafka.filter(([k]) => isSecret(k)).map(([k]) => k);
  const secretName = `${name}-kafka-properties`;
  const { definition, definitions, resources, storage } = request;
  const spec: KsmlAppSpec = {
    tenant: request.tenant,
    instance: request.instance,
    environment: request.environment,
    application: request.application,
    replicas: request.replicas,
    deploymentMode: request.deploymentMode,
    ...(definitions ? { definitions } : { definition }),
    kafkaProperties: Object.fromEntries(kafka.filter(([k]) => !isSecret(k))),
    ...(secretKeys.length > 0 ? { kafkaSecretRef: { name: secretName } } : {}),
    schemas: request.schemas,
    ...(resources ? { resources } : {}),
    ...(storage ? { storage } : {}),
    ...(request.allowMissingTopics ? { allowMissingTopics: true } : {}),
  };
  return {
    manifest: {
      apiVersion: KSML_APP_API_VERSION,
      kind: KSML_APP_KIND,
      metadata: {
        name,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        labels: {
          'app.kubernetes.io/name': request.application,
          'app.kubernetes.io/managed-by': 'ksml-provisioner',
        },
      },
      spec,
    },
    ...(secretKeys.length > 0
      ? { secret: { name: secretName, keys: secretKeys.sort() } }
      : {}),
  };
}
