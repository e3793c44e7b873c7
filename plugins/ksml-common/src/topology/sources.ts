import {
  addNode,
  asObj,
  DefinitionContext,
  describeFunction,
  details,
  mappingEntries,
  nodeId,
  Obj,
  SourceRef,
  text,
} from './context';
import type { KsmlTopologyNode } from './types';

type SourceType = NonNullable<KsmlTopologyNode['sourceType']>;

/** The definition sections declaring sources, and what each declares. */
const SOURCE_SECTIONS: Array<[string, SourceType]> = [
  ['streams', 'stream'],
  ['tables', 'table'],
  ['globalTables', 'globalTable'],
];

/**
 * Draws every declared stream, table and global table, fed by its topic, and records them in
 * the context for the pipelines to refer to. A name declared twice keeps its first declaration
 * (KSML refuses the definition anyway).
 */
export function addDeclaredSources(ctx: DefinitionContext, root: Obj): void {
  for (const [section, sourceType] of SOURCE_SECTIONS) {
    for (const [name, entry] of mappingEntries(root[section])) {
      if (ctx.sources.has(name)) continue;
      const id = nodeId(ctx, 'source', name);
      ctx.sources.set(name, addSource(ctx, id, name, sourceType, entry));
    }
  }
}

/** A source node fed by its topic, with its table's store if it names one. */
function addSource(
  ctx: DefinitionContext,
  id: string,
  label: string,
  sourceType: SourceType,
  entry: Obj,
  inline = false,
): SourceRef {
  const topic = text(entry.topic);
  // The topic first: the graph lists nodes in the order data flows.
  const topicId = topic === undefined ? undefined : ctx.graph.topic(topic);
  addNode(ctx, {
    id,
    kind: 'source',
    label,
    sourceType,
    keyType: text(entry.keyType),
    valueType: text(entry.valueType),
    detail: details([
      ['', inline ? `inline ${sourceType}` : sourceType],
      ['topic', topic],
      ['key', text(entry.keyType)],
      ['value', text(entry.valueType)],
      ['offsetResetPolicy', text(entry.offsetResetPolicy)],
      ['timestampExtractor', describeFunction(entry.timestampExtractor)],
    ]),
  });
  if (topicId) ctx.graph.addEdge(topicId, id);
  // Streams have no store of their own; tables and global tables may name theirs. KSML names
  // an unnamed one after the topic.
  const storeName = topic ?? label;
  const storeId =
    sourceType === 'stream'
      ? undefined
      : addStore(ctx, entry.store, { local: storeName, label: storeName });
  if (storeId) ctx.graph.addEdge(id, storeId, 'store');
  return { id, topic, storeId };
}

/**
 * The node a pipeline reads from for `from`, a join's `stream`/`table`/`globalTable` or a
 * merge's `stream`: a declared source, an earlier pipeline's result, or an inline definition
 * (drawn as a source of its own, `local` naming it). A name that resolves to nothing is still
 * drawn, as a source without topic, so the pipeline stays connected. Marks the topic as read.
 */
export function readSource(
  ctx: DefinitionContext,
  ref: unknown,
  local: string,
  sourceType: SourceType,
): string | undefined {
  if (typeof ref === 'string') {
    const declared = ctx.sources.get(ref);
    if (declared) {
      if (declared.topic !== undefined) ctx.graph.readsTopic(declared.topic);
      return declared.id;
    }
    const result = ctx.result(ref);
    if (result) return result;
    return addNode(ctx, {
      id: nodeId(ctx, 'source', ref),
      kind: 'source',
      label: ref,
      detail: 'not declared in this definition',
    });
  }
  const inline = asObj(ref);
  if (!inline) return undefined;
  const id = nodeId(ctx, 'source', local);
  const source = addSource(
    ctx,
    id,
    text(inline.topic) ?? local,
    sourceType,
    inline,
    true,
  );
  if (source.topic !== undefined) ctx.graph.readsTopic(source.topic);
  return id;
}

/**
 * The topic node a `to` writes to: a declared stream's (or table's) topic, an inline
 * `{topic: ...}`, or a plain name that is not declared, taken as the topic's name. Marks the
 * topic as written.
 */
export function writeTarget(
  ctx: DefinitionContext,
  ref: unknown,
): string | undefined {
  let topic: string | undefined;
  if (typeof ref === 'string') {
    const declared = ctx.sources.get(ref);
    // A declared source without a topic cannot be drawn as a topic: point at it instead.
    if (declared && declared.topic === undefined) return declared.id;
    topic = declared ? declared.topic : ref;
  } else {
    topic = text(asObj(ref)?.topic);
  }
  if (topic === undefined) return undefined;
  ctx.graph.writesTopic(topic);
  return ctx.graph.topic(topic);
}

/**
 * The node of a store a step, table or function uses: a declared store by name, or an inline
 * one (named by its `name`, else by `fallback`). Returns undefined when `ref` is neither.
 */
export function addStore(
  ctx: DefinitionContext,
  ref: unknown,
  fallback: { local: string; label: string },
): string | undefined {
  if (typeof ref === 'string') {
    return addNode(ctx, {
      id: nodeId(ctx, 'store', ref),
      kind: 'store',
      label: ref,
      detail: storeDetail(ctx.stores.get(ref)),
    });
  }
  const inline = asObj(ref);
  if (!inline) return undefined;
  const name = text(inline.name);
  return addNode(ctx, {
    id: nodeId(ctx, 'store', name ?? fallback.local),
    kind: 'store',
    label: name ?? fallback.label,
    detail: storeDetail(inline),
  });
}

/** Edges from a node to the stores its function declares it uses (`stores: [...]`). */
export function linkFunctionStores(
  ctx: DefinitionContext,
  id: string,
  fn: unknown,
): void {
  const declaration =
    typeof fn === 'string' ? ctx.functions.get(fn) : asObj(fn);
  const stores = declaration?.stores;
  if (!Array.isArray(stores)) return;
  for (const name of stores) {
    if (typeof name !== 'string') continue;
    // A function may use a table's (or global table's) store by the table's name.
    const table = ctx.sources.get(name);
    const target = table
      ? table.storeId ?? table.id
      : addStore(ctx, name, { local: name, label: name });
    if (target) ctx.graph.addEdge(id, target, 'store');
  }
}

function storeDetail(store: Obj | undefined): string | undefined {
  if (!store) return undefined;
  return details([
    ['', text(store.type)],
    ['key', text(store.keyType)],
    ['value', text(store.valueType)],
    ['windowSize', text(store.windowSize)],
    ['retention', text(store.retention)],
    ['persistent', text(store.persistent)],
  ]);
}
