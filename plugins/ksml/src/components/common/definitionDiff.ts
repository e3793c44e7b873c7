/** One line of a line diff: kept, added or removed, with its number in either text. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
  /** 1-based line number in the text before; absent for an added line. */
  beforeLine?: number;
  /** 1-based line number in the text after; absent for a removed line. */
  afterLine?: number;
}

/** A run of changed lines with some unchanged lines around them, as `diff -u` shows it. */
export interface DiffHunk {
  lines: DiffLine[];
}

/** How one file differs: added, removed, or changed, with its diff and counts. */
export interface FileChange {
  name: string;
  status: 'added' | 'removed' | 'changed';
  lines: DiffLine[];
  added: number;
  removed: number;
}

/**
 * The most cells of the longest-common-subsequence table the diff fills (4 M: 16 MB). Past it
 * (two large texts differing throughout), the differing middle is shown as removed and added
 * whole: still correct, only less fine-grained, and the browser tab does not stall.
 */
export const MAX_DIFF_CELLS = 4_000_000;

/**
 * A text's lines. A final newline ends the last line rather than starting an empty one, so
 * a file with and one without it compare alike (YAML reads both the same).
 */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The line diff of two texts: every line of both, in order, as kept, removed or added, with
 * the fewest added and removed lines (a longest common subsequence). Where a line is replaced,
 * the removed one comes first. Lines both texts start or end with are matched first, so an
 * edit of a few lines costs little however long the file.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const result: DiffLine[] = [];
  const same = (i: number, j: number) =>
    result.push({
      kind: 'same',
      text: a[i],
      beforeLine: i + 1,
      afterLine: j + 1,
    });
  const removed = (i: number) =>
    result.push({ kind: 'removed', text: a[i], beforeLine: i + 1 });
  const added = (j: number) =>
    result.push({ kind: 'added', text: b[j], afterLine: j + 1 });

  for (let k = 0; k < start; k++) same(k, k);
  middleDiff(a, b, start, endA, start, endB, { same, removed, added });
  for (let k = 0; endA + k < a.length; k++) same(endA + k, endB + k);
  return result;
}

interface DiffSink {
  same(i: number, j: number): void;
  removed(i: number): void;
  added(j: number): void;
}

/** Diffs `a[fromA, toA)` against `b[fromB, toB)` through a table of common-suffix lengths. */
function middleDiff(
  a: string[],
  b: string[],
  fromA: number,
  toA: number,
  fromB: number,
  toB: number,
  sink: DiffSink,
): void {
  const n = toA - fromA;
  const m = toB - fromB;
  if ((n + 1) * (m + 1) > MAX_DIFF_CELLS) {
    for (let i = fromA; i < toA; i++) sink.removed(i);
    for (let j = fromB; j < toB; j++) sink.added(j);
    return;
  }
  // lcs[i * width + j]: the longest common subsequence of a[fromA + i..] and b[fromB + j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[fromA + i] === b[fromB + j]
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[fromA + i] === b[fromB + j]) {
      sink.same(fromA + i++, fromB + j++);
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      sink.removed(fromA + i++);
    } else {
      sink.added(fromB + j++);
    }
  }
  for (; i < n; i++) sink.removed(fromA + i);
  for (; j < m; j++) sink.added(fromB + j);
}

/**
 * The changed lines of a diff with up to `context` unchanged lines before and after each; runs
 * closer together than twice that are one hunk. No hunk when nothing changed.
 */
export function hunksOf(lines: DiffLine[], context = 3): DiffHunk[] {
  const changed = lines
    .map((line, index) => (line.kind === 'same' ? -1 : index))
    .filter(index => index >= 0);
  const hunks: DiffHunk[] = [];
  let from = -1;
  let to = -1;
  const close = () => {
    if (from >= 0) hunks.push({ lines: lines.slice(from, to + 1) });
  };
  for (const index of changed) {
    const start = Math.max(0, index - context);
    if (from >= 0 && start <= to + 1) {
      to = Math.min(lines.length - 1, index + context);
      continue;
    }
    close();
    from = start;
    to = Math.min(lines.length - 1, index + context);
  }
  close();
  return hunks;
}

/**
 * How two sets of files (name → text) differ: each file added, removed or changed, by name;
 * files with the same lines are left out. An empty list means no changes.
 */
export function fileChanges(
  before: Record<string, string>,
  after: Record<string, string>,
): FileChange[] {
  const names = [
    ...new Set([...Object.keys(before), ...Object.keys(after)]),
  ].sort((x, y) => x.localeCompare(y));
  const changes: FileChange[] = [];
  for (const name of names) {
    const inBefore = Object.prototype.hasOwnProperty.call(before, name);
    const inAfter = Object.prototype.hasOwnProperty.call(after, name);
    const lines = diffLines(
      inBefore ? before[name] : '',
      inAfter ? after[name] : '',
    );
    const added = lines.filter(line => line.kind === 'added').length;
    const removed = lines.filter(line => line.kind === 'removed').length;
    if (inBefore && inAfter && added === 0 && removed === 0) continue;
    let status: FileChange['status'] = 'changed';
    if (!inBefore) status = 'added';
    else if (!inAfter) status = 'removed';
    changes.push({ name, status, lines, added, removed });
  }
  return changes;
}
