import { Config } from '@backstage/config';
import {
  pemCaFile,
  PrivateFiles,
  PrometheusOptions,
} from '@ksml-backstage/plugin-ksml-node';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** `label="value"` matchers, comma-separated, as PromQL writes them inside braces. */
const MATCHERS =
  /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"([^"\\]|\\.)*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"([^"\\]|\\.)*")*\s*$/;

/**
 * A `prometheus` block of an environment (`ksml.environments.<name>.prometheus`); undefined
 * when absent. Throws at startup, naming the key, when it is unusable.
 */
export function readPrometheusConfig(
  config: Config | undefined,
  key: string,
  files: PrivateFiles,
): PrometheusOptions | undefined {
  if (!config) return undefined;
  const url = config.getString('url');
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new Error(
      `${key}.url: must be an http:// or https:// URL (got ${url})`,
    );
  }
  if (/^https?:\/\/[^/]*@/.test(url)) {
    // Never echoed: it holds a password.
    throw new Error(
      `${key}.url: must not hold credentials (user:password@); use ${key}.token or ${key}.auth`,
    );
  }
  const token = config.getOptionalString('token');
  const username = config.getOptionalString('auth.username');
  if (token && username !== undefined) {
    throw new Error(`${key}: set either token or auth, not both`);
  }
  const timeoutSeconds = config.getOptionalNumber('timeoutSeconds');
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new Error(`${key}.timeoutSeconds: must be more than 0`);
  }
  const labels: Record<string, string | undefined> = {
    namespaceLabel: config.getOptionalString('labels.namespace'),
    podLabel: config.getOptionalString('labels.pod'),
  };
  for (const [field, label] of Object.entries(labels)) {
    if (label !== undefined && !LABEL_NAME.test(label)) {
      throw new Error(
        `${key}.labels.${field.replace(
          'Label',
          '',
        )}: must be a Prometheus label name (got ${label})`,
      );
    }
  }
  const matchers = config.getOptionalString('matchers');
  if (matchers !== undefined && !MATCHERS.test(matchers)) {
    throw new Error(
      `${key}.matchers: must be PromQL label matchers like cluster="prod" (got ${matchers})`,
    );
  }
  const caFile = config.getOptionalString('caFile');
  return {
    url,
    ...(token ? { token } : {}),
    ...(username !== undefined
      ? { username, password: config.getOptionalString('auth.password') }
      : {}),
    ...(caFile ? { caFile: pemCaFile(caFile, files) } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(labels.namespaceLabel ? { namespaceLabel: labels.namespaceLabel } : {}),
    ...(labels.podLabel ? { podLabel: labels.podLabel } : {}),
    ...(matchers ? { matchers } : {}),
  };
}
