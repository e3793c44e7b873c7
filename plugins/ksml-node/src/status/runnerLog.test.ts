import { runnerLogDiagnosis } from './runnerLog';

/** A line as the KSML runner's logback pattern prints it. */
const line = (level: string, logger: string, message: string) =>
  `2026-12-06T01:58:05,545Z [app-0b3fc0b7-StreamThread-1] ${level} ${logger} - ${message}`;

describe('runnerLogDiagnosis', () => {
  // As the KSML 1.3.0 runner printed them on the test bed's real node.
  it('names the Python function that raised, its exception and the line the runner gives', () => {
    const log = [
      line('ERROR', 'io.axual.ksml.execution.FatalError', ''),
      'FatalError',
      '===========',
      'Description: ValueError: value one is not allowed',
      'Stack trace: ',
      '  <python>::check @ Unnamed:10',
      '  <python>::check_caller @ Unnamed:26',
      '  org.graalvm.polyglot.Value::execute @ Value.java:1049',
      '===========',
      '',
      'Above error caused: KSML topology error: Error while executing function py.check : ValueError: value one is not allowed',
      line(
        'INFO',
        'i.a.k.r.backend.KafkaStreamsRunner',
        "Pipeline processing state change. Moving from old state 'RUNNING' to new state 'PENDING_ERROR'",
      ),
    ].join('\n');
    expect(runnerLogDiagnosis(log)).toEqual({
      reason: 'FunctionError',
      message:
        'function py.check raised ValueError: value one is not allowed (line 10 of the Python KSML generates for it)',
      hint: expect.stringContaining('Python function'),
      fatal: true,
    });
  });

  it("reports KSML's parse error of a definition the runner refuses", () => {
    const log = [
      line('ERROR', 'io.axual.ksml.execution.FatalError', ''),
      'FatalError',
      '===========',
      'Description: KSML parse error: Error in input node topo->pipelines->double: Unknown target topic "dubled"',
      'Stack trace: ',
      '  io.axual.ksml.parser.TopologyResourceParser$1::parse @ TopologyResourceParser.java:77',
    ].join('\n');
    expect(runnerLogDiagnosis(log)).toMatchObject({
      reason: 'DefinitionError',
      message:
        'KSML parse error: Error in input node topo->pipelines->double: Unknown target topic "dubled"',
      fatal: true,
    });
  });

  it.each([
    [
      'refused SASL credentials',
      'org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed: Invalid username or password',
      'KafkaAuthenticationFailed',
      'SaslAuthenticationException: Authentication failed: Invalid username or password',
      true,
    ],
    [
      'a failed TLS handshake',
      'org.apache.kafka.common.errors.SslAuthenticationException: SSL handshake failed',
      'KafkaTlsFailed',
      'SslAuthenticationException: SSL handshake failed',
      true,
    ],
    [
      'a missing ACL',
      'org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]',
      'KafkaAuthorizationFailed',
      'TopicAuthorizationException: Not authorized to access topics: [orders]',
      true,
    ],
    [
      'a missing source topic',
      'org.apache.kafka.streams.errors.MissingSourceTopicException: One or more source topics were missing during rebalance',
      'MissingSourceTopic',
      'MissingSourceTopicException: One or more source topics were missing during rebalance',
      true,
    ],
    [
      'an unresolvable bootstrap server',
      'org.apache.kafka.common.config.ConfigException: No resolvable bootstrap urls given in bootstrap.servers',
      'BootstrapUnresolvable',
      'ConfigException: No resolvable bootstrap urls given in bootstrap.servers',
      true,
    ],
    [
      'an unreadable definition',
      'Could not read KSML definition from file: /ksml/app.yaml',
      'DefinitionError',
      'Could not read KSML definition from file: /ksml/app.yaml',
      true,
    ],
    [
      'a broker it cannot reach yet',
      '[Consumer instanceId=app-0-1, clientId=app-1] Connection to node -1 (broker/10.0.0.1:9092) could not be established. Node may not be available.',
      'BrokerUnreachable',
      'Connection to node -1 (broker/10.0.0.1:9092) could not be established. Node may not be available.',
      false,
    ],
    [
      // Kafka's NetworkClient's words, as KSML 1.3.0 logs them for a wrong PLAIN password.
      'a refusal the client logs without an exception',
      '[Consumer instanceId=dizzl-sandbox-dev-sasl-app-ksml-0-1, clientId=app-StreamThread-1-consumer] Connection to node -1 (/10.88.0.1:37215) failed authentication due to: Authentication failed: Invalid username or password',
      'KafkaAuthenticationFailed',
      'Connection to node -1 (/10.88.0.1:37215) failed authentication due to: Authentication failed: Invalid username or password',
      true,
    ],
  ])(
    'names %s from the line that says so',
    (_, text, reason, message, fatal) => {
      const log = [
        line('INFO ', 'i.a.k.r.KSMLRunner', 'Starting KSML Runner 1.3.0'),
        line('ERROR', 'o.a.k.s.p.i.StreamThread', text),
        '\tat org.apache.kafka.clients.NetworkClient.poll(NetworkClient.java:600)',
      ].join('\n');
      expect(runnerLogDiagnosis(log)).toEqual({
        reason,
        message,
        hint: expect.any(String),
        fatal,
      });
    },
  );

  it('prefers the cause over its symptoms, whatever their order in the log', () => {
    const log = [
      line(
        'WARN ',
        'o.a.k.c.NetworkClient',
        'Bootstrap broker kafka:9092 (id: -1 rack: null) disconnected',
      ),
      line(
        'ERROR',
        'o.a.k.c.NetworkClient',
        'org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed: Invalid username or password',
      ),
    ].join('\n');
    expect(runnerLogDiagnosis(log)?.reason).toBe('KafkaAuthenticationFailed');
  });

  it('says nothing of a runner that starts normally', () => {
    const log = [
      line('INFO ', 'i.a.k.r.KSMLRunner', 'Starting KSML Runner 1.3.0'),
      line(
        'INFO ',
        'i.a.k.r.b.KafkaStreamsRunner',
        "Pipeline processing state change. Moving from old state 'CREATED' to new state 'REBALANCING'",
      ),
    ].join('\n');
    expect(runnerLogDiagnosis(log)).toBeUndefined();
  });

  it('keeps a long line to its start', () => {
    const diagnosis = runnerLogDiagnosis(
      `SaslAuthenticationException: Authentication failed: ${'x'.repeat(1000)}`,
    );
    expect(diagnosis?.message).toHaveLength(300);
    expect(diagnosis?.message?.endsWith('…')).toBe(true);
  });
});
