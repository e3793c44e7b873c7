import type { TopologyGraph } from './graph';
import type { KsmlTopologyNode } from './types';

// Shared by the modules that draw one KSML definition: reading its loosely typed YAML, node ids,
// and the declared streams, tables, stores and functions steps refer to by name.

/** A YAML mapping, as parsed. */
export type Obj = Record<string, unknown>;

/** The value if it is a mapping. */
export function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

/** A scalar as text (`interval: 3000` is as good as `interval: 3s`); anything else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/** The mapping entries of a section whose values are mappings (other shapes are skipped). */
export function mappingEntries(section: unknown): Array<[string, Obj]> {
  return Object.entries(asObj(section) ?? {}).flatMap(([name, value]) => {
    const entry = asObj(value);
    return entry ? [[name, entry] as [string, Obj]] : [];
  });
}

/** `label value` parts of a tooltip, the missing ones left out. */
export function details(
  parts: Array<[string, string | undefined]>,
): string | undefined {
  const shown = parts
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([label, value]) => (label ? `${label} ${value}` : value));
  return shown.length > 0 ? shown.join(', ') : undefined;
}

/** Longest inline expression shown as is in a label or tooltip. */
const MAX_EXPRESSION = 48;

/**
 * How a tooltip names a function field: the function's name, or for an inline function its
 * expression when that says it all (short, one line, no `code` before it), else `inline`.
 */
export function describeFunction(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const inline = asObj(value);
  if (!inline) return undefined;
  const expression = text(inline.expression)?.trim();
  return expression &&
    inline.code === undefined &&
    !expression.includes('\n') &&
    expression.length <= MAX_EXPRESSION
    ? expression
    : 'inline';
}

/** Where a stream, table or global table a pipeline refers to is drawn. */
export interface SourceRef {
  /** Its source node. */
  id: string;
  /** The topic it reads, when known. */
  topic?: string;
  /** The node of its store (tables with a `store`). */
  storeId?: string;
}

/** What the modules drawing one definition share. */
export interface DefinitionContext {
  graph: TopologyGraph;
  /** The definition's KSML namespace; empty for an app with a single definition. */
  definition: string;
  /** Declared streams, tables and global tables by name. */
  sources: Map<string, SourceRef>;
  /** Declared functions by name. */
  functions: Map<string, Obj>;
  /** Declared stores (the `stores:` section) by name. */
  stores: Map<string, Obj>;
  /**
   * The node holding a pipeline result (`as`, or a pipeline without sink) of this name, when
   * there is one. Set by the pipeline module, which builds the owning pipeline on demand.
   */
  result: (name: string) => string | undefined;
}

/** A node id unique in the app: prefixed with the definition name when the app has several. */
export function nodeId(
  ctx: DefinitionContext,
  kind: string,
  local: string,
): string {
  return ctx.definition
    ? `${ctx.definition}/${kind}:${local}`
    : `${kind}:${local}`;
}

/** Adds a non-topic node, tagged with the definition it comes from. */
export function addNode(
  ctx: DefinitionContext,
  node: Omit<KsmlTopologyNode, 'definition'>,
): string {
  return ctx.graph.addNode({
    ...node,
    definition: ctx.definition || undefined,
  });
}
