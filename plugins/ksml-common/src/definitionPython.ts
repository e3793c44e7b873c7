import { parser } from '@lezer/python';
import { walkMappings } from './definitionWalk';
import { javaTrim } from './javaText';

/**
 * The Python syntax check of a KSML definition's function snippets (`code`, `expression`,
 * `globalCode`), so a definition the KSML 1.3.0 runner would refuse to start with (GraalPy,
 * Python 3.11 syntax) is refused before it is deployed.
 *
 * KSML does not compile a snippet on its own: it pastes it into a generated module
 * (`io.axual.ksml.python.PythonFunction#generatePythonCode`). This module builds the same text
 * around the snippet, so an indentation the snippet gets from its surroundings, a bracket it
 * leaves open into the next generated line or a block header it ends with are judged as GraalPy
 * judges them:
 *
 * - a snippet is split into lines on `\r?\n` (Java's `String.split`, so trailing empty lines go;
 *   `FunctionDefinition#multiline`);
 * - `code` lines get two spaces in front and form the body of `def <name>(<params>):`, after
 *   `global stores` and the logger lines, and before `  return` (`getFunctionCode(code, "  ")`);
 * - `expression` lines get four spaces in front and the first one follows `  return ` — so
 *   `return     <line 1>`, then `    <line 2>`…: a multi-line expression is only Python when its
 *   line breaks are inside brackets (or after a `\`). KSML only writes the expression when the
 *   function has a result type (not for `forEach`/`peek` actions nor for a `functions` entry
 *   without `resultType`); this check judges every expression as if it were written;
 * - `globalCode` lines go unindented at module level, without the blank (whitespace-only) lines,
 *   and after every `def <name>(…):` line whose body follows on a deeper line KSML inserts the
 *   logger lines at that body line's indentation (`injectFunctionLocalVariables`).
 *
 * The generated text is parsed with Lezer's Python grammar (`@lezer/python`), plus an
 * indentation check of its own, since Lezer accepts an unexpected indent or an unindent to no
 * outer level, and a check for a one-quote string left open at its line's end, which Lezer also
 * accepts. Lezer's grammar does not know every Python 3.11 construct: a logical line with one it
 * wrongly refuses (see {@link LEZER_GAPS}) is replaced by a neutral stand-in (`pass`, or a block
 * header such as `if 1:`) before parsing, so such a line is never refused, and an error in it is
 * missed rather than a valid snippet refused. The check knows syntax only: what Python's compiler
 * refuses after parsing (`return` outside a function, a duplicate parameter, assigning to a call,
 * a positional argument after a keyword one, `nonlocal` without a binding…) is not found here.
 */

/** Which field of a KSML function a snippet is. */
export type PythonSnippetKind = 'code' | 'expression' | 'globalCode';

/** A Python syntax error in a snippet: a short message and the 1-based line in the snippet. */
export interface PythonSyntaxProblem {
  message: string;
  line: number;
}

/** A Python snippet in a KSML definition, with where it is. */
export interface PythonSnippet {
  /** Dotted path of the snippet, e.g. `functions.my_fn.code` or `pipelines.p.via.0.mapper.expression`. */
  path: string;
  kind: PythonSnippetKind;
  /** The snippet as KSML reads it (see {@link pythonSnippetText}). */
  code: string;
}

const KINDS: readonly PythonSnippetKind[] = [
  'code',
  'expression',
  'globalCode',
];

/**
 * The Python syntax error KSML 1.3.0's runner would hit when it compiles the snippet, or
 * undefined when there is none (or none this check can see). The snippet is wrapped as
 * `PythonFunction#generatePythonCode` wraps it before GraalPy compiles it; the line is the
 * snippet's own (1-based), e.g. `Python syntax error at line 2 of code`.
 *
 * False refusals are avoided before missed errors: a line using a Python construct that Lezer's
 * grammar does not know is not judged, and only syntax is checked.
 */
