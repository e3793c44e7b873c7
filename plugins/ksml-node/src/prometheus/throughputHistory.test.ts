import type { KsmlThroughputResponse } from '@ksml-backstage/plugin-ksml-common';
import { ServiceUnavailableError } from '@backstage/errors';
import { PrometheusHistory } from './PrometheusHistory';
import { withHistory } from './throughputHistory';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

function kept(): KsmlThroughputResponse {
  return {
    intervalSeconds: 15,
    replicas: [],
    nodes: [],
    functions: [],
    history: [50, 20, 1].map(m => ({
      at: minutesAgo(m),
      recordsInPerSecond: m,
      recordsOutPerSecond: m,
      heapUsedBytes: 1,
    })),
    historySource: 'runners',
    historySeconds: 3600,
    longerHistory: false,
  };
}

const app = { namespace: 'ksml', release: 'app' };
const setting = 'ksml.environments.prod.prometheus';

function prometheusAnswering(
  history: PrometheusHistory['history'],
): PrometheusHistory {
  const prometheus = new PrometheusHistory({ url: 'http://prom' });
  jest.spyOn(prometheus, 'history').mockImplementation(history);
  return prometheus;
}

describe('withHistory', () => {
  it('gives the kept hour without a range, saying whether a Prometheus could give more', async () => {
    const alone = await withHistory(kept(), app, undefined, {
      prometheusSetting: setting,
    });
    expect(alone).toMatchObject({
      historySource: 'runners',
      longerHistory: false,
    });
    expect(alone.history).toHaveLength(3);
    const withPrometheus = await withHistory(kept(), app, undefined, {
      prometheus: prometheusAnswering(async () => []),
      prometheusSetting: setting,
    });
    expect(withPrometheus).toMatchObject({
      historySource: 'runners',
      longerHistory: true,
    });
  });

  it('narrows the kept history to a shorter range', async () => {
    const response = await withHistory(kept(), app, 30 * 60, {
      prometheusSetting: setting,
    });
    expect(response.history.map(p => p.recordsInPerSecond)).toEqual([20, 1]);
    expect(response.historySeconds).toBe(1800);
  });

  it('refuses a range past the kept hour without a Prometheus, naming range and the setting', async () => {
    await expect(
      withHistory(kept(), app, 6 * 3600, { prometheusSetting: setting }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^Invalid throughput query: range: .*needs a Prometheus \(ksml\.environments\.prod\.prometheus\)$/,
      ),
    });
  });

  it("takes a range's history from the Prometheus, for the app's namespace and release", async () => {
    const point = {
      at: minutesAgo(300),
      recordsInPerSecond: 9,
      recordsOutPerSecond: 9,
      heapUsedBytes: 2,
    };
    const history = jest.fn(async () => [point]);
    const response = await withHistory(kept(), app, 6 * 3600, {
      prometheus: prometheusAnswering(history),
      prometheusSetting: setting,
    });
    expect(history).toHaveBeenCalledWith({ ...app, rangeSeconds: 6 * 3600 });
    expect(response).toMatchObject({
      history: [point],
      historySource: 'prometheus',
      historySeconds: 6 * 3600,
      longerHistory: true,
    });
  });

  it('falls back to the kept hour with a warning when the Prometheus fails', async () => {
    const response = await withHistory(kept(), app, 6 * 3600, {
      prometheus: prometheusAnswering(async () => {
        throw new ServiceUnavailableError(
          'Prometheus at http://prom did not answer within 5s',
        );
      }),
      prometheusSetting: setting,
    });
    expect(response).toMatchObject({
      historySource: 'runners',
      historySeconds: 3600,
      historyWarning: 'Prometheus at http://prom did not answer within 5s',
    });
    expect(response.history).toHaveLength(3);
  });
});
