import { YAMLMap } from 'yaml';

// Rules that hang on a mapping's kind, which the runner applies before anything starts.
//
// KSML's runner builds each function from its kind and refuses a function of a kind whose result
// it cannot infer that has no `resultType` ("Function type 'valueTransformer' requires an
// explicit resultType"), and a forEach that declares one ("can not return a result"). KSML
// 1.3.0's definition classes list the kinds (FunctionDefinition's validateResultTypeDefined and
// validateNoResultTypeDefined callers). It also refuses a store mapping without a `type`.

/** Function kinds (as KSML's spec names them) that need a `resultType`, by their `type` value. */
const NEEDS_RESULT_TYPE: Record<string, string> = {
  Aggregator: 'aggregator',
  ForeignKeyExtractor: 'foreignKeyExtractor',
  Initializer: 'initializer',
  KeyTransformer: 'keyTransformer',
  KeyValueMapper: 'keyValueMapper',
  KeyValueToKeyValueListTransformer: 'keyValueToKeyValueListTransformer',
  KeyValueToValueListTransformer: 'keyValueToValueListTransformer',
  KeyValueTransformer: 'keyValueTransformer',
  Merger: 'merger',
  Reducer: 'reducer',
  ValueJoiner: 'valueJoiner',
  ValueTransformer: 'valueTransformer',
};
const FUNCTION_KIND = /^(\w+?)Definition(WithImplicitStoreType)?$/;

/** The function type of a kind name (`ValueTransformerDefinition` -> `ValueTransformer`). */
function functionKind(kindName: string): string | undefined {
  return FUNCTION_KIND.exec(kindName)?.[1];
}

/**
 * What is wrong with a function's `resultType` for the kinds the function may be, or undefined.
 * Only when every kind agrees: a mapping whose kind is not settled is left alone.
 */
export function resultTypeProblem(
  kindNames: string[],
  map: YAMLMap,
): string | undefined {
  const kinds = kindNames.map(functionKind);
  if (kinds.length === 0) return undefined;
  const declared = map.has('resultType');
  if (!declared && kinds.every(kind => kind && NEEDS_RESULT_TYPE[kind])) {
    const type = NEEDS_RESULT_TYPE[kinds[0]!];
    return `needs a resultType: the runner refuses ${
      /^[aeiou]/.test(type) ? 'an' : 'a'
    } ${type} function without one`;
  }
  if (declared && kinds.every(kind => kind === 'ForEachAction')) {
    return 'must not have a resultType: a forEach function returns nothing, and the runner refuses one that declares a result';
  }
  return undefined;
}

const STORE_KIND = /^(KeyValue|Window|Session)StateStoreDefinition/;
const STORE_TYPES: Record<string, string> = {
  KeyValue: 'keyValue',
  Window: 'window',
  Session: 'session',
};

/**
 * A store mapping without its `type`: KSML's spec calls the type implicit in some places (a
 * filter's or a reduce's store), but the runner's parser has no default and refuses the
 * mapping at start-up ('Unknown state store "type", choose one of keyValue').
 */
export function storeTypeProblem(
  kindNames: string[],
  map: YAMLMap,
): string | undefined {
  if (map.has('type') || kindNames.length === 0) return undefined;
  const types = kindNames.map(name => STORE_KIND.exec(name)?.[1]);
  if (!types.every(Boolean)) return undefined;
  const names = [...new Set(types.map(type => STORE_TYPES[type!]))];
  // Worded as definitionKeys.ts words any missing key that picks a kind.
  return `is required: one of ${names.join(', ')}`;
}
