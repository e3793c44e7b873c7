import { InputError } from '@backstage/errors';
import {
  KAFKA_PROPERTIES_LABEL,
  KubeHttp,
  KubeHttpError,
} from '@ksml-backstage/plugin-ksml-node';
import type { KsmlAppObject } from '@ksml-backstage/plugin-ksml-common';
import type { AppSecret } from './decideReconcile';

/**
 * The Secret a KsmlApp's `kafkaSecretRef` names, its keys decoded, and its version (no
 * reference: no data). An InputError when it is missing or not marked for KSML apps.
 */
export async function readKafkaSecret(
  http: Pick<KubeHttp, 'json'>,
  namespace: string,
  app: KsmlAppObject,
): Promise<AppSecret> {
  const name = app.spec?.kafkaSecretRef?.name;
  if (!name) return { data: {} };
  try {
    const secret = await http.json<{
      data?: Record<string, string>;
      metadata: { resourceVersion?: string; labels?: Record<string, string> };
    }>(`/api/v1/namespaces/${namespace}/secrets/${name}`);
    // Only Secrets marked for it: the provisioner may read every Secret of the namespace,
    // and a KsmlApp must not hand another's (a registry password) to its runner.
    if (secret.metadata.labels?.[KAFKA_PROPERTIES_LABEL] !== 'true') {
      throw new InputError(
        `kafkaSecretRef.name: the Secret ${name} lacks the label ${KAFKA_PROPERTIES_LABEL}=true; the operator reads only Secrets marked for KSML apps`,
      );
    }
    return {
      data: Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value, 'base64').toString('utf8'),
        ]),
      ),
      version: secret.metadata.resourceVersion,
    };
  } catch (error) {
    if (error instanceof KubeHttpError && error.code === 404) {
      throw new InputError(
        `kafkaSecretRef.name: the Secret ${name} does not exist in namespace ${namespace}`,
      );
    }
    throw error;
  }
}
