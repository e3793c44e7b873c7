import { testJob } from './testJob';

const base = {
  name: 'app-test-abc123',
  release: 'app',
  files: [
    'definitions/app.yaml',
    'schemas/S.avsc',
    'tests/a.yaml',
    'tests/b.yaml',
  ],
  javaOptions: ['-Dorg.graalvm.version=25.0.3'],
  timeoutSeconds: 180,
};

describe('testJob', () => {
  it("runs KSML's test runner on each suite with the app's image and pod settings", () => {
    const job = testJob({
      ...base,
      values: {
        image: {
          repository: 'registry/ksml',
          tag: '1.3.0',
          pullPolicy: 'Always',
        },
        imagePullSecrets: [{ name: 'pull' }],
        nodeSelector: { pool: 'ksml' },
        tolerations: [{ key: 'k', operator: 'Exists' }],
        affinity: {},
        resources: { limits: { memory: '1Gi' } },
      },
    });
    const pod = job.spec!.template.spec!;
    const container = pod.containers[0];
    expect(job.metadata?.labels?.['app.kubernetes.io/name']).toBe('ksml-test');
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      activeDeadlineSeconds: 180,
    });
    expect(pod).toMatchObject({
      restartPolicy: 'Never',
      imagePullSecrets: [{ name: 'pull' }],
      nodeSelector: { pool: 'ksml' },
      tolerations: [{ key: 'k', operator: 'Exists' }],
    });
    expect(pod).not.toHaveProperty('affinity');
    expect(container).toMatchObject({
      image: 'registry/ksml:1.3.0',
      imagePullPolicy: 'Always',
      resources: { limits: { memory: '1Gi' } },
    });
    expect(container.command!.slice(-4)).toEqual([
      '-jar',
      '/opt/ksml/ksml-test.jar',
      '/ksml-tests/tests/a.yaml',
      '/ksml-tests/tests/b.yaml',
    ]);
    expect(container.command).toContain('-Dorg.graalvm.version=25.0.3');
    expect(pod.volumes![0].configMap!.items).toContainEqual({
      key: 'schemas.S.avsc',
      path: 'schemas/S.avsc',
    });
  });

  it("takes the chart's appVersion as the tag when the values name none, and refuses no image at all", () => {
    const job = testJob({
      ...base,
      values: { image: { repository: 'registry/ksml', tag: '' } },
      appVersion: '1.3.0',
    });
    expect(job.spec!.template.spec!.containers[0].image).toBe(
      'registry/ksml:1.3.0',
    );
    expect(() => testJob({ ...base, values: {} })).toThrow(
      /name no runner image/,
    );
  });
});
