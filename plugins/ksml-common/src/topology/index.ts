// The graph of a KSML app drawn from its definitions: its types and the parser building it.
export type {
  KsmlTopology,
  KsmlTopologyEdge,
  KsmlTopologyNode,
  KsmlTopologyNodeKind,
} from './types';
export { parseTopology } from './parseTopology';
export { topicNodeId } from './graph';
