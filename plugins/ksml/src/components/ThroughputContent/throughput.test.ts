import {
  GIB,
  MIB,
  throughputResponse,
  unknownReplicas,
} from '../../__testUtils__/throughputFixtures';
import {
  formatBytes,
  formatCalls,
  formatFigure,
  formatHeap,
  formatMs,
  formatRate,
  heapChartLabel,
  heapTrendText,
  historyMinutes,
  recordsChartLabel,
  recordsTrendText,
  sortedFunctions,
  throughputBlocker,
  throughputTotals,
  timeLinePath,
  trendPaths,
} from './throughput';

describe('formatFigure and formatRate', () => {
  it.each([
    [0, '0'],
    [0.01, '< 0.1'],
    [0.05, '0.1'],
    [0.25, '0.3'],
    [2.5, '2.5'],
    [9, '9.0'],
    [9.94, '9.9'],
    // Rounds to 10.0 at one decimal: shown whole, as a figure of 10 or more.
    [9.96, '10'],
    [10, '10'],
    [42.5, '43'],
    [1234.4, '1,234'],
  ])('shows %p as %p', (value, text) => {
    expect(formatFigure(value)).toBe(text);
    expect(formatRate(value)).toBe(text);
  });

  it('shows a rate not reported as a dash', () => {
    expect(formatRate(undefined)).toBe('–');
    expect(formatRate(Number.NaN)).toBe('–');
  });
});

describe('formatMs', () => {
  it.each([
    [0, '0'],
    [0.42, '0.4'],
    [3, '3'],
    [12.345, '12.3'],
    [1234.56, '1,234.6'],
  ])('shows %p ms as %p', (value, text) => {
    expect(formatMs(value)).toBe(text);
  });

  it('shows a time not reported as a dash', () => {
    expect(formatMs(undefined)).toBe('–');
  });
});

describe('formatCalls', () => {
  it('separates thousands', () => {
    expect(formatCalls(12345)).toBe('12,345');
  });
});

describe('formatBytes and formatHeap', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [312 * MIB, '312 MiB'],
    [5.25 * MIB, '5.3 MiB'],
    [1.5 * GIB, '1.5 GiB'],
    // Just under 1 GiB rounds to 1,024 MiB: shown as 1 GiB instead.
    [GIB - 1, '1.0 GiB'],
  ])('shows %p bytes as %p', (value, text) => {
    expect(formatBytes(value)).toBe(text);
  });

  it('shows the heap used of its maximum', () => {
    expect(formatHeap(312 * MIB, 1.5 * GIB)).toBe('312 MiB of 1.5 GiB');
    expect(formatHeap(312 * MIB, undefined)).toBe('312 MiB');
    // The JVM reports -1 for a maximum it does not know.
    expect(formatHeap(312 * MIB, -1)).toBe('312 MiB');
    expect(formatHeap(undefined, 1.5 * GIB)).toBe('–');
  });
});

describe('throughputTotals', () => {
  it('sums records in and out over the replicas', () => {
    const totals = throughputTotals(throughputResponse().replicas);
    expect(totals.recordsInPerSecond).toBeCloseTo(7.3);
    expect(totals.recordsOutPerSecond).toBeCloseTo(7);
    expect(totals).toMatchObject({ replicasRead: 2, replicas: 2 });
  });

  it('sums only the replicas read, and has no figure when none was', () => {
    const [read] = throughputResponse().replicas;
    expect(
      throughputTotals([read, ...unknownReplicas('MetricsUnreachable', 1)]),
    ).toEqual({
      recordsInPerSecond: 4.2,
      recordsOutPerSecond: 4,
      replicasRead: 1,
      replicas: 2,
    });
    expect(throughputTotals(unknownReplicas('NotYetRead'))).toEqual({
      replicasRead: 0,
      replicas: 2,
    });
  });
});

describe('throughputBlocker', () => {
  it.each(['NotYetRead', 'MetricsDisabled', 'MetricsForbidden'] as const)(
    'is %s when every replica is Unknown for it',
    reason => {
      expect(throughputBlocker({ replicas: unknownReplicas(reason) })).toBe(
        reason,
      );
    },
  );

  it('is nothing when a replica was read, the reasons differ, or another reason', () => {
    const [read] = throughputResponse().replicas;
    expect(throughputBlocker(throughputResponse())).toBeUndefined();
    expect(
      throughputBlocker({
        replicas: [...unknownReplicas('NotYetRead', 1), read],
      }),
    ).toBeUndefined();
    expect(
      throughputBlocker({
        replicas: [
          ...unknownReplicas('NotYetRead', 1),
          { replicaName: '1', state: 'Unknown', reason: 'MetricsForbidden' },
        ],
      }),
    ).toBeUndefined();
    expect(
      throughputBlocker({ replicas: unknownReplicas('MetricsUnreachable') }),
    ).toBeUndefined();
    expect(throughputBlocker({ replicas: [] })).toBeUndefined();
  });
});

