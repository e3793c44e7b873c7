import { withReason } from '@ksml-backstage/plugin-ksml-common';
import {
  AuthenticationError,
  ConflictError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * The chart registry (or repository) refused or failed a request: wrong credentials, an
 * untrusted certificate, an unreachable host or a missing chart version. Answered as 502 Bad
 * Gateway: the fault is upstream of us, not in the caller's request.
 */
export class ChartRegistryError extends CustomErrorBase {
  name = 'ChartRegistryError' as const;
  /** Read by Backstage's error middleware (and ours) as the HTTP status. */
  statusCode = 502;
}

/** Helm did not finish within its timeout: 504 Gateway Timeout. */
export class HelmTimeoutError extends CustomErrorBase {
  name = 'HelmTimeoutError' as const;
  statusCode = 504;
}

/** What a finished helm process left behind. */
export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Helm's error without its "Error: " prefix: the first error line, and of a list of errors
 * ("N errors occurred:" and one "* …" line each) the first, with how many more there are.
 */
export function helmMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean);
  const at = lines.findIndex(l => l.startsWith('Error:'));
  if (at < 0) return lines[lines.length - 1] ?? 'no output';
  const error = lines[at].replace(/^Error:\s*/, '');
  const listed = lines.slice(at + 1).filter(l => l.startsWith('* '));
  if (listed.length === 0) return error;
  const more = listed.length > 1 ? ` (and ${listed.length - 1} more)` : '';
  return `${error} ${listed[0].slice(2)}${more}`;
}

const RULES: Array<{
  test: RegExp;
  make: (message: string, cluster: string) => Error;
}> = [
  {
    // Kubernetes RBAC refused helm (before the registry rules: it mentions "forbidden").
    test: /is forbidden: User "[^"]*" cannot/i,
    make: m =>
      new NotAllowedError(
        `The Kubernetes account the provisioner uses may not do this: ${m}`,
      ),
  },
  {
    // The cluster did not accept the provisioner's credentials (an expired token, a token of
    // another cluster): not the registry's, though helm's message only says "Unauthorized".
    test: /the server has asked for the client to provide credentials|(query|list|get|create|update|patch|delete)[^:]*: Unauthorized\b/i,
    make: (m, cluster) =>
      new AuthenticationError(
        `The Kubernetes cluster${cluster} refused the provisioner's credentials (expired or for another cluster?): ${m}`,
      ),
  },
  {
    test: /namespaces "([^"]+)" not found/i,
    make: (m, cluster) =>
      withReason(
        new NotFoundError(
          `The namespace "${
            /namespaces "([^"]+)" not found/i.exec(m)?.[1]
          }" does not exist in the Kubernetes cluster${cluster}; an admin creates it (the provisioner only has rights inside it): ${m}`,
        ),
        'NamespaceMissing',
      ),
  },
  {
    // The environment's namespace is being deleted: nothing can be created there until it is
    // gone (and recreated by an admin).
    test: /because it is being terminated/i,
    make: m => new ConflictError(`The namespace is being deleted: ${m}`),
  },
  {
    // The cluster is out of Service IPs (each KSML app takes two; see
    // docs/chart-compatibility.md) or of another allocatable range: a platform matter.
    test: /failed to allocate a serviceIP|range is full/i,
    make: m =>
      new ServiceUnavailableError(
        `The cluster cannot take the app's Services: its service IP range is full (${m})`,
      ),
  },
  {
    test: /another operation \(install\/upgrade\/rollback\) is in progress/i,
    make: m =>
      new ConflictError(
        `The release is busy with another Helm operation: ${m}`,
      ),
  },
  {
    // A StatefulSet's claims (the app's storage) cannot change once it exists.
    test: /updates to statefulset spec for fields other than/i,
    make: m =>
      new ConflictError(
        `Kubernetes refused the change: a StatefulSet's storage cannot change in place; undeploy the app (with deleteStorage to drop its data) and deploy it again: ${m}`,
      ),
  },
  {
    test: /field is immutable/i,
    make: m => new ConflictError(`Kubernetes refused the change: ${m}`),
  },
  {
    test: /release: not found|release not found|not found: release/i,
    make: m => withReason(new NotFoundError(m), 'NotDeployed'),
  },
  {
    // Helm's own words, or a request to the Kubernetes API (`/api`, `/apis`, `/version`; a
    // registry's are `/v2/…`) that lost its connection, or client-go's words for an answer of
    // the API server cut off half-way (the registry client is not client-go).
    test: /kubernetes cluster unreachable|the server could not find the requested resource|unexpected error when reading response body|connection refused.*:(6443|443|\d{4,5})\/(api|version)|"https?:\/\/[^"\s]+\/(api|apis|version)\b[^"]*": .*(connection refused|connection reset|broken pipe|EOF|i\/o timeout|no route to host|connection lost)/i,
    make: (m, cluster) =>
      new ServiceUnavailableError(
        `The Kubernetes cluster${cluster} is unreachable: ${m}`,
      ),
  },
  {
    test: /401|403 forbidden|unauthorized|authentication required|basic credential not found|denied: /i,
    make: m =>
      new ChartRegistryError(
        `The chart registry refused the credentials: ${m}`,
      ),
  },
  {
    test: /x509|certificate|tls: /i,
    make: m =>
      new ChartRegistryError(
        `The chart registry's TLS certificate was not accepted: ${m}`,
      ),
  },
  {
    test: /manifest unknown|not found|no such host|connection refused|i\/o timeout|failed to (fetch|download|perform)/i,
    make: m => new ChartRegistryError(`The chart could not be fetched: ${m}`),
  },
];