export function pythonSyntaxProblem(
  snippet: string,
  kind: PythonSnippetKind,
): PythonSyntaxProblem | undefined {
  const snippetLines = javaSplitLines(snippet);
  const module = wrapSnippet(snippetLines, kind);
  const found = findProblem(module.text);
  if (!found) return undefined;
  const line = snippetLineOf(module.origins, found.line);
  return {
    message: `Python syntax error at line ${line} of ${kind}${
      found.what ? ` (${found.what})` : ''
    }`,
    line,
  };
}

/**
 * The text KSML makes of a YAML value of a `code`, `expression` or `globalCode` field
 * (`StringValueParser` with `DefinitionParser.CODE_STRING_PARSER`): a string as it is, a
 * boolean as `True`/`False`, a number as its digits, and a list (square brackets someone meant as
 * Python) as `[a,b]` from its string items. Undefined when KSML reads no snippet (null, a
 * mapping) or when this helper cannot say exactly what KSML makes of it (a list with other than
 * string items).
 */
export function pythonSnippetText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every(item => typeof item === 'string')) {
    return `[${value.join(',')}]`;
  }
  return undefined;
}

/**
 * Every Python snippet of a definition (its top-level mapping as plain data): the `code`,
 * `expression` and `globalCode` fields of every mapping that has them — the `functions`
 * entries and the inline functions of pipelines and producers alike — in document order, with
 * their dotted path.
 */
