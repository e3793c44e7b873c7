import type { V1Pod } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import { HelmCli } from '../helm/HelmCli';
import { KsmlKubeClient } from '../kube/KubeReader';
import { KsmlProvisioner } from './KsmlProvisioner';

// Unit tests with a fake Kubernetes client, for paths the test bed cannot produce on demand:
// one replica whose log cannot be read, and a cluster without metrics.
const ref = {
  tenant: 't',
  instance: 'i',
  environment: 'dev',
  application: 'a',
};
const release = 't-i-dev-a-ksml';
const pod = (name: string): V1Pod => ({ metadata: { name } });

function provisionerWith(kube: Partial<KsmlKubeClient>): KsmlProvisioner {
  const client: KsmlKubeClient = {
    readWorkload: async () => undefined,
    listPods: async () => [],
    readLog: async () => '',
    podUsage: async () => [],
    deleteClaims: async () => [],
    ...kube,
  };
  return KsmlProvisioner.create({
    helm: HelmCli.create({ chart: { kind: 'path', path: '/nowhere' } }),
    resolveTarget: () => ({ namespace: 'ns' }),
    connectKube: async () => client,
  });
}

describe('KsmlProvisioner.logs', () => {
  it('returns an error entry for a replica whose log fails, and the others', async () => {
    const provisioner = provisionerWith({
      listPods: async () => [pod(`${release}-0`), pod(`${release}-1`)],
      readLog: async name => {
        if (name.endsWith('-1'))
          throw new Error('container "ksml" in pod is waiting to start');
        return 'line\n';
      },
    });
    expect(await provisioner.logs(ref, 5)).toEqual({
      tailLines: 5,
      logs: [
        { replicaName: '0', lines: 'line\n' },
        {
          replicaName: '1',
          lines: '',
          error: 'container "ksml" in pod is waiting to start',
        },
      ],
    });
  });

  it.each([0, -1, 1.5, 10_001])('refuses tailLines %p', async tailLines => {
    await expect(
      provisionerWith({}).logs(ref, tailLines),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'tailLines: must be a whole number from 1 to 10000',
    });
  });

  it('is a 404 when the app has no pods', async () => {
    await expect(provisionerWith({}).logs(ref)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('KsmlProvisioner.metrics', () => {
  it('passes on the reason when metrics.k8s.io is missing', async () => {
    const provisioner = provisionerWith({
      podUsage: async () => {
        throw new NotFoundError(
          'Metrics are not available: the cluster has no working metrics.k8s.io API (install metrics-server)',
        );
      },
    });
    await expect(provisioner.metrics(ref)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('metrics-server'),
    });
  });

  it('is a 404 saying figures are not there yet when the pods have none', async () => {
    await expect(provisionerWith({}).metrics(ref)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('No metrics yet for t-i-dev-a-ksml'),
    });
  });

  it('sums the replicas and rounds to whole millicores and MB', async () => {
    const provisioner = provisionerWith({
      podUsage: async () => [
        {
          pod: `${release}-0`,
          cpuMillicores: 250.4,
          memoryBytes: 512 * 1024 * 1024,
        },
        {
          pod: `${release}-1`,
          cpuMillicores: 100.2,
          memoryBytes: 256.6 * 1024 * 1024,
        },
      ],
    });
    expect(await provisioner.metrics(ref)).toEqual({
      cpu: { usedMillicores: '351' },
      memory: { usedMb: '769' },
      replicas: [
        {
          replicaName: '0',
          cpu: { usedMillicores: '250' },
          memory: { usedMb: '512' },
        },
        {
          replicaName: '1',
          cpu: { usedMillicores: '100' },
          memory: { usedMb: '257' },
        },
      ],
    });
  });
});