describe('sortedFunctions', () => {
  it('orders the functions by name, leaving the answer as it is', () => {
    const { functions } = throughputResponse();
    expect(sortedFunctions(functions).map(f => f.name)).toEqual([
      'sensor-inspector.filter_by_color',
      'sensor-inspector.log_message',
    ]);
    expect(functions[0].name).toBe('sensor-inspector.log_message');
  });
});

describe('the trend’s span and names', () => {
  it('counts the minutes from the first reading to the last', () => {
    const { history } = throughputResponse();
    expect(historyMinutes(history)).toBe(10);
    expect(recordsChartLabel(history)).toBe(
      'Records per second, last 10 minutes',
    );
    expect(heapChartLabel(history)).toBe('JVM heap used, last 10 minutes');
  });

  it('says one minute for a history shorter than that', () => {
    const [first] = throughputResponse().history;
    expect(historyMinutes([first])).toBe(1);
    expect(recordsChartLabel([])).toBe('Records per second, last 1 minute');
  });

  it.each([
    [119, 'last 119 minutes'],
    [120, 'last 2 hours'],
    [6 * 60, 'last 6 hours'],
    [47 * 60, 'last 47 hours'],
    [7 * 1440, 'last 7 days'],
  ])(
    'names a span of %i minutes "%s" (a Prometheus range)',
    (minutes, span) => {
      const [first] = throughputResponse().history;
      const last = {
        ...first,
        at: new Date(Date.parse(first.at) + minutes * 60_000).toISOString(),
      };
      expect(heapChartLabel([first, last])).toBe(`JVM heap used, ${span}`);
    },
  );
});

describe('timeLinePath', () => {
  const box = { width: 100, height: 50, padding: 0 };

  it('places points by their time and scales from 0 to the top', () => {
    expect(
      timeLinePath(
        [
          { time: 0, value: 0 },
          { time: 10, value: 10 },
          { time: 40, value: 5 },
        ],
        box,
        { start: 0, end: 40, max: 10 },
      ),
    ).toBe('M0 50 L25 0 L100 25');
  });

  it('draws a single point as a flat line across, and nothing without points', () => {
    expect(
      timeLinePath([{ time: 5, value: 5 }], box, {
        start: 5,
        end: 5,
        max: 10,
      }),
    ).toBe('M0 25 L100 25');
    expect(timeLinePath([], box, { start: 0, end: 0, max: 0 })).toBe('');
  });

  it('keeps every value in the box, and a top of 0 at the bottom', () => {
    expect(
      timeLinePath(
        [
          { time: 0, value: 20 },
          { time: 10, value: -1 },
        ],
        box,
        { start: 0, end: 10, max: 10 },
      ),
    ).toBe('M0 0 L100 50');
    expect(
      timeLinePath(
        [
          { time: 0, value: 0 },
          { time: 10, value: 0 },
        ],
        box,
        { start: 0, end: 10, max: 0 },
      ),
    ).toBe('M0 50 L100 50');
  });
});

describe('trendPaths', () => {
  it('draws records in and out on one scale, and the heap on its own', () => {
    const paths = trendPaths(throughputResponse().history, {
      width: 100,
      height: 100,
      padding: 0,
    });
    expect(paths.maxRate).toBe(10);
    expect(paths.maxHeap).toBe(512 * MIB);
    expect(paths.recordsIn).toBe('M0 50 L50 0 L100 27');
    expect(paths.recordsOut).toBe('M0 55 L50 10 L100 30');
    expect(paths.heap).toBe('M0 21.88 L50 12.11 L100 0');
  });

  it('draws nothing without a history', () => {
    expect(
      trendPaths([], { width: 100, height: 100, padding: 0 }),
    ).toMatchObject({ recordsIn: '', recordsOut: '', heap: '', maxRate: 0 });
  });
});

describe('the trend in words', () => {
  it('gives the latest figures and their range', () => {
    const { history } = throughputResponse();
    expect(recordsTrendText(history)).toBe(
      'Records in: 7.3 per second now, between 5.0 and 10 over the last 10 minutes. ' +
        'Records out: 7.0 per second now, between 4.5 and 9.0 over the last 10 minutes.',
    );
    expect(heapTrendText(history)).toBe(
      'JVM heap used (all replicas): 512 MiB now, between 400 MiB and 512 MiB over the last 10 minutes.',
    );
  });

  it('gives only the latest figure of a single reading, and nothing without one', () => {
    const [first] = throughputResponse().history;
    expect(recordsTrendText([first])).toBe(
      'Records in: 5.0 per second now. Records out: 4.5 per second now.',
    );
    expect(heapTrendText([first])).toBe(
      'JVM heap used (all replicas): 400 MiB now.',
    );
    expect(recordsTrendText([])).toBe('');
    expect(heapTrendText([])).toBe('');
  });
});
