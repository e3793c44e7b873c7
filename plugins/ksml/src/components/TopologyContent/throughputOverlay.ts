import type {
  KsmlNodeThroughput,
  KsmlTopology,
  KsmlTopologyNode,
} from '@ksml-backstage/plugin-ksml-common';
import { topicOf } from './graph';

/*
 * How the KSML 1.3.0 runner names its Kafka Streams processor nodes, read in its source
 * (module `ksml`, under src/main/java/io/axual/ksml; checked against the topology references of
 * its own tests, ksml/src/test/resources/reference/*-reference.txt, and against a real runner):
 *
 * - Source nodes are named after their topic: every stream, table and global table is built by
 *   TopologyBuildContext.buildWrapper with `Consumed.as(topic)` (generator/TopologyBuildContext
 *   .java:195-236). Kafka Streams adds a `<topic>-table-source` processor for a table: not mapped.
 * - Every operation takes the name of its OperationConfig (`Named.as(name)`, `Produced.withName`,
 *   operation/BaseOperation.java:356-369). OperationParser.java:70-85 builds that name:
 *   - An explicit `name:` wins: `<namespace>_<name>`.
 *   - Otherwise most operations (`operationConfig`) take their place in the definition and their
 *     parser's type: `<namespace>_<longName>_<type>`. The long name is the ParseNode path from
 *     the definition's root joined with `_` (parser/ParseNode.java:56-64), and the lists and maps
 *     name their children (ParseNode.java:92-111, ListParser.java:45-50, MapParser.java:45-49):
 *     a pipeline `pipelines_<key>`, its n-th `via` step `..._via_step<n>`, its n-th branch
 *     `..._branch_branch<n>` (1-based). The type is the parser's own, not the alias written in
 *     the definition (`map` is `transformKeyValue`, `selectKey` `transformKey`, ...;
 *     operation/parser/PipelineOperationParser.java:40-74, dsl/KSMLDSL.java).
 *   - Operations that may keep a store (`storeOperationConfig`, `dualStoreOperationConfig`:
 *     filter, filterNot, mapValues/transformValue, aggregate, count, reduce, groupBy, groupByKey,
 *     toTable, and joins with a stream or table) take the short name instead: `<namespace>_step<n>`
 *     for the n-th step of whatever pipeline or branch, without the pipeline's name. A real runner
 *     named the `mapValues` step of definition `ok`'s pipeline `double` `ok_step1`, and its sink
 *     `ok_pipelines_double_to`.
 *   - A pipeline's `to` and `toTopicNameExtractor` never take an explicit name
 *     (ToOperationParser.java:46,62); its `forEach` and `branch` read the pipeline's own `name:`
 *     (they parse the pipeline's node), `print` the one inside `print:`.
 *   - A branch splits with `split(Named.as(name))`, so its branches' processors are `<name>0`,
 *     `<name>1`, ... (operation/BranchOperation.java:63-73); they are not mapped, the branch is.
 * - Names are unique per definition (generator/TopologyResources.java:59-85): a name taken before
 *   gets `_001`, `_002`, ... in the order the definition is parsed. So the second pipeline with
 *   a filter as its first step runs it as `<namespace>_step1_001`. Parsing follows the document:
 *   pipelines in order, in each its steps, then its sink; a branch after its branches' steps
 *   and sinks (an operation is constructed once its fields are parsed, DefinitionParser.java:
 *   333-373).
 * - The namespace is the definition's name in the runner's `definitions` (ksml-runner's
 *   KSMLRunner.java:269-271), which is what the topology names a node's `definition`.
 *
 * So the names cannot be parsed back into places (KSML's own metric/KsmlTagEnricher.java:49-63
 * tries, and knows only the long form): they are computed from the graph instead. The graph
 * knows a pipeline's key, a step's place (in its id), its type (its label) and its
 * explicit name (first in its tooltip), but not the pipeline's own `name:` nor the order of
 * pipelines in the document: it lists them in document order unless one reads a result of a
 * later one, which is then drawn first. A forEach or branch of a pipeline with a `name:`, and
 * the `_001` names in that case, may therefore be missed or swapped.
 */

/** What the runner measured at a node of the graph. */
export interface NodeFigures {
  /** Records through the node per second, over the app's replicas. */
  recordsPerSecond: number;
  /** Record end-to-end latency at the node (ms): average and maximum over its tasks. */
  e2eLatencyAvgMs?: number;
  e2eLatencyMaxMs?: number;
}

/** How KSML names an operation it builds from a step of this type (the type as written). */
interface OperationNaming {
  /** Named by its step's place alone (`step<n>`): operations that may keep a store. */
  short: boolean;
  /** The parser's type, which ends the long name. */
  type: string;
}

const longNamed = (type: string): OperationNaming => ({ short: false, type });
const shortNamed = (type: string): OperationNaming => ({ short: true, type });

