import type { DefinitionProblem } from './definition';
import {
  globalCodeLoadProblem,
  PythonSnippetKind,
  pythonSnippetText,
  pythonSyntaxProblem,
} from './definitionPython';
import { formatPath, Path } from './definitionReferences';
import { walkMappings } from './definitionWalk';
import {
  durationProblem,
  isDurationField,
  isTypeField,
  typeValueProblem,
} from './definitionTypes';

// Values the runner parses before it starts anything, and refuses when it cannot: data types
// (`valueType: avro:SensorData`, `resultType: (string, json)`) and durations (`grace: 5m`),
// where KSML's spec says such a value goes (definitionTypes.ts), and the Python of functions
// (`code`, `expression`, `globalCode`), which GraalPy compiles at start-up (definitionPython.ts).

const PYTHON_FIELDS: readonly string[] = ['code', 'expression', 'globalCode'];

/** Why the runner would not load a function's Python field, or undefined. */
function pythonProblem(kind: PythonSnippetKind, value: unknown) {
  const snippet = pythonSnippetText(value);
  if (snippet === undefined) return undefined;
  const problem =
    pythonSyntaxProblem(snippet, kind) ??
    (kind === 'globalCode' ? globalCodeLoadProblem(snippet) : undefined);
  return problem?.message;
}

/**
 * Every data type, duration and Python snippet in a definition (its data, as the YAML parser
 * gives it) that the runner would refuse, with the path and (through `lineAt`) the line.
 */
export function valueProblems(
  definition: Record<string, unknown>,
  lineAt: (path: Path) => number | undefined,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  walkMappings(definition, (mapping, path) => {
    const judged = new Set<string>();
    for (const [key, value] of Object.entries(mapping)) {
      const here = [...path, key];
      let problem: string | undefined;
      if (PYTHON_FIELDS.includes(key)) {
        problem = pythonProblem(key as PythonSnippetKind, value);
      } else if (isTypeField(here)) {
        problem = typeValueProblem(value);
      } else if (isDurationField(here)) {
        problem = durationProblem(value);
      }
      if (problem) {
        problems.push({
          path: formatPath(here),
          message: problem,
          line: lineAt(here),
        });
        judged.add(key);
      }
    }
    return judged;
  });
  return problems;
}
