import type * as k8s from '@kubernetes/client-node';
import type { Values } from '../chart/mergeValues';
import { testRunnerJvmOptions } from './jvmOptions';

/** Where the test runner's files are mounted in the Job's pod. */
export const TEST_FILES_MOUNT = '/ksml-tests';
/** Where the runner image keeps KSML's test runner (upstream's Dockerfile). */
export const TEST_RUNNER_JAR = '/opt/ksml/ksml-test.jar';

/** The labels of a test run's objects: apart from the app's (the chart's `name` is `ksml`). */
export function testRunLabels(release: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'ksml-test',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/managed-by': 'ksml-backstage',
  };
}

/** A ConfigMap key for a file path (`tests/x.yaml` -> `tests.x.yaml`), and back by `items`. */
export function configMapKey(path: string): string {
  return path.replace(/\//g, '.');
}

/**
 * The Job that runs KSML's test runner on the files of its ConfigMap (of the same name), in a
 * pod made as the app's chart makes its runners (the image, its pull secrets, node selector,
 * tolerations, affinity, security contexts and resources of the app's values), so the tests run
 * where and as the app would. Pure.
 */
export function testJob(options: {
  name: string;
  release: string;
  files: readonly string[];
  values: Values;
  /** The chart's appVersion: the image tag when the values name none (as the chart does). */
  appVersion?: string;
  /** JVM options after upstream's (`ksml.tests.clusterJavaOptions`). */
  javaOptions: readonly string[];
  timeoutSeconds: number;
}): k8s.V1Job {
  const { values } = options;
  const image = (values.image ?? {}) as {
    repository?: string;
    tag?: string;
    pullPolicy?: string;
  };
  const tag = image.tag || options.appVersion;
  if (!image.repository || !tag) {
    throw new Error(
      "the app's values name no runner image (image.repository and image.tag, or the chart's appVersion)",
    );
  }
  const labels = testRunLabels(options.release);
  const some = <T>(key: string, value: T | undefined) =>
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' &&
      value !== null &&
      Object.keys(value).length === 0)
      ? {}
      : { [key]: value };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: options.name, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: options.timeoutSeconds,
      // The backend deletes the run when it has read it; this catches one it could not.
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...some('imagePullSecrets', values.imagePullSecrets),
          ...some('nodeSelector', values.nodeSelector),
          ...some('tolerations', values.tolerations),
          ...some('affinity', values.affinity),
          ...some('securityContext', values.podSecurityContext),
          ...some('runtimeClassName', values.runtimeClassName || undefined),
          containers: [
            {
              name: 'ksml',
              image: `${image.repository}:${tag}`,
              ...(image.pullPolicy
                ? { imagePullPolicy: image.pullPolicy }
                : {}),
              command: [
                'java',
                ...testRunnerJvmOptions(),
                ...options.javaOptions,
                '-jar',
                TEST_RUNNER_JAR,
                // Each suite by name: a ConfigMap volume's folders are symlinks, which the
                // runner's walk of a folder does not enter.
                ...options.files
                  .filter(path => path.startsWith('tests/'))
                  .map(path => `${TEST_FILES_MOUNT}/${path}`),
              ],
              ...some('securityContext', values.securityContext),
              ...some('resources', values.resources),
              volumeMounts: [
                { name: 'tests', mountPath: TEST_FILES_MOUNT, readOnly: true },
              ],
            },
          ],
          volumes: [
            {
              name: 'tests',
              configMap: {
                name: options.name,
                items: options.files.map(path => ({
                  key: configMapKey(path),
                  path,
                })),
              },
            },
          ],
        },
      },
    },
  };
}
