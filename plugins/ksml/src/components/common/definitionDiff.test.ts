import {
  diffLines,
  fileChanges,
  hunksOf,
  linesOf,
  MAX_DIFF_CELLS,
  type DiffLine,
} from './definitionDiff';

/** A diff as `diff -u` writes it: ` kept`, `-removed`, `+added`. */
const unified = (lines: DiffLine[]) =>
  lines.map(
    line => ({ same: ' ', removed: '-', added: '+' }[line.kind] + line.text),
  );

describe('linesOf', () => {
  it('splits at newlines; a final newline starts no empty line', () => {
    expect(linesOf('')).toEqual([]);
    expect(linesOf('a\nb\n')).toEqual(['a', 'b']);
    expect(linesOf('a\nb')).toEqual(['a', 'b']);
    expect(linesOf('a\n\n')).toEqual(['a', '']);
  });
});

describe('diffLines', () => {
  it('keeps equal texts as they are', () => {
    expect(unified(diffLines('a\nb\n', 'a\nb'))).toEqual([' a', ' b']);
  });

  it('shows a replaced line as removed, then added, with the lines around it kept', () => {
    const lines = diffLines('a\nb\nc\n', 'a\nB\nc\n');
    expect(unified(lines)).toEqual([' a', '-b', '+B', ' c']);
    expect(lines[1]).toEqual({ kind: 'removed', text: 'b', beforeLine: 2 });
    expect(lines[2]).toEqual({ kind: 'added', text: 'B', afterLine: 2 });
    expect(lines[3]).toEqual({
      kind: 'same',
      text: 'c',
      beforeLine: 3,
      afterLine: 3,
    });
  });

  it('finds the fewest changes: an insertion and a deletion far apart', () => {
    expect(unified(diffLines('a\nb\nc\nd\ne\n', 'a\nx\nb\nc\ne\n'))).toEqual([
      ' a',
      '+x',
      ' b',
      ' c',
      '-d',
      ' e',
    ]);
  });

  it('diffs against nothing: every line added, or every line removed', () => {
    expect(unified(diffLines('', 'a\nb'))).toEqual(['+a', '+b']);
    expect(unified(diffLines('a\nb', ''))).toEqual(['-a', '-b']);
  });

  it('matches repeated lines in order', () => {
    expect(unified(diffLines('x\ny\nx\n', 'x\nx\n'))).toEqual([
      ' x',
      '-y',
      ' x',
    ]);
  });

  it('shows two large texts that differ throughout as removed and added whole', () => {
    const size = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 1;
    const before = Array.from({ length: size }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: size }, (_, i) => `b${i}`).join('\n');
    const lines = diffLines(before, after);
    expect(lines).toHaveLength(2 * size);
    expect(lines.slice(0, size).every(l => l.kind === 'removed')).toBe(true);
    expect(lines.slice(size).every(l => l.kind === 'added')).toBe(true);
  });

  it('diffs an edit of a long file quickly: its common start and end cost little', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);
    const edited = [...lines];
    edited[25_000] = 'changed';
    const started = Date.now();
    const diff = diffLines(lines.join('\n'), edited.join('\n'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(diff.filter(l => l.kind !== 'same').map(l => l.text)).toEqual([
      'line 25000',
      'changed',
    ]);
  });
});

describe('hunksOf', () => {
  const text = (n: number) =>
    Array.from({ length: n }, (_, i) => `l${i + 1}`).join('\n');

  it('has no hunk when nothing changed', () => {
    expect(hunksOf(diffLines('a\nb', 'a\nb'))).toEqual([]);
  });

  it('shows each change with up to three lines around it', () => {
    const edited = text(20).replace('l10', 'L10');
    const [hunk, ...rest] = hunksOf(diffLines(text(20), edited));
    expect(rest).toEqual([]);
    expect(unified(hunk.lines)).toEqual([
      ' l7',
      ' l8',
      ' l9',
      '-l10',
      '+L10',
      ' l11',
      ' l12',
      ' l13',
    ]);
  });

  it('joins changes close together, and keeps changes far apart in hunks of their own', () => {
    const near = text(20).replace('l5', 'L5').replace('l10', 'L10');
    expect(hunksOf(diffLines(text(20), near))).toHaveLength(1);
    const far = text(30).replace('l2', 'L2').replace('l25', 'L25');
    const hunks = hunksOf(diffLines(text(30), far));
    expect(hunks).toHaveLength(2);
    expect(unified(hunks[0].lines)[0]).toBe(' l1');
    expect(unified(hunks[1].lines).at(-1)).toBe(' l28');
  });
});

describe('fileChanges', () => {
  it('is empty when the files are the same', () => {
    expect(fileChanges({ a: 'x\n' }, { a: 'x' })).toEqual([]);
    expect(fileChanges({}, {})).toEqual([]);
  });

  it('names each added, removed and changed file, by name, with its counts', () => {
    const changes = fileChanges(
      { main: 'a\nb\n', gone: 'old\n', same: 's\n' },
      { main: 'a\nc\nd\n', extra: 'new\n', same: 's\n' },
    );
    expect(
      changes.map(({ name, status, added, removed }) => ({
        name,
        status,
        added,
        removed,
      })),
    ).toEqual([
      { name: 'extra', status: 'added', added: 1, removed: 0 },
      { name: 'gone', status: 'removed', added: 0, removed: 1 },
      { name: 'main', status: 'changed', added: 2, removed: 1 },
    ]);
  });

  it('reads only the files’ own names, not inherited ones', () => {
    expect(fileChanges({}, { toString: 'x' })[0].status).toBe('added');
  });
});
