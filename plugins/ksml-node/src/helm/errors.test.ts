import { helmMessage, translateHelmFailure } from './errors';

const fail = (stderr: string) =>
  translateHelmFailure('upgrade', { code: 1, stdout: '', stderr });

describe('translateHelmFailure', () => {
  it.each([
    [
      'Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress',
      'ConflictError',
      undefined,
    ],
    [
      'Error: create: failed to create: namespaces "ksml-nowhere" not found',
      'NotFoundError',
      undefined,
    ],
    [
      'Error: query: failed to query with labels: Unauthorized',
      'AuthenticationError',
      undefined,
    ],
    [
      'Error: Kubernetes cluster unreachable: the server has asked for the client to provide credentials',
      'AuthenticationError',
      undefined,
    ],
    [
      'Error: UPGRADE FAILED: context deadline exceeded',
      'HelmTimeoutError',
      504,
    ],
    [
      // Both seen at 1,000 apps on the test bed (the benchmark).
      'Error: UPGRADE FAILED: create: failed to create: secrets "sh.helm.release.v1.a-ksml.v2" is forbidden: unable to create new content in namespace ksml-bench because it is being terminated',
      'ConflictError',
      undefined,
    ],
    [
      'Error: UPGRADE FAILED: failed to create resource: Internal error occurred: failed to allocate a serviceIP for Service "a-ksml-headless": range is full',
      'ServiceUnavailableError',
      undefined,
    ],
    [
      'Error: uninstall: Release not loaded: x: release: not found',
      'NotFoundError',
      undefined,
    ],
    [
      'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:1/version": dial tcp 127.0.0.1:1: connect: connection refused',
      'ServiceUnavailableError',
      undefined,
    ],
    [
      // The API server lost mid-answer (seen in a stress run of interruptedDeploy).
      'Error: UPGRADE FAILED: create: failed to create: unexpected error when reading response body. Please retry. Original error: unexpected EOF',
      'ServiceUnavailableError',
      undefined,
    ],
    [
      'Error: failed to perform "FetchReference" on source: GET "https://127.0.0.1:5000/v2/charts/ksml/manifests/0.1.0": response status code 401: unauthorized: authentication required',
      'ChartRegistryError',
      502,
    ],
    [
      'Error: failed to perform "FetchReference" on source: Get "https://127.0.0.1:5000/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'ChartRegistryError',
      502,
    ],
    [
      'Error: UPGRADE FAILED: cannot patch "x" with kind Job: Job.batch "x" is invalid: spec.template: field is immutable',
      'ConflictError',
      undefined,
    ],
    [
      "Error: UPGRADE FAILED: cannot patch \"x\" with kind StatefulSet: StatefulSet.apps \"x\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      'ConflictError',
      undefined,
    ],
    [
      'Error: INSTALLATION FAILED: configmaps is forbidden: User "system:serviceaccount:p:prov" cannot create resource "configmaps" in API group "" in the namespace "apps"',
      'NotAllowedError',
      undefined,
    ],
    ['Error: something else entirely', 'Error', undefined],
  ])('%s → %s', (stderr, name, statusCode) => {
    const error = fail(stderr);
    expect(error.name).toBe(name);
    expect((error as { statusCode?: number }).statusCode).toBe(statusCode);
    expect(error.message).toContain(helmMessage(stderr));
  });
});

describe('chart refusals', () => {
  it('names every path of a values.schema.json failure, as a 400', () => {
    const error = fail(
      "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nksml:\n- at '/prometheus/port': got number, want string\n- at '/job/ttlSecondsAfterFinished': minimum: got -1, want 0\n",
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      "The chart's values.schema.json refuses the values: prometheus.port: got number, want string; job.ttlSecondsAfterFinished: minimum: got -1, want 0",
    );
  });

  it("passes a template's fail message on as a 400", () => {
    const error = fail(
      'Error: execution error at (ksml/templates/configmap.yaml:16:8): ksmlDefinitions: at least one definition is required',
    );
    expect(error).toMatchObject({
      name: 'InputError',
      message:
        'The chart refused the values: ksmlDefinitions: at least one definition is required',
    });
  });

  it('answers a template that renders the values as invalid YAML with a 400 naming it', () => {
    // What helm 3.21 says for the public chart 1.3.0 given topologySpreadConstraints.
    const error = fail(
      "Error: YAML parse error on ksml/templates/statefulset.yaml: error converting YAML to JSON: yaml: line 103: did not find expected '-' indicator\n\nUse --debug flag to render out invalid YAML\n",
    );
    expect(error).toMatchObject({
      name: 'InputError',
      message:
        "The chart cannot render the values: its template ksml/templates/statefulset.yaml turns them into invalid YAML (yaml: line 103: did not find expected '-' indicator)",
    });
  });
});

describe('helmMessage', () => {
  it('takes the Error line without its prefix', () => {
    expect(helmMessage('Pulled: x\nDigest: y\nError: boom\n')).toBe('boom');
  });

  it('keeps the first of a list of errors, and says how many more there are', () => {
    const stderr = [
      'Error: 3 errors occurred:',
      '\t* Post "https://127.0.0.1:1/api/v1/namespaces/n/configmaps": dial tcp 127.0.0.1:1: connect: connection refused',
      '\t* Post "https://127.0.0.1:1/api/v1/namespaces/n/services": dial tcp 127.0.0.1:1: connect: connection refused',
      '\t* Post "https://127.0.0.1:1/apis/apps/v1/namespaces/n/statefulsets": dial tcp 127.0.0.1:1: connect: connection refused',
      '',
    ].join('\n');
    expect(helmMessage(stderr)).toBe(
      '3 errors occurred: Post "https://127.0.0.1:1/api/v1/namespaces/n/configmaps": dial tcp 127.0.0.1:1: connect: connection refused (and 2 more)',
    );
    expect(
      translateHelmFailure(
        'upgrade --install',
        { code: 1, stdout: '', stderr },
        '"ctx"',
      ),
    ).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        'The Kubernetes cluster "ctx" is unreachable',
      ),
    });
  });
});
