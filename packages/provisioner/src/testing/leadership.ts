import { get } from 'node:http';

/** One answer of a provisioner's `/healthz` about its own leadership, or its silence. */
export interface LeadershipSample {
  /** The process asked (a name of the test's). */
  who: string;
  /** When the question was sent and the answer came (or the wait ended), `Date.now()`. */
  sentAt: number;
  answeredAt: number;
  /** Its answer; undefined when it did not answer in time (paused, or gone). */
  leading?: boolean;
  /** Its current or last term, by its own clock (see `LeadershipState`). */
  term?: { number: number; since: string; validUntil: string };
}

/** The Lease as read at one moment. */
export interface LeaseSample {
  at: number;
  holder?: string;
  transitions?: number;
}

/** Everything sampled while a {@link recordLeadership} ran. */
export interface LeadershipRecording {
  samples: LeadershipSample[];
  lease: LeaseSample[];
}

/** A process whose leadership is sampled: its `/healthz` at `url` (plain HTTP). */
export interface SampledProcess {
  name: string;
  url: string;
}

/**
 * Asks every process for its view of its leadership (`GET /healthz`, in operator mode) and
 * reads the Lease, every `periodMs`, until stopped. A process that does not answer within
 * `timeoutMs` (frozen, killed) is recorded as silent; a process is never asked twice at once.
 */
export function recordLeadership(options: {
  processes: () => SampledProcess[];
  readLease: () => Promise<Omit<LeaseSample, 'at'>>;
  periodMs?: number;
  timeoutMs?: number;
}): { stop(): Promise<LeadershipRecording> } {
  const recording: LeadershipRecording = { samples: [], lease: [] };
  const busy = new Map<string, Promise<void>>();
  const timeoutMs = options.timeoutMs ?? 1000;
  const once = (key: string, work: () => Promise<void>) => {
    if (busy.has(key)) return;
    busy.set(
      key,
      work()
        .catch(() => undefined)
        .finally(() => busy.delete(key)),
    );
  };
  const tick = () => {
    for (const process of options.processes()) {
      once(`process:${process.name}`, async () => {
        const sentAt = Date.now();
        const body = await healthz(process.url, timeoutMs).catch(
          () => undefined,
        );
        recording.samples.push({
          who: process.name,
          sentAt,
          answeredAt: Date.now(),
          leading: body?.operator?.leading,
          term: body?.operator?.term,
        });
      });
    }
    once('lease', async () => {
      const lease = await options.readLease();
      recording.lease.push({ at: Date.now(), ...lease });
    });
  };
  tick();
  const timer = setInterval(tick, options.periodMs ?? 150);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(busy.values());
      return recording;
    },
  };
}

function healthz(url: string, timeoutMs: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}/healthz`, { timeout: timeoutMs }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (text += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer')));
    request.on('error', reject);
  });
}

interface Interval {
  who: string;
  what: string;
  from: number;
  to: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Where a recording contradicts "at most one leader at any time"; empty when it holds:
 *
 * - **beliefs**: each process's runs of answers saying it leads (silences neither end nor
 *   extend a run, so a process that answers "leading" before and after a pause counts as
 *   leading throughout), from the first question to the last answer, must not overlap
 *   another's;
 * - **terms**: each term a process reported, from its start to the last validity it reported
 *   (by the wall clock, which the processes of one machine share), must not overlap another
 *   process's;
 * - **the Lease**: once another process holds it, an earlier holder never holds it again, and
 *   its transition count never goes down.
 */
export function leadershipViolations(recording: LeadershipRecording): string[] {
  const beliefs = beliefRuns(recording.samples);
  const terms = termWindows(recording.samples);
  return [
    ...overlaps(beliefs),
    ...overlaps(terms),
    ...leaseFlips(recording.lease),
  ];
}

/** The Lease's holders in turn (a free Lease in between not counted). */
export function leaseHolders(lease: LeaseSample[]): string[] {
  const holders: string[] = [];
  for (const { holder } of lease) {
    if (holder && holders[holders.length - 1] !== holder) holders.push(holder);
  }
  return holders;
}

function beliefRuns(samples: LeadershipSample[]): Interval[] {
  const runs: Interval[] = [];
  const open = new Map<string, Interval>();
  const ordered = [...samples]
    .filter(s => s.leading !== undefined)
    .sort((a, b) => a.sentAt - b.sentAt);
  for (const sample of ordered) {
    const run = open.get(sample.who);
    if (!sample.leading) {
      open.delete(sample.who);
    } else if (run) {
      run.to = Math.max(run.to, sample.answeredAt);
    } else {
      const started: Interval = {
        who: sample.who,
        what: 'said it leads',
        from: sample.sentAt,
        to: sample.answeredAt,
      };
      runs.push(started);
      open.set(sample.who, started);
    }
  }
  return runs;
}

function termWindows(samples: LeadershipSample[]): Interval[] {
  const windows = new Map<string, Interval>();
  for (const sample of [...samples].sort((a, b) => a.sentAt - b.sentAt)) {
    if (!sample.term) continue;
    const key = `${sample.who}#${sample.term.number}`;
    // The last report counts: a term that ended reports its end.
    windows.set(key, {
      who: sample.who,
      what: `term ${sample.term.number}`,
      from: Date.parse(sample.term.since),
      to: Date.parse(sample.term.validUntil),
    });
  }
  return [...windows.values()];
}

function overlaps(intervals: Interval[]): string[] {
  const found: string[] = [];
  intervals.forEach((a, i) =>
    intervals.slice(i + 1).forEach(b => {
      if (a.who !== b.who && a.from < b.to && b.from < a.to) {
        found.push(
          `${a.who} ${a.what} ${iso(a.from)}..${iso(a.to)} overlaps ${b.who} ${
            b.what
          } ${iso(b.from)}..${iso(b.to)}`,
        );
      }
    }),
  );
  return found;
}

function leaseFlips(lease: LeaseSample[]): string[] {
  const found: string[] = [];
  const holders = leaseHolders(lease);
  holders.forEach((holder, i) => {
    if (holders.indexOf(holder) < i) {
      found.push(
        `the Lease went back to ${holder}: ${holders
          .slice(0, i + 1)
          .join(' → ')}`,
      );
    }
  });
  let transitions = -Infinity;
  for (const sample of lease) {
    if (sample.transitions === undefined) continue;
    if (sample.transitions < transitions) {
      found.push(
        `leaseTransitions went down from ${transitions} to ${
          sample.transitions
        } at ${iso(sample.at)}`,
      );
    }
    transitions = Math.max(transitions, sample.transitions);
  }
  return found;
}