/** Every step type KSML 1.3.0 knows, by the parser that reads it (PipelineOperationParser). */
const STEP_NAMING: Record<string, OperationNaming> = {
  aggregate: shortNamed('aggregate'),
  cogroup: longNamed('cogroup'),
  convertKey: longNamed('convertKey'),
  convertKeyValue: longNamed('convertKeyValue'),
  convertValue: longNamed('convertValue'),
  count: shortNamed('count'),
  filter: shortNamed('filter'),
  filterNot: shortNamed('filterNot'),
  flatMap: longNamed('transformKeyValueToKeyValueList'),
  transformKeyValueToKeyValueList: longNamed('transformKeyValueToKeyValueList'),
  flatMapValues: longNamed('transformKeyValueToValueList'),
  transformKeyValueToValueList: longNamed('transformKeyValueToValueList'),
  groupBy: shortNamed('groupBy'),
  groupByKey: shortNamed('groupByKey'),
  // Joins with a global table use the long name; see stepNaming.
  join: shortNamed('join'),
  leftJoin: shortNamed('leftJoin'),
  outerJoin: shortNamed('outerJoin'),
  mapKey: longNamed('transformKey'),
  selectKey: longNamed('transformKey'),
  transformKey: longNamed('transformKey'),
  map: longNamed('transformKeyValue'),
  transformKeyValue: longNamed('transformKeyValue'),
  transformMetadata: longNamed('transformMetadata'),
  mapValue: shortNamed('transformValue'),
  mapValues: shortNamed('transformValue'),
  transformValue: shortNamed('transformValue'),
  merge: longNamed('merge'),
  peek: longNamed('peek'),
  reduce: shortNamed('reduce'),
  repartition: longNamed('repartition'),
  suppress: longNamed('suppress'),
  toStream: longNamed('toStream'),
  toTable: shortNamed('toTable'),
  windowByTime: longNamed('windowByTime'),
  windowBySession: longNamed('windowBySession'),
};

/** The sinks drawn as nodes; `to` and `as` are not (they end in a topic or another pipeline). */
const SINK_TYPES = new Set(['forEach', 'print', 'toTopicNameExtractor']);

/** Where a node of a pipeline sits, read from its id (`<definition>/op:<pipeline>.via.0`). */
interface Place {
  node: KsmlTopologyNode;
  namespace: string;
  pipeline: string;
  /** The 0-based branch taken at each level, outermost first. */
  branches: number[];
  /** A `via` step (0-based), the branch operation, or the flow's sink. */
  at: { step: number } | 'branch' | 'sink';
}

const PATH = /^((?:\.branch\.\d+)*)(?:\.via\.(\d+)|(\.branch))?$/;

/** The node's place in its pipeline, or undefined for a node that is no step of a known one. */
function placeOf(node: KsmlTopologyNode): Place | undefined {
  const { definition, pipeline } = node;
  // Without a definition name the runner's namespace is unknown (a deployed app always has one).
  if (!definition || pipeline === undefined) return undefined;
  const tag = node.kind === 'sink' ? 'sink' : 'op';
  const start = `${definition}/${tag}:${pipeline}`;
  if (!node.id.startsWith(start)) return undefined;
  // The pipeline's key may hold dots: only what follows it is parsed.
  const match = PATH.exec(node.id.slice(start.length));
  if (!match) return undefined;
  const [, branchPath, step, branchOp] = match;
  const branches = branchPath.split('.branch.').filter(Boolean).map(Number);
  let at: Place['at'];
  if (node.kind === 'sink') {
    if (step !== undefined || branchOp) return undefined;
    at = 'sink';
  } else if (node.kind !== 'operation' || (step === undefined && !branchOp)) {
    return undefined;
  } else {
    at = step !== undefined ? { step: Number(step) } : 'branch';
  }
  return { node, namespace: definition, pipeline, branches, at };
}

/**
 * Where a place comes in the order KSML parses a pipeline: a flow's steps, then its branches
 * (each flow in turn) and the branch operation after them, or its sink.
 */
