import {
  addNode,
  asObj,
  DefinitionContext,
  describeFunction,
  details,
  mappingEntries,
  nodeId,
  Obj,
  text,
} from './context';
import { sinkDetail, sinkFunction } from './sinks';
import {
  addStore,
  linkFunctionStores,
  readSource,
  writeTarget,
} from './sources';
import {
  FUNCTION_FIELDS,
  JOIN_FIELDS,
  STORE_FIELDS,
} from '../definitionFields';

/** Step settings worth a tooltip: windows, conversions, repartitioning, suppression. */
const SETTING_FIELDS = [
  'windowType',
  'duration',
  'advanceBy',
  'grace',
  'inactivityGap',
  'timeDifference',
  'into',
  'numberOfPartitions',
  'until',
] as const;
/**
 * The sinks a pipeline (or a branch) may end in. KSML uses the first one present in this order
 * and ignores the others, so only that one is drawn.
 */
const SINK_FIELDS = [
  'as',
  'branch',
  'forEach',
  'print',
  'to',
  'toTopicNameExtractor',
] as const;

/** Where the next node of a flow is fed from: these nodes, the edges labelled so. */
interface Upstream {
  ids: string[];
  label?: string;
}

/** A pipeline being drawn. */
interface Flow {
  ctx: DefinitionContext;
  /** The pipeline's name (its key in `pipelines:`). */
  pipeline: string;
  /** Node holding each pipeline result drawn so far, by result name. */
  results: Map<string, string>;
}

/**
 * Draws the definition's pipelines: source, steps in order, sink. A pipeline reading another's
 * result (`as`, or the name of a pipeline without sink) is connected to the node that ends it;
 * that pipeline is drawn first whatever its place in the definition.
 */
export function addPipelines(ctx: DefinitionContext, root: Obj): void {
  const pipelines = new Map(mappingEntries(root.pipelines));
  const owners = new Map<string, string>();
  for (const [key, pipeline] of pipelines) {
    for (const name of resultNames(pipeline, key)) {
      if (!owners.has(name)) owners.set(name, key);
    }
  }
  const results = new Map<string, string>();
  const started = new Set<string>();
  const build = (key: string) => {
    // A pipeline already started is drawn or being drawn: reading its result in a cycle
    // finds none, and draws an undeclared source instead of recursing forever.
    if (started.has(key)) return;
    started.add(key);
    addPipeline({ ctx, pipeline: key, results }, pipelines.get(key)!);
  };
  ctx.result = name => {
    const owner = owners.get(name);
    if (owner !== undefined) build(owner);
    return results.get(name);
  };
  for (const key of pipelines.keys()) build(key);
}

/** The result names a pipeline declares: its `as` (branches' too), or its name without a sink. */
function resultNames(pipeline: Obj, key: string): string[] {
  const names: string[] = [];
  const visit = (holder: Obj) => {
    const as = text(holder.as);
    if (as !== undefined) names.push(as);
    if (!Array.isArray(holder.branch)) return;
    for (const branch of holder.branch) {
      const entry = asObj(branch);
      if (entry) visit(entry);
    }
  };
  visit(pipeline);
  if (!hasSink(pipeline)) names.push(text(pipeline.name) ?? key);
  return names;
}

function hasSink(holder: Obj): boolean {
  return SINK_FIELDS.some(field => isPresent(holder[field]));
}

/** A field given a value (`print: false` turns printing off). */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function addPipeline(flow: Flow, pipeline: Obj): void {
  // KSML reads one source; a list is drawn as several feeding the first step.
  const refs = Array.isArray(pipeline.from) ? pipeline.from : [pipeline.from];
  const ids: string[] = [];
  let label: string | undefined;
  refs.forEach((ref, index) => {
    const local = `${flow.pipeline}.from${refs.length > 1 ? `.${index}` : ''}`;
    const id = readSource(flow.ctx, ref, local, 'stream');
    if (!id) return;
    ids.push(id);
    // Data handed over from another pipeline: name the edge after the result.
    if (typeof ref === 'string' && flow.results.get(ref) === id) label = ref;
  });
  const end = addFlow(flow, { ids, label }, pipeline, flow.pipeline);
  if (!hasSink(pipeline) && end.ids.length > 0) {
    flow.results.set(text(pipeline.name) ?? flow.pipeline, end.ids[0]);
  }
}