export function pythonSnippets(definition: unknown): PythonSnippet[] {
  const found: PythonSnippet[] = [];
  walkMappings(definition, (mapping, path) => {
    const taken = new Set<string>();
    for (const [key, value] of Object.entries(mapping)) {
      const kind = KINDS.find(candidate => candidate === key);
      const code = kind ? pythonSnippetText(value) : undefined;
      if (kind && code !== undefined) {
        found.push({ path: [...path, key].join('.'), kind, code });
        taken.add(key);
      }
    }
    return taken;
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// The generated module (PythonFunction#generatePythonCode)

/** Generated module text and, per line, the 1-based snippet line it holds (undefined: KSML's). */
interface WrappedSnippet {
  text: string;
  origins: Array<number | undefined>;
}

/** KSML's lines before the function body's own code (includeGlobals, initFunctionLocalVariables). */
const FUNCTION_HEAD = [
  'def ksml_function():',
  '  global stores',
  ...loggerLines(2).slice(0, -1),
];

/** What follows the function: the caller KSML exports. */
const MODULE_TAIL = [
  '',
  '# caller definition goes here (third argument)',
  '@polyglot.export_value',
  'def ksml_function_caller(globalVars):',
  '  global stores',
  '  stores = globalVars["stores"]',
  '  return ksml_function()',
  '',
];

const MODULE_HEAD = [
  'import polyglot',
  '',
  'stores = None',
  '',
  '# global Python code goes here (first argument)',
];

function wrapSnippet(lines: string[], kind: PythonSnippetKind): WrappedSnippet {
  const text: string[] = [];
  const origins: Array<number | undefined> = [];
  const add = (line: string, origin?: number) => {
    // A generated piece may hold several lines (the logger lines end with a line break).
    for (const part of line.split('\n')) {
      text.push(part);
      origins.push(origin);
    }
  };
  MODULE_HEAD.forEach(line => add(line));
  if (kind === 'globalCode') {
    injectFunctionLocalVariables(lines).forEach(({ line, origin }) =>
      add(line, origin),
    );
  }
  add('');
  add('');
  add('# function definition and expression go here (second argument)');
  FUNCTION_HEAD.forEach(line => add(line));
  if (kind === 'code')
    lines.forEach((line, index) => add(`  ${line}`, index + 1));
  if (kind === 'expression') {
    if (lines.length === 0) add('  return ');
    lines.forEach((line, index) =>
      add(index === 0 ? `  return     ${line}` : `    ${line}`, index + 1),
    );
  } else {
    add('  return');
  }
  add('');
  MODULE_TAIL.forEach(line => add(line));
  return { text: text.join('\n'), origins };
}

/**
 * `PythonFunction#injectFunctionLocalVariables`: the global code without its blank lines, and the
 * logger lines after a `def name(…):` line when the next line is deeper. Java's `trim` and
 * `stripIndent` are mirrored: the "indentation" KSML uses counts trailing blanks too.
 */
function injectFunctionLocalVariables(
  lines: string[],
): Array<{ line: string; origin?: number }> {
  const result: Array<{ line: string; origin?: number }> = [];
  let injectCode = false;
  let defIndent = 0;
  lines.forEach((line, index) => {
    const trimmed = javaTrim(line);
    if (trimmed.length === 0) return;
    const lineIndent = line.length - javaStrip(line).length;
    if (injectCode && lineIndent > defIndent) {
      result.push({ line: loggerLines(lineIndent).join('\n') });
    }
    result.push({ line, origin: index + 1 });
    injectCode = false;
    if (trimmed.startsWith('def ') && trimmed.endsWith(':')) {
      // Java: line.trim().substring(4, line.length() - 1), which throws when the line has two or
      // more blanks around it (see globalCodeLoadProblem); with one, it keeps the colon.
      const end = line.length - 1;
      if (end <= trimmed.length) {
        const functionDef = javaTrim(trimmed.substring(4, end));
        if (functionDef.includes('(') && functionDef.endsWith(')')) {
          injectCode = true;
          defIndent = lineIndent;
        }
      }
    }
  });
  return result;
}

/**
 * A `globalCode` KSML 1.3.0 cannot load for a reason other than Python syntax, or undefined.
 * `injectFunctionLocalVariables` cuts a `def …:` line with `line.trim().substring(4,
 * line.length() - 1)`, which throws a StringIndexOutOfBoundsException (and the runner does not
 * start) when the line has two or more blank characters around it — an indented `def`, such as
 * a method of a class, or trailing blanks.
 */
export function globalCodeLoadProblem(
  snippet: string,
): PythonSyntaxProblem | undefined {
  const lines = javaSplitLines(snippet);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const trimmed = javaTrim(line);
    if (
      trimmed.startsWith('def ') &&
      trimmed.endsWith(':') &&
      line.length - 1 > trimmed.length
    ) {
      return {
        message: `KSML 1.3.0 cannot load a globalCode with an indented (or blank-trailed) def line: line ${
          index + 1
        }`,
        line: index + 1,
      };
    }
  }
  return undefined;
}

/** `initFunctionLocalVariables`: the logger lines KSML writes at an indentation. */
function loggerLines(indentCount: number): string[] {
  const indent = ' '.repeat(indentCount);
  return [
    `${indent}global loggerBridge`,
    `${indent}log = None`,
    `${indent}if loggerBridge is not None:`,
    `${indent}  log = loggerBridge.getLogger("namespace.function.name")`,
    `${indent}global metrics`,
    '',
  ];
}

/** Java's `s.split("\\r?\\n")`: trailing empty strings removed; "" is [""]. */
function javaSplitLines(text: string): string[] {
  if (text === '') return [''];
  const parts = text.split(/\r?\n/);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Java's `Character.isWhitespace` (what a one-line `stripIndent` strips). */
function isJavaWhitespace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x2006) ||
    (code >= 0x2008 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** A one-line `String.stripIndent`: whitespace off both ends. */
function javaStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJavaWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isJavaWhitespace(text.charCodeAt(end - 1))) end--;
  return text.substring(start, end);
}

/** The snippet line of a generated line: its own, else the last snippet line before it. */
function snippetLineOf(
  origins: Array<number | undefined>,
  moduleLine: number,
): number {
  for (
    let index = Math.min(moduleLine, origins.length) - 1;
    index >= 0;
    index--
  ) {
    const origin = origins[index];
    if (origin !== undefined) return origin;
  }
  return 1;
}

// ---------------------------------------------------------------------------------------------
// The check: logical lines, indentation, Lezer

/** A logical line of Python source (one statement or block header, with its continuations). */
interface LogicalLine {
  /** Offset of its first character after the indentation. */
  start: number;
  /** Offset just past its last character (before the line break that ends it). */
  end: number;
  /** 1-based physical line it starts on. */
  line: number;
  /** Indentation column (tabs to the next multiple of 8, as Python's tokenizer). */
  indent: number;
  /** Its text with strings as `S…S`, comments and line breaks as blanks: for the gap patterns. */
  masked: string;
}

interface Found {
  /** What the error is, when more can be said than "syntax error". */
  what?: string;
  line: number;
}

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf']);

const INDENTATION = /[ \t\f]*/y;

/**
 * Python's source split into logical lines, with a tokenizer error if any: a string left open, or
 * a bracket never closed (the generated text around a snippet closes all of its own).
 */
function logicalLines(source: string): {
  lines: LogicalLine[];
  danglingJoins: number[];
  problem?: Found;
} {
  const lines: LogicalLine[] = [];
  /** Offsets of `\` joining a blank or comment-only line. */
  const danglingJoins: number[] = [];
  const lineAt = (offset: number) => countLineBreaks(source, offset) + 1;
  const failed = (what: string, offset: number) => ({
    lines,
    danglingJoins,
    problem: { what, line: lineAt(offset) },
  });
  const unterminated = (triple: boolean, offset: number) =>
    failed(
      triple ? 'unterminated triple-quoted string' : 'unterminated string',
      offset,
    );
  let pos = 0;
  while (pos < source.length) {
    // Indentation of a physical line that starts a logical line.
    INDENTATION.lastIndex = pos;
    const indentation = INDENTATION.exec(source)?.[0] ?? '';
    const indent = column(indentation);
    pos += indentation.length;
    const first = source[pos];
    if (first === undefined) break;
    if (first === '\n' || first === '\r' || first === '#') {
      // A blank or comment-only line: no logical line.
      while (pos < source.length && source[pos] !== '\n') pos++;
      pos++;
      continue;
    }
    const start = pos;
    let masked = '';
    /** Offsets of the brackets open here. */
    const open: number[] = [];
    let end = -1;
    while (end < 0) {
      if (pos >= source.length) {
        if (open.length > 0) {
          return failed(`'${source[open[0]]}' was never closed`, open[0]);
        }
        end = pos;
        break;
      }
      const ch = source[pos];
      if (ch === '\n') {
        if (open.length > 0) {
          masked += ' ';
          pos++;
          continue;
        }
        end = pos;
        pos++;
        break;
      }
      if (ch === '#') {
        while (pos < source.length && source[pos] !== '\n') {
          masked += ' ';
          pos++;
        }
        continue;
      }
      if (
        ch === '\\' &&
        (source[pos + 1] === '\n' || source.startsWith('\r\n', pos + 1))
      ) {
        // An explicit line join. Joined to a blank or comment-only line it just ends the line
        // there, which Lezer refuses: such a `\` is given to Lezer as a blank.
        const skip = source[pos + 1] === '\n' ? 2 : 3;
        const nextBreak = source.indexOf('\n', pos + skip);
        const nextLine = source.substring(
          pos + skip,
          nextBreak < 0 ? source.length : nextBreak,
        );
        if (/^[ \t\f\r]*(#|$)/.test(nextLine)) danglingJoins.push(pos);
        masked += ' '.repeat(skip);
        pos += skip;
        continue;
      }
      if (ch === '"' || ch === "'") {
        const string = scanString(source, pos);
        if (string.open) return unterminated(string.triple, pos);
        masked += 'S'.repeat(string.end - pos);
        pos = string.end;
        continue;
      }
      if (/[\p{L}\p{N}_]/u.test(ch)) {
        let wordEnd = pos;
        while (
          wordEnd < source.length &&
          /[\p{L}\p{N}_]/u.test(source[wordEnd])
        ) {
          wordEnd++;
        }
        const word = source.substring(pos, wordEnd);
        const next = source[wordEnd];
        if (
          (next === '"' || next === "'") &&
          STRING_PREFIXES.has(word.toLowerCase())
        ) {
          const string = scanString(source, wordEnd);
          if (string.open) return unterminated(string.triple, pos);
          masked += 'S'.repeat(string.end - pos);
          pos = string.end;
          continue;
        }
        masked += word;
        pos = wordEnd;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') open.push(pos);
      if (ch === ')' || ch === ']' || ch === '}') open.pop();
      masked += ch === '\r' ? ' ' : ch;
      pos++;
    }
    lines.push({ start, end, line: lineAt(start), indent, masked });
  }
  return { lines, danglingJoins };
}

/** The column an indentation reaches in Python: tabs to the next multiple of 8, `\f` to 0. */
function column(indentation: string): number {
  let col = 0;
  for (const ch of indentation) {
    if (ch === ' ') col++;
    else if (ch === '\t') col = (Math.floor(col / 8) + 1) * 8;
    else if (ch === '\f') col = 0;
  }
  return col;
}

/** A string literal from its opening quote: where it ends, or that it is left open. */
function scanString(
  source: string,
  quoteAt: number,
): { end: number; open: boolean; triple: boolean } {
  const quote = source[quoteAt];
  const triple = source.startsWith(quote.repeat(3), quoteAt);
  let pos = quoteAt + (triple ? 3 : 1);
  while (pos < source.length) {
    const ch = source[pos];
    if (ch === '\\') {
      pos += source.startsWith('\r\n', pos + 1) ? 3 : 2;
      continue;
    }
    if (triple) {
      if (source.startsWith(quote.repeat(3), pos)) {
        return { end: pos + 3, open: false, triple };
      }
    } else {
      if (ch === quote) return { end: pos + 1, open: false, triple };
      if (ch === '\n' || ch === '\r') return { end: pos, open: true, triple };
    }
    pos++;
  }
  return { end: pos, open: true, triple };
}

function countLineBreaks(source: string, before: number): number {
  let count = 0;
  for (let index = 0; index < before && index < source.length; index++) {
    if (source[index] === '\n') count++;
  }
  return count;
}

/** Python's INDENT/DEDENT rules over logical lines (not TabError's tab-versus-space rule). */
function indentationProblem(
  lines: LogicalLine[],
  complete: boolean,
): Found | undefined {
  const stack = [0];
  let opensBlock = false;
  for (const line of lines) {
    const top = stack[stack.length - 1];
    if (line.indent > top) {
      if (!opensBlock) return { what: 'unexpected indent', line: line.line };
      stack.push(line.indent);
    } else {
      if (opensBlock) {
        return { what: 'expected an indented block', line: line.line };
      }
      while (line.indent < stack[stack.length - 1]) stack.pop();
      if (line.indent !== stack[stack.length - 1]) {
        return {
          what: 'unindent does not match any outer indentation level',
          line: line.line,
        };
      }
    }
    opensBlock = line.masked.trimEnd().endsWith(':');
  }
  return opensBlock && complete && lines.length > 0
    ? {
        what: 'expected an indented block',
        line: lines[lines.length - 1].line,
      }
    : undefined;
}

/**
 * Python 3.11 constructs Lezer's Python grammar (@lezer/python 1.1.19) wrongly refuses, each as
 * a test on a logical line's masked text. Such a line is not given to Lezer (see standIn).
 */
export const LEZER_GAPS: ReadonlyArray<{
  construct: string;
  test: RegExp | ((masked: string) => boolean);
}> = [
  // `@x[0]`, `@(lambda f: f)`, `@a or b`, `@a(b)(c)`: Lezer takes a dotted name and one call only.
  { construct: 'decorator (PEP 614 expression)', test: /^@/ },
  // `x = yield`, `(yield)`, a bare `yield` statement.
  { construct: 'bare yield', test: /\byield\s*(?=$|[)\]},;:=])/ },
  // `with (a as b, c as d):`, `with a as (b, c):`.
  {
    construct: 'parenthesized with items / with target',
    test: /^(?:async\s+)?with(?:\s*\(|\b.*\bas\s*[([])/,
  },
  // `a[*b]`, `a[1, *b]` (PEP 646).
  { construct: 'starred subscript', test: masked => starredSubscript(masked) },
  // `for x in *a, *b:`.
  {
    construct: 'starred for iterable',
    test: /^(?:async\s+)?for\b.*\bin\b(?:.*,)?\s*\*(?!\*)/,
  },
  // `def f(*args: *Ts)` (PEP 646).
  { construct: 'starred annotation', test: /:\s*\*(?!\*)/ },
  // `lambda a, /: a`.
  { construct: 'positional-only lambda parameter', test: /\blambda\b[^:]*\//u },
  // `5.`, `5. + 1`: a float with nothing after its point.
  {
    construct: 'float ending in a point',
    test: /(?<![\p{L}\p{N}_.])\d[\d_]*\.(?![\p{L}\p{N}_.])/u,
  },
];

/** Whether a `*` item starts an entry of a subscript (`[` right after a name, call, string, …). */
function starredSubscript(masked: string): boolean {
  const brackets: boolean[] = [];
  let previous = '';
  for (let index = 0; index < masked.length; index++) {
    const ch = masked[index];
    if (ch === ' ' || ch === '\t') continue;
    if (ch === '(' || ch === '{') brackets.push(false);
    else if (ch === '[') brackets.push(/[\p{L}\p{N}_)\]]/u.test(previous));
    else if (ch === ')' || ch === ']' || ch === '}') brackets.pop();
    else if (
      ch === '*' &&
      masked[index + 1] !== '*' &&
      previous !== '*' &&
      (previous === '[' || previous === ',') &&
      brackets[brackets.length - 1]
    ) {
      return true;
    }
    previous = ch;
  }
  return false;
}

const COMPOUND_STAND_INS: Record<string, string> = {
  if: 'if 1:',
  elif: 'elif 1:',
  else: 'else:',
  while: 'if 1:',
  for: 'if 1:',
  with: 'if 1:',
  def: 'if 1:',
  class: 'if 1:',
  try: 'try:',
  except: 'except 1:',
  finally: 'finally:',
};

/** What replaces a logical line Lezer would wrongly refuse: the same kind of statement. */
function standIn(masked: string): string {
  const keyword =
    /^(?:async\s+)?([\p{L}_][\p{L}\p{N}_]*)/u.exec(masked)?.[1] ?? '';
  const opensBlock = masked.trimEnd().endsWith(':');
  let header = COMPOUND_STAND_INS[keyword];
  if (keyword === 'match' && opensBlock) header = 'match 1:';
  if (keyword === 'case' && masked.includes(':')) header = 'case 1:';
  if (!header) return 'pass';
  return opensBlock ? header : `${header} pass`;
}

function isGap(masked: string): boolean {
  return LEZER_GAPS.some(({ test }) =>
    typeof test === 'function' ? test(masked) : test.test(masked),
  );
}

/** The first syntax problem of a generated module: its line there, and what it is. */
function findProblem(source: string): Found | undefined {
  const { lines, danglingJoins, problem: tokenProblem } = logicalLines(source);
  const indentProblem = indentationProblem(lines, !tokenProblem);
  // Lines Lezer would wrongly refuse become stand-ins, and a `\` joining a blank line a blank;
  // line breaks stay, so lines keep their numbers.
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const line of lines) {
    if (!isGap(line.masked)) continue;
    const breaks =
      source.substring(line.start, line.end).split('\n').length - 1;
    edits.push({
      start: line.start,
      end: line.end,
      text: standIn(line.masked) + '\n'.repeat(breaks),
    });
  }
  for (const offset of danglingJoins) {
    if (!edits.some(edit => edit.start <= offset && offset < edit.end)) {
      edits.push({ start: offset, end: offset + 1, text: ' ' });
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let text = '';
  let copied = 0;
  for (const edit of edits) {
    text += source.substring(copied, edit.start) + edit.text;
    copied = edit.end;
  }
  text += source.substring(copied);
  // Lezer refuses a form feed, which Python takes as a blank (resetting an indentation's column).
  text = text
    .replace(/^[ \t\f]*\f[ \t\f]*/gm, indent => ' '.repeat(column(indent)))
    .replace(/\f/g, ' ');
  let lezerProblem: Found | undefined;
  const tree = parser.parse(text);
  tree.iterate({
    enter: node => {
      if (lezerProblem) return false;
      if (node.type.isError) {
        lezerProblem = { line: countLineBreaks(text, node.from) + 1 };
        return false;
      }
      return undefined;
    },
  });
  const problems = [tokenProblem, indentProblem, lezerProblem].filter(
    (found): found is Found => found !== undefined,
  );
  return problems.sort((a, b) => a.line - b.line)[0];
}
