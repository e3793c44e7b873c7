import {
  LeadershipSample,
  leadershipViolations,
  leaseHolders,
} from './leadership';

const at = (s: number) => new Date(s * 1000).toISOString();
const said = (
  who: string,
  second: number,
  leading: boolean | undefined,
  term?: [number, number, number],
): LeadershipSample => ({
  who,
  sentAt: second * 1000,
  answeredAt: second * 1000 + 50,
  leading,
  ...(term
    ? { term: { number: term[0], since: at(term[1]), validUntil: at(term[2]) } }
    : {}),
});

describe('leadershipViolations', () => {
  it('accepts a handover: one leads, falls silent (frozen), says it does not lead; the other leads after', () => {
    const samples = [
      said('a', 1, true, [1, 0, 4]),
      said('a', 2, true, [1, 0, 5]),
      said('a', 3, undefined),
      said('b', 3, false),
      said('b', 9, true, [1, 8.5, 12]),
      said('a', 10, false, [1, 0, 5.3]),
    ];
    const lease = [
      { at: 1000, holder: 'a', transitions: 0 },
      { at: 8600, holder: 'b', transitions: 1 },
    ];
    expect(leadershipViolations({ samples, lease })).toEqual([]);
    expect(leaseHolders(lease)).toEqual(['a', 'b']);
  });

  it('finds a process that said it leads before and after a silence while another led', () => {
    const samples = [
      said('a', 1, true),
      said('a', 3, undefined),
      said('b', 9, true),
      said('a', 10, true),
    ];
    expect(leadershipViolations({ samples, lease: [] })).toEqual([
      expect.stringMatching(/^a said it leads .* overlaps b said it leads/),
    ]);
  });

  it('finds terms that overlap by the processes’ own clocks, and a Lease that goes back', () => {
    const samples = [
      said('a', 1, true, [1, 0, 9]),
      said('a', 10, false, [1, 0, 9]),
      said('b', 9, true, [1, 8, 12]),
    ];
    const lease = [
      { at: 1000, holder: 'a', transitions: 0 },
      { at: 2000, holder: undefined, transitions: 0 },
      { at: 3000, holder: 'b', transitions: 1 },
      { at: 4000, holder: 'a', transitions: 0 },
    ];
    expect(leadershipViolations({ samples, lease })).toEqual([
      expect.stringMatching(/^a term 1 .* overlaps b term 1/),
      'the Lease went back to a: a → b → a',
      expect.stringMatching(/^leaseTransitions went down from 1 to 0/),
    ]);
  });
});