/** Draws a pipeline's (or a branch's) steps and sink after `upstream`; returns its last nodes. */
function addFlow(
  flow: Flow,
  upstream: Upstream,
  holder: Obj,
  path: string,
): Upstream {
  let current = upstream;
  const via = Array.isArray(holder.via) ? holder.via : [];
  via.forEach((step, index) => {
    const operation = asObj(step);
    if (operation) {
      current = addStep(flow, current, operation, `${path}.via.${index}`);
    }
  });
  addSink(flow, current, holder, path);
  return current;
}

function connect(flow: Flow, upstream: Upstream, to: string): void {
  for (const from of upstream.ids)
    flow.ctx.graph.addEdge(from, to, upstream.label);
}

/** One `via` step: an operation node, with what it joins and the stores it uses. */
function addStep(
  flow: Flow,
  upstream: Upstream,
  step: Obj,
  path: string,
): Upstream {
  const { ctx } = flow;
  const type = text(step.type) ?? 'unknown';
  const id = addNode(ctx, {
    id: nodeId(ctx, 'op', path),
    kind: 'operation',
    label: type,
    detail: stepDetail(step),
    pipeline: flow.pipeline,
  });
  connect(flow, upstream, id);
  for (const field of JOIN_FIELDS) {
    if (!isPresent(step[field])) continue;
    const joined = readSource(ctx, step[field], `${path}.${field}`, field);
    if (joined) ctx.graph.addEdge(joined, id, 'join');
  }
  for (const field of STORE_FIELDS) {
    const store = addStore(ctx, step[field], {
      local: `${path}.${field}`,
      label: `${type} ${field}`,
    });
    if (store) ctx.graph.addEdge(id, store, 'store');
  }
  for (const field of FUNCTION_FIELDS) linkFunctionStores(ctx, id, step[field]);
  return { ids: [id] };
}

function stepDetail(step: Obj): string | undefined {
  const parts: Array<[string, string | undefined]> = [
    ['name', text(step.name)],
  ];
  for (const field of JOIN_FIELDS) {
    parts.push([field, referenceName(step[field], 'topic')]);
  }
  for (const field of FUNCTION_FIELDS) {
    parts.push([field, describeFunction(step[field])]);
  }
  for (const field of STORE_FIELDS) {
    parts.push([field, referenceName(step[field], 'name')]);
  }
  for (const field of SETTING_FIELDS) parts.push([field, text(step[field])]);
  return details(parts);
}

/** A reference's name, or for an inline definition its `key` field, else `inline`. */
function referenceName(value: unknown, key: string): string | undefined {
  if (typeof value === 'string') return value;
  const inline = asObj(value);
  return inline ? text(inline[key]) ?? 'inline' : undefined;
}

/** The pipeline's (or branch's) end, the first of {@link SINK_FIELDS} it holds. */
function addSink(
  flow: Flow,
  upstream: Upstream,
  holder: Obj,
  path: string,
): void {
  const sink = SINK_FIELDS.find(field => isPresent(holder[field]));
  if (sink === undefined || upstream.ids.length === 0) return;
  const value = holder[sink];
  if (sink === 'as') {
    const name = text(value);
    if (name !== undefined && !flow.results.has(name)) {
      flow.results.set(name, upstream.ids[0]);
    }
  } else if (sink === 'branch') {
    addBranches(flow, upstream, value, path);
  } else if (sink === 'to') {
    const target = writeTarget(flow.ctx, value);
    if (target) connect(flow, upstream, target);
  } else {
    const id = addNode(flow.ctx, {
      id: nodeId(flow.ctx, 'sink', path),
      kind: 'sink',
      label: sink,
      detail: sinkDetail(sink, value),
      pipeline: flow.pipeline,
    });
    connect(flow, upstream, id);
    linkFunctionStores(flow.ctx, id, sinkFunction(sink, value));
  }
}

/** A `branch` node; each branch a flow of its own, entered by an edge named by its condition. */
function addBranches(
  flow: Flow,
  upstream: Upstream,
  value: unknown,
  path: string,
): void {
  const branches = Array.isArray(value) ? value : [];
  const id = addNode(flow.ctx, {
    id: nodeId(flow.ctx, 'op', `${path}.branch`),
    kind: 'operation',
    label: 'branch',
    detail: `${branches.length} branch${branches.length === 1 ? '' : 'es'}`,
    pipeline: flow.pipeline,
  });
  connect(flow, upstream, id);
  branches.forEach((entry, index) => {
    const branch = asObj(entry);
    if (!branch) return;
    // A branch without a condition takes what the ones before it did not.
    const label = isPresent(branch.if)
      ? describeFunction(branch.if) ?? 'if'
      : 'default';
    addFlow(flow, { ids: [id], label }, branch, `${path}.branch.${index}`);
  });
}
