import { PrometheusHistory } from './PrometheusHistory';

/** A fetch double that answers each query_range with `answer(query)`, recording the calls. */
function fakePrometheus(
  answer: (query: string) => { status: number; body: unknown },
) {
  const calls: Array<{ url: string; form: URLSearchParams; headers: any }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const form = new URLSearchParams(String(init.body));
    calls.push({ url, form, headers: init.headers });
    const { status, body } = answer(form.get('query')!);
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const matrix = (values: Array<[number, string]>) => ({
  status: 'success',
  data: {
    resultType: 'matrix',
    result: values.length ? [{ metric: {}, values }] : [],
  },
});

describe('PrometheusHistory', () => {
  const end = new Date('2026-12-07T12:00:07Z');

  it('asks query_range for the three series over the range up to now, and joins them', async () => {
    const t = Date.parse('2026-12-07T11:59:45Z') / 1000;
    const { calls, fetchImpl } = fakePrometheus(query => {
      if (query.includes('process_rate'))
        return { status: 200, body: matrix([[t, '4']]) };
      if (query.includes('send_rate'))
        return { status: 200, body: matrix([[t, '3']]) };
      return { status: 200, body: matrix([[t, '2048']]) };
    });
    const prometheus = new PrometheusHistory(
      { url: 'http://prom.example:9090/', token: 's3cret' },
      fetchImpl,
    );
    const points = await prometheus.history({
      namespace: 'ksml',
      release: 'app',
      rangeSeconds: 600,
      end,
    });
    expect(points).toEqual([
      {
        at: '2026-12-07T11:59:45.000Z',
        recordsInPerSecond: 4,
        recordsOutPerSecond: 3,
        heapUsedBytes: 2048,
      },
    ]);
    expect(calls).toHaveLength(3);
    const endSeconds = Date.parse('2026-12-07T12:00:07Z') / 1000;
    for (const call of calls) {
      expect(call.url).toBe('http://prom.example:9090/api/v1/query_range');
      expect(call.headers.authorization).toBe('Bearer s3cret');
      expect(call.form.get('step')).toBe('15s');
      expect(call.form.get('end')).toBe(String(endSeconds));
      expect(call.form.get('start')).toBe(String(endSeconds - 600));
    }
  });

  it('is a 503 naming the Prometheus and quoting its error, without the credentials', async () => {
    const { fetchImpl } = fakePrometheus(() => ({
      status: 400,
      body: { status: 'error', error: 'parse error: unexpected character' },
    }));
    const prometheus = new PrometheusHistory(
      { url: 'https://prom.example', username: 'ops', password: 'hunter2' },
      fetchImpl,
    );
    const failure = prometheus.history({
      namespace: 'ksml',
      release: 'app',
      rangeSeconds: 3600,
    });
    await expect(failure).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'Prometheus at https://prom.example answered 400: parse error: unexpected character',
    });
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });

  it('is a 503 when it cannot be reached', async () => {
    const prometheus = new PrometheusHistory(
      { url: 'http://127.0.0.1:1' },
      (async () => {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'ECONNREFUSED' },
        });
      }) as unknown as typeof fetch,
    );
    await expect(
      prometheus.history({
        namespace: 'ksml',
        release: 'app',
        rangeSeconds: 60,
      }),
    ).rejects.toThrow(
      'Prometheus at http://127.0.0.1:1 could not be reached (ECONNREFUSED)',
    );
  });
});
