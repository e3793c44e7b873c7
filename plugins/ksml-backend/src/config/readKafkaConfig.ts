import { Config } from '@backstage/config';
import type { KafkaConnection } from '@ksml-backstage/plugin-ksml-node';

const PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/**
 * A `kafka` block of the config (`ksml.kafka` or `ksml.environments.<name>.kafka`); undefined
 * when absent. Throws at startup, naming the key, when it is unusable.
 */
export function readKafkaConfig(
  config: Config | undefined,
  key: string,
): KafkaConnection | undefined {
  if (!config) return undefined;
  const servers = config
    .getString('bootstrapServers')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  // host:port, or [IPv6]:port.
  const bad = servers.find(
    s => !/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/.test(s),
  );
  if (servers.length === 0 || bad !== undefined) {
    throw new Error(
      `${key}.bootstrapServers: must be host:port[,host:port]${
        bad ? ` (got "${bad}")` : ''
      }`,
    );
  }
  const protocol = oneOf(
    config.getOptionalString('securityProtocol') ?? 'PLAINTEXT',
    PROTOCOLS,
    `${key}.securityProtocol`,
  );
  const saslConfig = config.getOptionalConfig('sasl');
  const usesSasl = protocol.startsWith('SASL_');
  if (usesSasl !== Boolean(saslConfig)) {
    throw new Error(
      usesSasl
        ? `${key}.sasl: is required with securityProtocol ${protocol}`
        : `${key}.sasl: needs securityProtocol SASL_PLAINTEXT or SASL_SSL (got ${protocol})`,
    );
  }
  const tls = config.getOptionalConfig('tls');
  if (tls && !protocol.endsWith('SSL')) {
    throw new Error(
      `${key}.tls: needs securityProtocol SSL or SASL_SSL (got ${protocol})`,
    );
  }
  const timeoutSeconds = config.getOptionalNumber('timeoutSeconds');
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new Error(`${key}.timeoutSeconds: must be more than 0`);
  }
  return {
    bootstrapServers: servers,
    securityProtocol: protocol,
    ...(saslConfig
      ? {
          sasl: {
            mechanism: oneOf(
              saslConfig.getOptionalString('mechanism') ?? 'PLAIN',
              MECHANISMS,
              `${key}.sasl.mechanism`,
            ),
            username: saslConfig.getString('username'),
            password: saslConfig.getString('password'),
          },
        }
      : {}),
    ...(tls
      ? {
          tls: {
            caFile: tls.getOptionalString('caFile'),
            certFile: tls.getOptionalString('certFile'),
            keyFile: tls.getOptionalString('keyFile'),
            insecureSkipTlsVerify:
              tls.getOptionalBoolean('insecureSkipTlsVerify') ?? false,
          },
        }
      : {}),
    ...(timeoutSeconds !== undefined
      ? { timeoutMs: timeoutSeconds * 1000 }
      : {}),
  };
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  key: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(
    `${key}: must be one of ${allowed.join(', ')} (got "${value}")`,
  );
}
