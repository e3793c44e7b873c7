import { ConfigReader } from '@backstage/config';
import { readKafkaConfig } from './readKafkaConfig';

const read = (data: object) =>
  readKafkaConfig(new ConfigReader(data), 'ksml.kafka');

describe('readKafkaConfig', () => {
  it('takes IPv6 brokers in brackets', () => {
    expect(read({ bootstrapServers: '[::1]:9092' })?.bootstrapServers).toEqual([
      '[::1]:9092',
    ]);
  });

  it('is undefined without a kafka block', () => {
    expect(readKafkaConfig(undefined, 'ksml.kafka')).toBeUndefined();
  });

  it('reads a SASL connection with several brokers', () => {
    expect(
      read({
        bootstrapServers: 'k1:9092, k2:9092',
        securityProtocol: 'SASL_SSL',
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
        tls: { caFile: '/ca.pem' },
        timeoutSeconds: 2,
      }),
    ).toEqual({
      bootstrapServers: ['k1:9092', 'k2:9092'],
      securityProtocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
      tls: {
        caFile: '/ca.pem',
        certFile: undefined,
        keyFile: undefined,
        insecureSkipTlsVerify: false,
      },
      timeoutMs: 2000,
    });
  });

  it.each([
    [
      { bootstrapServers: 'kafka' },
      'ksml.kafka.bootstrapServers: must be host:port[,host:port] (got "kafka")',
    ],
    [
      { bootstrapServers: 'k:9092', securityProtocol: 'SASL' },
      'ksml.kafka.securityProtocol: must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL (got "SASL")',
    ],
    [
      { bootstrapServers: 'k:9092', securityProtocol: 'SASL_PLAINTEXT' },
      'ksml.kafka.sasl: is required with securityProtocol SASL_PLAINTEXT',
    ],
    [
      { bootstrapServers: 'k:9092', sasl: { username: 'u', password: 'p' } },
      'ksml.kafka.sasl: needs securityProtocol SASL_PLAINTEXT or SASL_SSL (got PLAINTEXT)',
    ],
    [
      {
        bootstrapServers: 'k:9092',
        securityProtocol: 'SASL_SSL',
        sasl: { mechanism: 'GSSAPI', username: 'u', password: 'p' },
      },
      'ksml.kafka.sasl.mechanism: must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 (got "GSSAPI")',
    ],
    [
      { bootstrapServers: 'k:9092', tls: { caFile: '/ca.pem' } },
      'ksml.kafka.tls: needs securityProtocol SSL or SASL_SSL (got PLAINTEXT)',
    ],
    [
      { bootstrapServers: 'k:9092', timeoutSeconds: 0 },
      'ksml.kafka.timeoutSeconds: must be more than 0',
    ],
  ])('refuses %j at startup, naming the key', (data, message) => {
    expect(() => read(data)).toThrow(message);
  });
});