function orderKey(place: Place): number[] {
  const key = place.branches.flatMap(branch => [1, branch]);
  if (place.at === 'branch') return [...key, 1, Infinity];
  if (place.at === 'sink') return [...key, 2];
  return [...key, 0, place.at.step];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** The step's explicit `name:`, which the topology puts first in its tooltip (`name x, ...`). */
function explicitName(node: KsmlTopologyNode): string | undefined {
  const match = /^name (.*?)(?:, |$)/.exec(node.detail ?? '');
  return match?.[1];
}

/** The steps joining a global table: KSML names them as most operations, by their type. */
function globalTableJoins(topology: KsmlTopology): Set<string> {
  const byId = new Map(topology.nodes.map(node => [node.id, node]));
  return new Set(
    topology.edges
      .filter(
        edge =>
          edge.label === 'join' &&
          byId.get(edge.from)?.sourceType === 'globalTable',
      )
      .map(edge => edge.to),
  );
}

/** `pipelines_<key>` and `_branch_branch<n>` for each branch taken: the flow's long name. */
function flowName(place: Place): string {
  return [
    `pipelines_${place.pipeline}`,
    ...place.branches.map(branch => `branch_branch${branch + 1}`),
  ].join('_');
}

/** The name KSML asks for (before it makes it unique), or undefined for an unknown step type. */
function wantedName(
  place: Place,
  globalJoins: ReadonlySet<string>,
): string | undefined {
  const flow = flowName(place);
  if (place.at === 'branch') return `${flow}_branch`;
  if (place.at === 'sink') {
    return SINK_TYPES.has(place.node.label)
      ? `${flow}_${place.node.label}`
      : undefined;
  }
  const named = explicitName(place.node);
  if (named !== undefined) return named;
  let naming: OperationNaming | undefined = STEP_NAMING[place.node.label];
  if (!naming) return undefined;
  if (
    naming.short &&
    (naming.type === 'join' || naming.type === 'leftJoin') &&
    globalJoins.has(place.node.id)
  ) {
    naming = longNamed(naming.type);
  }
  const step = `step${place.at.step + 1}`;
  return naming.short ? step : `${flow}_via_${step}_${naming.type}`;
}

/** TopologyResources.getUniqueOperationName: `_001`, `_002`, ... after a name already taken. */
function uniqueName(taken: Set<string>, base: string): string {
  let name = base;
  for (let index = 1; taken.has(name); index++) {
    name = `${base}_${String(index).padStart(3, '0')}`;
  }
  taken.add(name);
  return name;
}

/**
 * The Kafka Streams processor node each node of the topology runs as, by that node's name: a
 * topic's source node (named after the topic) and each step, branch and drawn sink of a
 * pipeline, named as the KSML 1.3.0 runner names them (see the notes at the top of this file).
 * Nodes the runner does not name predictably (producers, stores, undeclared sources) are left
 * out.
 *
 * @param topology - The app's topology, as `GET /topology` draws it.
 * @returns The graph node's id by Kafka Streams node name.
 */
export function processorNodeNames(
  topology: KsmlTopology,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const node of topology.nodes) {
    if (node.kind === 'topic') names.set(topicOf(node), node.id);
  }
  const places = topology.nodes.flatMap(node => placeOf(node) ?? []);
  // Per definition, each pipeline in the order the graph first lists it.
  const pipelineOrder = new Map<string, number>();
  for (const place of places) {
    const key = JSON.stringify([place.namespace, place.pipeline]);
    if (!pipelineOrder.has(key)) pipelineOrder.set(key, pipelineOrder.size);
  }
  const rank = (place: Place) =>
    pipelineOrder.get(JSON.stringify([place.namespace, place.pipeline]))!;
  const ordered = [...places].sort(
    (a, b) => rank(a) - rank(b) || compareKeys(orderKey(a), orderKey(b)),
  );
  const globalJoins = globalTableJoins(topology);
  const taken = new Map<string, Set<string>>();
  for (const place of ordered) {
    const wanted = wantedName(place, globalJoins);
    if (wanted === undefined) continue;
    const namespaceNames = taken.get(place.namespace) ?? new Set<string>();
    taken.set(place.namespace, namespaceNames);
    const name = uniqueName(namespaceNames, `${place.namespace}_${wanted}`);
    // A topic of the same name keeps its own figures.
    if (!names.has(name)) names.set(name, place.node.id);
  }
  return names;
}

/**
 * The runner's figures on the nodes of the topology: each Kafka Streams node the topology has
 * a node for (see {@link processorNodeNames}) gives its rate and latency to that node, by the
 * node's id; the others (internal nodes such as repartitions, a `to` sink, a branch's
 * per-branch nodes) are ignored.
 *
 * @param topology - The app's topology, as `GET /topology` draws it.
 * @param nodes - The processor nodes of `GET /throughput`.
 */
export function throughputOverlay(
  topology: KsmlTopology,
  nodes: readonly KsmlNodeThroughput[],
): Map<string, NodeFigures> {
  const ids = processorNodeNames(topology);
  const figures = new Map<string, NodeFigures>();
  for (const {
    node,
    recordsPerSecond,
    e2eLatencyAvgMs,
    e2eLatencyMaxMs,
  } of nodes) {
    const id = ids.get(node);
    if (id === undefined || figures.has(id)) continue;
    figures.set(id, {
      recordsPerSecond,
      ...(e2eLatencyAvgMs !== undefined ? { e2eLatencyAvgMs } : {}),
      ...(e2eLatencyMaxMs !== undefined ? { e2eLatencyMaxMs } : {}),
    });
  }
  return figures;
}