/**
 * A chart template turned the values into invalid YAML: the chart cannot render them (a 400,
 * as its own refusals are). Its own class so that the provisioner can name the values it added.
 */
export class UnrenderableValuesError extends InputError {}

/**
 * The chart refused the values: its values.schema.json (`- at '/prometheus/port': got number,
 * want string`, one line per path), a `fail` in its templates, or a template that renders them
 * as invalid YAML. Bad input, so a 400 naming the
 * paths, never a 5xx. The provisioner checks the schema before Helm runs; this catches what
 * slips through (a chart whose schema uses what our validator reads differently).
 */
function chartRefusal(stderr: string): InputError | undefined {
  if (/values don't meet the specifications of the schema/i.test(stderr)) {
    const paths = [...stderr.matchAll(/^- at '([^']*)': (.*)$/gm)].map(
      ([, pointer, reason]) =>
        `${
          pointer
            .split('/')
            .filter(Boolean)
            .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
            .join('.') || 'values'
        }: ${reason.trim()}`,
    );
    return new InputError(
      `The chart's values.schema.json refuses the values: ${
        paths.join('; ') || helmMessage(stderr)
      }`,
    );
  }
  const failed = /execution error at \([^)]*\): (.*)$/m.exec(stderr);
  if (failed) {
    return new InputError(`The chart refused the values: ${failed[1].trim()}`);
  }
  // A template whose output is not YAML for these values: the chart cannot render them (the
  // public chart's topologySpreadConstraints, docs/chart-compatibility.md). The values decide
  // it, not the cluster, so a 400 naming the template.
  const unparsable =
    /YAML parse error on (\S+): (?:error converting YAML to JSON: )?(.*)$/m.exec(
      stderr,
    );
  if (unparsable) {
    return new UnrenderableValuesError(
      `The chart cannot render the values: its template ${
        unparsable[1]
      } turns them into invalid YAML (${unparsable[2].trim()})`,
    );
  }
  return undefined;
}

/**
 * Translates a failed helm run into an `@backstage/errors` error, once, at the edge: busy
 * release → 409, missing release or namespace → 404, cluster credentials refused → 401,
 * cluster unreachable → 503, registry trouble → 502, timeout → 504. `cluster` names the
 * cluster (its kubeconfig context) in the cluster's errors.
 * Anything else stays a plain Error (500) carrying helm's message.
 */
export function translateHelmFailure(
  operation: string,
  result: HelmResult,
  cluster = '',
): Error {
  const refused = chartRefusal(result.stderr);
  if (refused) return refused;
  const message = helmMessage(result.stderr);
  // Helm's own --timeout ran out (waiting for resources, hooks): the same 504 as ours.
  if (
    /context deadline exceeded|timed out waiting for the condition/i.test(
      message,
    )
  ) {
    return new HelmTimeoutError(`helm ${operation} timed out: ${message}`);
  }
  const named = cluster ? ` ${cluster}` : '';
  for (const rule of RULES) {
    if (rule.test.test(message)) return rule.make(message, named);
  }
  return new Error(
    `helm ${operation} failed (exit ${result.code}): ${message}`,
  );
}
