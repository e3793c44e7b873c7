import { escapeRegExp } from '../util/escapeRegExp';
import { Diagnosis } from './diagnosis';

/** What the KSML runner's log says about why it is not running, when it says something known. */
export interface RunnerLogDiagnosis extends Diagnosis {
  /**
   * True when the runner cannot come up by itself (refused credentials, a broken definition):
   * the app is Failing even while Kubernetes still shows a container that runs but is not ready.
   */
  fatal: boolean;
}

interface LogPattern {
  /** Matched against each log line. */
  pattern: RegExp;
  reason: string;
  hint: string;
  fatal: boolean;
  /** The message from the matching line and the log's lines, when not the line's detail. */
  describe?: (match: RegExpExecArray, lines: string[]) => string;
}

/**
 * What the runner (and the Kafka clients inside it) print when they fail, most specific first.
 * Kafka's own exception names and messages: they stay the same across client versions, unlike
 * the runner's wording, and they never hold a secret value (Kafka logs passwords as [hidden]).
 */
const PATTERNS: LogPattern[] = [
  {
    // KSML's own report of an exception a Python function raised on a record (its FatalError
    // block): the function, the Python exception, and where the runner says it was raised.
    pattern: /Error while executing function (\S+) : (.+)$/,
    reason: 'FunctionError',
    hint: "A Python function of the definition raised an error on a record, and the runner stopped processing (KSML's processing error handler stops on a failure by default). Fix the function (the log's Python stack trace gives the line), or guard against the record's values; then deploy again.",
    fatal: true,
    describe: (match, lines) => {
      const name = match[1].split('.').pop() ?? match[1];
      const at = lines
        .map(l =>
          new RegExp(`<python>::${escapeRegExp(name)} @ \\S*?:(\\d+)`).exec(l),
        )
        .find(Boolean);
      return `function ${match[1]} raised ${match[2].trim()}${
        at ? ` (line ${at[1]} of the Python KSML generates for it)` : ''
      }`;
    },
  },
  {
    pattern: /SaslAuthenticationException|Authentication failed/,
    reason: 'KafkaAuthenticationFailed',
    hint: "The broker refused the app's credentials: check the username and password in sasl.jaas.config (and sasl.mechanism), then deploy again with the right secret Kafka properties; the runners restart with them.",
    fatal: true,
  },
  {
    pattern: /SslAuthenticationException|SSL handshake failed/,
    reason: 'KafkaTlsFailed',
    hint: "The TLS handshake with the broker failed: check security.protocol, the truststore (the broker's CA) and, for mutual TLS, the keystore and its passwords.",
    fatal: true,
  },
  {
    pattern:
      /(Topic|Group|TransactionalId|Cluster)AuthorizationException|Not authorized to access/,
    reason: 'KafkaAuthorizationFailed',
    hint: "The broker knows the app's principal but does not allow what it asked: the app's topics, its consumer group (the application.id) and, for state stores, its internal topics need ACLs; ask the Kafka platform team.",
    fatal: true,
  },
  {
    pattern:
      /MissingSourceTopicException|source topics? (were|was|is|are) missing/i,
    reason: 'MissingSourceTopic',
    hint: 'A topic the app reads does not exist: create it, or fix the topic name in the definition.',
    fatal: true,
  },
  {
    pattern: /No resolvable bootstrap urls|DNS resolution failed/,
    reason: 'BootstrapUnresolvable',
    hint: 'The host names in bootstrap.servers cannot be resolved from the cluster: check bootstrap.servers.',
    fatal: true,
  },
  {
    pattern:
      /Could not read KSML definition|TopologyException|Error in topology|KSML parse error/,
    reason: 'DefinitionError',
    hint: 'The KSML runner cannot build the topology from the definition: the log line says where; fix the definition and deploy again.',
    fatal: true,
  },
  {
    pattern:
      /could not be established\. (Broker|Node) may not be available|Bootstrap broker .* disconnected/,
    reason: 'BrokerUnreachable',
    hint: 'The runner cannot connect to the broker yet: check bootstrap.servers and that the cluster may reach it (network policies, firewalls); it keeps retrying.',
    fatal: false,
  },
];

/** Longest message kept from a log line: the exception and its text, not a whole stack frame. */
const MESSAGE_LIMIT = 300;

/**
 * The first known failure the runner's log shows (by the order of {@link PATTERNS}, not of the
 * lines), with the line's exception and message as the detail; undefined when the log shows
 * none. Pure: the caller reads the log.
 */
export function runnerLogDiagnosis(
  log: string,
): RunnerLogDiagnosis | undefined {
  const lines = log.split('\n');
  for (const { pattern, reason, hint, fatal, describe } of PATTERNS) {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (!match) continue;
      const message = describe ? clip(describe(match, lines)) : detail(line);
      return { reason, message, hint, fatal };
    }
  }
  return undefined;
}

function clip(text: string): string {
  return text.length > MESSAGE_LIMIT
    ? `${text.slice(0, MESSAGE_LIMIT - 1)}…`
    : text;
}

/**
 * The part of a log line that says what happened: from `… org.apache.kafka…XException: text`
 * the exception and its text; else the message without the runner's prefix (time, thread,
 * level, logger) and without the Kafka client's `[Consumer clientId=…]` tag.
 */
function detail(line: string): string {
  const exception = /([A-Za-z]+(?:Exception|Error)): .*$/.exec(line);
  const text = (
    exception
      ? exception[0]
      : line
          .replace(/^.*?\b(ERROR|WARN|INFO|DEBUG|TRACE)\s+\S+\s+-\s+/, '')
          .replace(/^(\[(Consumer|Producer|AdminClient)[^\]]*\]\s*)+/, '')
          // KSML's FatalError block names the cause on a line of its own.
          .replace(/^Description:\s*/, '')
  ).trim();
  return clip(text);
}
