import type { DefinitionProblem } from './definition';
import { formatPath, Path } from './definitionReferences';
import { walkMappings } from './definitionWalk';
import { durationMillis } from './definitionTypes';

// Rules of state stores that KSML's runner (or Kafka Streams under it) checks before it starts.
//
// A join of two streams keeps each side in a window store, and KSML's runner checks those
// stores against the join's window before it starts (StoreUtil.validatedWindowStore, after Kafka
// Streams' own assertWindowSettings): duplicates retained, a window of twice the time difference,
// and a retention of that window plus the grace; and the two stores need names of their own. A
// store that breaks one stops the runner. So does a grace period in a join with a table that is
// not versioned. A versioned key-value store needs a positive segmentInterval (Kafka Streams:
// "segmentInterval cannot be zero or negative"; KSML's default is 0).

const STREAM_JOINS = new Set(['join', 'leftJoin', 'outerJoin']);
const SIDES = ['thisStore', 'otherStore'];

/**
 * Every store the runner would refuse (of a stream-stream join, a versioned one) and every grace
 * period it would refuse in a table join, with its path and line.
 */
export function storeRuleProblems(
  definition: Record<string, unknown>,
  lineAt: (path: Path) => number | undefined,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  walkMappings(definition, (step, path) => {
    if (STREAM_JOINS.has(String(step.type)) && 'stream' in step) {
      problems.push(...joinStoreProblems(step, path, lineAt));
    }
    if (
      step.versioned === true &&
      (durationMillis(step.segmentInterval) ?? 0n) <= 0n
    ) {
      const here = [...path, 'segmentInterval'];
      problems.push({
        path: formatPath(here),
        line: lineAt(here) ?? lineAt(path),
        message:
          'must be a positive duration in a versioned store: the runner refuses a versioned store without one',
      });
    }
    const graceProblem = tableGraceProblem(definition, step);
    if (graceProblem) {
      const here = [...path, 'grace'];
      problems.push({
        path: formatPath(here),
        line: lineAt(here),
        message: graceProblem,
      });
    }
  });
  return problems;
}

function joinStoreProblems(
  step: Record<string, unknown>,
  path: Path,
  lineAt: (path: Path) => number | undefined,
): DefinitionProblem[] {
  const difference = durationMillis(step.timeDifference);
  if (difference === undefined) return [];
  const grace = durationMillis(step.grace) ?? 0n;
  const window = 2n * difference;
  const problems: DefinitionProblem[] = [];
  for (const side of SIDES) {
    const store = step[side];
    if (!isObject(store)) continue;
    const { retainDuplicates, windowSize, retention } = store;
    const at = (key: string) => {
      const here = [...path, side, key];
      return {
        path: formatPath(here),
        line: lineAt(here) ?? lineAt([...path, side]),
      };
    };
    if (retainDuplicates !== true) {
      problems.push({
        ...at('retainDuplicates'),
        message:
          'must be true: a window store of a stream join keeps duplicates',
      });
    }
    const size = durationMillis(windowSize);
    if (size !== undefined && size !== window) {
      problems.push({
        ...at('windowSize'),
        message: `must be twice the join's timeDifference (${window} ms), not ${size} ms`,
      });
    }
    const kept = durationMillis(retention);
    if (kept !== undefined && kept !== window + grace) {
      problems.push({
        ...at('retention'),
        message: `must be twice the join's timeDifference plus its grace (${
          window + grace
        } ms), not ${kept} ms`,
      });
    }
  }
  const [mine, theirs] = SIDES.map(side => step[side]);
  if (isObject(mine) && isObject(theirs) && mine.name === theirs.name) {
    // Unnamed, both are named after the step: Kafka Streams refuses two stores of one name.
    const here = [...path, 'otherStore'];
    problems.push({
      path: formatPath([...here, 'name']),
      line: lineAt(here),
      message:
        mine.name === undefined
          ? "is required when thisStore is given too: unnamed, both stores take the step's name, and the runner refuses two stores of one name"
          : `must differ from thisStore's name "${String(
              mine.name,
            )}": the runner refuses two stores of one name`,
    });
  }
  return problems;
}

/**
 * A stream-table join with a grace period needs a versioned table (Kafka Streams: "KTable must
 * be versioned to use a grace period in a stream table join"): one of the `tables` whose store
 * is `versioned: true`. Tables made elsewhere (a pipeline's `as`) are left alone.
 */
function tableGraceProblem(
  definition: Record<string, unknown>,
  step: Record<string, unknown>,
): string | undefined {
  if (!STREAM_JOINS.has(String(step.type)) || step.grace === undefined) {
    return undefined;
  }
  const tables = definition.tables;
  if (typeof step.table !== 'string' || !isObject(tables)) return undefined;
  const table = tables[step.table];
  if (!isObject(table)) return undefined;
  const store = table.store;
  if (isObject(store) && store.versioned === true) return undefined;
  return `needs the table "${step.table}" to be versioned (its store's versioned: true): the runner refuses a grace period in a join with an unversioned table`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
