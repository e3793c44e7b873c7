import { describeFilter, isFiltering, parseLogLine, passes } from './logFilter';

const line = (level: string, logger: string) =>
  `2024-07-16T13:06:39,394Z [io.axual.sensor-StreamThread-1] ${level}  ${logger} - Consumed AVRO message`;

describe('parseLogLine', () => {
  it("reads the runner's level and logger", () => {
    expect(parseLogLine(line('INFO', 'ksml.function.log_message'))).toEqual({
      level: 'INFO',
      logger: 'ksml.function.log_message',
    });
    expect(parseLogLine('\tat java.base/Thread.run(Thread.java:833)')).toEqual(
      {},
    );
  });
});

describe('passes', () => {
  it('keeps lines from a level up, and the lines of a trace', () => {
    const filter = { minLevel: 'WARN' as const };
    expect(passes(line('ERROR', 'a.b'), filter)).toBe(true);
    expect(passes(line('WARN', 'a.b'), filter)).toBe(true);
    expect(passes(line('INFO', 'a.b'), filter)).toBe(false);
    expect(passes('\tat x.y(Z.java:1)', filter)).toBe(true);
  });

  it('keeps lines of the loggers named in part', () => {
    const filter = { logger: 'ksml.function' };
    expect(passes(line('INFO', 'ksml.function.log_message'), filter)).toBe(
      true,
    );
    expect(passes(line('INFO', 'org.apache.kafka.streams'), filter)).toBe(
      false,
    );
    expect(passes('no layout', filter)).toBe(false);
    expect(passes(line('INFO', 'x'), {})).toBe(true);
  });
});

describe('isFiltering and describeFilter', () => {
  it('tell whether a filter keeps only some lines, and which', () => {
    expect(isFiltering({})).toBe(false);
    expect(isFiltering({ logger: '  ' })).toBe(false);
    expect(describeFilter({ minLevel: 'WARN' })).toBe('level WARN and up');
    expect(describeFilter({ minLevel: 'TRACE', logger: ' ksml ' })).toBe(
      'level TRACE, logger containing "ksml"',
    );
    expect(isFiltering({ logger: 'ksml' })).toBe(true);
  });
});
