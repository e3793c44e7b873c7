import { definitionMapping } from '../definitionParse';
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
import { TopologyGraph } from './graph';
import { addPipelines } from './pipelines';
import { addDeclaredSources, linkFunctionStores, writeTarget } from './sources';
import type { KsmlTopology } from './types';

/**
 * Draws a KSML app from its definitions: each declared stream, table and global table fed by
 * its topic, each pipeline's steps from its source to its sink (joined streams and tables, the
 * stores steps use, branches with their conditions), and each producer with the topic it
 * writes. Pure: nothing is looked up beyond the definitions.
 *
 * Tolerant by design, since definitions are validated elsewhere: a definition that is not YAML
 * contributes nothing, unexpected shapes are skipped, and names that resolve to nothing are
 * still drawn. It never throws.
 *
 * Node ids are stable for the same definitions. Topics are shared (`topic:<name>`, see
 * {@link topicNodeId}), so definitions writing and reading the same topic connect; other ids are
 * prefixed with the definition's name (`<definition>/op:<pipeline>.via.0`) when it is not empty.
 *
 * @param definitions - The app's definitions by KSML namespace name (a single definition as
 *   `{ '': text }`), each YAML text or an already parsed mapping.
 * @public
 */
export function parseTopology(
  definitions: Record<string, string | Record<string, unknown>>,
): KsmlTopology {
  const graph = new TopologyGraph();
  for (const [definition, value] of Object.entries(definitions)) {
    const root = typeof value === 'string' ? parseYaml(value) : asObj(value);
    if (root) addDefinition(graph, definition, root);
  }
  return graph.toTopology();
}

/** The definition's mapping, or undefined when the text is not clean YAML or not a mapping. */
function parseYaml(source: string): Obj | undefined {
  const root = definitionMapping(source);
  return root ? asObj(root) : undefined;
}

function addDefinition(
  graph: TopologyGraph,
  definition: string,
  root: Obj,
): void {
  const ctx: DefinitionContext = {
    graph,
    definition,
    sources: new Map(),
    functions: new Map(mappingEntries(root.functions)),
    stores: declaredStores(root),
    result: () => undefined,
  };
  addDeclaredSources(ctx, root);
  addPipelines(ctx, root);
  addProducers(ctx, root);
}

/** The `stores:` section by name: its key, and its `name` when it gives another. */
function declaredStores(root: Obj): Map<string, Obj> {
  const stores = new Map<string, Obj>();
  for (const [key, store] of mappingEntries(root.stores)) {
    stores.set(key, store);
    const name = text(store.name);
    if (name !== undefined && !stores.has(name)) stores.set(name, store);
  }
  return stores;
}

/** Each producer, with an edge to the topic it writes. */
function addProducers(ctx: DefinitionContext, root: Obj): void {
  for (const [name, producer] of mappingEntries(root.producers)) {
    const id = addNode(ctx, {
      id: nodeId(ctx, 'producer', name),
      kind: 'producer',
      label: name,
      detail: details([
        ['generator', describeFunction(producer.generator)],
        ['interval', text(producer.interval)],
        ['count', text(producer.count)],
        ['batchSize', text(producer.batchSize)],
        ['condition', describeFunction(producer.condition)],
        ['until', describeFunction(producer.until)],
      ]),
    });
    // `target` is what older KSML docs call `to`.
    const target = writeTarget(ctx, producer.to ?? producer.target);
    if (target) ctx.graph.addEdge(id, target);
    for (const field of ['generator', 'condition', 'until']) {
      linkFunctionStores(ctx, id, producer[field]);
    }
  }
}
