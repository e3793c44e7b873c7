import { responseExamples } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  KsmlTarget,
  PrometheusHistory,
} from '@ksml-backstage/plugin-ksml-node';
import type { DeploymentStore } from '../database/DeploymentStore';
import { KsmlService } from './KsmlService';

// Where GET /throughput's trend comes from, per environment (no database is touched).

const ref = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'prod',
  application: 'sensor-inspector',
};

function serviceWith(prometheus: Record<string, PrometheusHistory>) {
  const target = {
    throughput: jest.fn(async () => responseExamples.KsmlThroughputResponse),
  };
  const service = KsmlService.create({
    targets: () => target as unknown as KsmlTarget,
    store: {} as DeploymentStore,
    resolveNamespace: environment => `ksml-${environment}`,
    chart: {
      kind: 'oci',
      url: 'oci://r/charts',
      name: 'ksml',
      version: '1.3.0',
    },
    prometheus: environment => prometheus[environment],
  });
  return { service, target };
}

describe('KsmlService.throughput', () => {
  it("asks the environment's Prometheus for a range, with the app's namespace and release", async () => {
    const prometheus = new PrometheusHistory({ url: 'http://prom' });
    const history = jest.spyOn(prometheus, 'history').mockResolvedValue([
      {
        at: '2026-12-07T06:00:00Z',
        recordsInPerSecond: 1,
        recordsOutPerSecond: 1,
        heapUsedBytes: 1,
      },
    ]);
    const { service } = serviceWith({ prod: prometheus });
    const response = await service.throughput(ref, 12 * 3600);
    expect(history).toHaveBeenCalledWith({
      namespace: 'ksml-prod',
      release: 'dizzl-sandbox-prod-sensor-inspector-ksml',
      rangeSeconds: 12 * 3600,
    });
    expect(response).toMatchObject({
      historySource: 'prometheus',
      longerHistory: true,
      history: [{ at: '2026-12-07T06:00:00Z' }],
    });
    // Without a range the kept hour is enough: no query.
    history.mockClear();
    expect(await service.throughput(ref)).toMatchObject({
      historySource: 'runners',
      longerHistory: true,
    });
    expect(history).not.toHaveBeenCalled();
  });

  it('names the setting of the environment that has no Prometheus', async () => {
    const { service } = serviceWith({});
    await expect(service.throughput(ref, 24 * 3600)).rejects.toThrow(
      'needs a Prometheus (ksml.environments.prod.prometheus)',
    );
  });
});
