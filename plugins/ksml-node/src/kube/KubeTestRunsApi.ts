import type * as k8s from '@kubernetes/client-node';
import { NamespaceApi } from './NamespaceApi';
import { KubeTestRuns } from './roles';

/** {@link KubeTestRuns} over the API server: a ConfigMap and a Job per run. */
export class KubeTestRunsApi implements KubeTestRuns {
  constructor(private readonly api: NamespaceApi) {}

  async startTestRun(run: {
    name: string;
    labels: Record<string, string>;
    files: Record<string, string>;
    job: k8s.V1Job;
  }): Promise<void> {
    const { api } = this;
    await api.call(
      'startTestRun',
      { 'ksml.testRun': run.name },
      `starting the test run ${run.name}`,
      async () => {
        const configMap: k8s.V1ConfigMap = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: run.name,
            namespace: api.namespace,
            labels: run.labels,
          },
          data: run.files,
        };
        await api.http.create(api.path('v1', 'configmaps'), configMap);
        await api.http.create(api.path('batch/v1', 'jobs'), run.job);
      },
    );
  }

  async readTestRun(
    name: string,
  ): Promise<{ job?: k8s.V1Job; pod?: k8s.V1Pod }> {
    const { api } = this;
    const job = await api.orUndefined(
      () =>
        api.http.json<k8s.V1Job>(
          api.path('batch/v1', `jobs/${encodeURIComponent(name)}`),
        ),
      `reading the Job ${name}`,
    );
    const pods = await api.call(
      'readTestRun',
      { 'ksml.testRun': name },
      `listing the pods of the test run ${name}`,
      () =>
        api.http.json<k8s.V1PodList>(api.path('v1', 'pods'), {
          labelSelector: `job-name=${name}`,
        }),
    );
    const newestFirst = pods.items
      .slice()
      .sort(
        (a, b) =>
          Date.parse(String(b.metadata?.creationTimestamp ?? 0)) -
          Date.parse(String(a.metadata?.creationTimestamp ?? 0)),
      );
    return { job, pod: newestFirst[0] };
  }

  async deleteTestRun(name: string): Promise<void> {
    const { api } = this;
    await api.call(
      'deleteTestRun',
      { 'ksml.testRun': name },
      `deleting the test run ${name}`,
      async () => {
        // Background: the Job's pods go with it (a Job deleted through the API orphans them).
        await api.http.delete(
          api.path('batch/v1', `jobs/${encodeURIComponent(name)}`),
          { propagationPolicy: 'Background' },
        );
        await api.http.delete(
          api.path('v1', `configmaps/${encodeURIComponent(name)}`),
        );
      },
    );
  }
}
