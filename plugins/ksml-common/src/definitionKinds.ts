// KSML 1.3.0's definition kinds and the keys of each, for the definition validator
// (definitionKeys.ts). Generated from KSML's language spec, the JSON schema KSML's
// TopologyDefinitionParser generates from its own parsers (docs/ksml-language-spec.json in KSML's
// source, vendored at ../shared/vendor/ksml-1.3.0-src.tar.gz), plus the top-level keys
// name, version, description, which that parser reads outside that schema.
// Do not edit: regenerate with `bash plugins/ksml-common/scripts/definition-kinds.sh`;
// definitionKinds.test.ts fails while this table and the spec differ.

import type { DefinitionKind } from './definitionKeys';

/** The kind of a whole definition. */
export const ROOT_KIND = 'TopologyDefinition';

/** Every kind, by the name KSML's spec gives it. */
export const DEFINITION_KINDS: Record<string, DefinitionKind> = {
  TopologyDefinition: {
    keys: 'functions globalTables pipelines producers stores streams tables name version description',
    named: {
      functions:
        'AggregatorDefinition ForEachActionDefinition ForeignKeyExtractorDefinition GeneratorDefinition GenericFunctionDefinitionWithImplicitStoreType InitializerDefinition KeyTransformerDefinition KeyValueMapperDefinition KeyValuePrinterDefinition KeyValueToKeyValueListTransformerDefinition KeyValueToValueListTransformerDefinition KeyValueTransformerDefinition MergerDefinition MetadataTransformerDefinition PredicateDefinition ReducerDefinition StreamPartitionerDefinition TimestampExtractorDefinition TopicNameExtractorDefinition ValueJoinerDefinition ValueTransformerDefinition',
      globalTables: 'GlobalTableDefinition',
      pipelines: 'PipelineDefinition',
      producers: 'ProducerDefinition',
      stores:
        'KeyValueStateStoreDefinition SessionStateStoreDefinition WindowStateStoreDefinition',
      streams: 'StreamDefinition',
      tables: 'TableDefinition',
    },
  },
  AggregateOperation: {
    keys: 'adder aggregator initializer merger name store subtractor type',
    inline: {
      adder: 'AggregatorDefinitionWithImplicitStoreType',
      aggregator: 'AggregatorDefinitionWithImplicitStoreType',
      initializer: 'InitializerDefinitionWithImplicitStoreType',
      merger: 'MergerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitKeyAndValueType SessionStateStoreDefinitionWithImplicitKeyAndValueType WindowStateStoreDefinitionWithImplicitKeyAndValueType',
      subtractor: 'AggregatorDefinitionWithImplicitStoreType',
    },
    picks: { type: 'aggregate' },
  },
  AggregatorDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'aggregator' },
  },
  AggregatorDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  BranchDefinitionWithPipeline: {
    keys: 'as branch forEach if name print to toTopicNameExtractor via',
    inline: {
      branch: 'StringOrInlinePredicateDefinitionWithImplicitStoreType',
      forEach: 'ForEachActionDefinitionWithImplicitStoreType',
      if: 'PredicateDefinitionWithImplicitStoreType',
      print: 'PrintOperation',
      to: 'ToTopicDefinition',
      toTopicNameExtractor: 'ToTopicNameExtractorDefinition',
      via: 'AggregateOperation CogroupOperation ConvertKeyOperation ConvertKeyValueOperation ConvertValueOperation CountOperation FilterNotOperation FilterOperation GroupByKeyOperation GroupByOperation JoinWithGlobalTableOperation JoinWithStreamOperation JoinWithTableOperation LeftJoinWithGlobalTableOperation LeftJoinWithStreamOperation LeftJoinWithTableOperation MergeOperation OuterJoinWithStreamOperation OuterJoinWithTableOperation PeekOperation ReduceOperationWithAdderAndSubtractor ReduceOperationWithReducer RepartitionOperation SuppressOperationUntilTimeLimit SuppressOperationUntilWindowCloses ToStreamOperation ToTableOperation TransformKeyOperation TransformKeyValueOperation TransformKeyValueToKeyValueListOperation TransformKeyValueToValueListOperation TransformMetadataOperation TransformValueOperation WindowBySessionOperation WindowByTimeOperationWithHoppingWindow WindowByTimeOperationWithSlidingWindow WindowByTimeOperationWithTumblingWindow',
    },
  },
  CogroupOperation: {
    keys: 'aggregator name type',
    inline: { aggregator: 'AggregatorDefinitionWithImplicitStoreType' },
    picks: { type: 'cogroup' },
  },
  ConvertKeyOperation: {
    keys: 'into name type',
    picks: { type: 'convertKey' },
  },
  ConvertKeyValueOperation: {
    keys: 'into name type',
    picks: { type: 'convertKeyValue' },
  },
  ConvertValueOperation: {
    keys: 'into name type',
    picks: { type: 'convertValue' },
  },
  CountOperation: {
    keys: 'name store type',
    inline: {
      store:
        'KeyValueStateStoreDefinitionWithImplicitKeyAndValueType SessionStateStoreDefinitionWithImplicitKeyAndValueType WindowStateStoreDefinitionWithImplicitKeyAndValueType',
    },
    picks: { type: 'count' },
  },
  FilterNotOperation: {
    keys: 'if name store type',
    inline: {
      if: 'PredicateDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
    picks: { type: 'filterNot' },
  },
  FilterOperation: {
    keys: 'if name store type',
    inline: {
      if: 'PredicateDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
    picks: { type: 'filter' },
  },
  ForEachActionDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'forEach' },
  },
  ForEachActionDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  ForeignKeyExtractorDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'foreignKeyExtractor' },
  },
  ForeignKeyExtractorDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  GeneratorDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'generator' },
  },
  GeneratorDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  GenericFunctionDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'generic' },
    defaults: { type: 'generic' },
  },
  GlobalTableDefinition: {
    keys: 'keyType offsetResetPolicy partitioner store timestampExtractor topic valueType',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      timestampExtractor: 'TimestampExtractorDefinitionWithImplicitStoreType',
    },
  },
  GlobalTableDefinitionAsJoinTarget: {
    keys: 'keyType partitioner store topic valueType',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
  },
  GroupByKeyOperation: {
    keys: 'name store type',
    inline: {
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
    picks: { type: 'groupByKey' },
  },
  GroupByOperation: {
    keys: 'mapper name store type',
    inline: {
      mapper: 'KeyValueMapperDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
    picks: { type: 'groupBy' },
  },
  InitializerDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'initializer' },
  },
  InitializerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  JoinWithGlobalTableOperation: {
    keys: 'globalTable mapper name type valueJoiner',
    inline: {
      globalTable: 'GlobalTableDefinitionAsJoinTarget',
      mapper: 'KeyValueMapperDefinitionWithImplicitStoreType',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'join' },
  },
  JoinWithStreamOperation: {
    keys: 'grace name otherStore stream thisStore timeDifference type valueJoiner',
    inline: {
      otherStore:
        'WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      stream: 'StreamDefinitionAsJoinTarget',
      thisStore:
        'WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'join' },
  },
  JoinWithTableOperation: {
    keys: 'foreignKeyExtractor grace name otherPartitioner partitioner store table type valueJoiner',
    inline: {
      foreignKeyExtractor: 'ForeignKeyExtractorDefinitionWithImplicitStoreType',
      otherPartitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      table: 'TableDefinitionAsJoinTarget',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'join' },
  },
  KeyTransformerDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'keyTransformer' },
  },
  KeyTransformerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  KeyValueMapperDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'keyValueMapper' },
  },
  KeyValueMapperDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  KeyValuePrinterDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'keyValuePrinter' },
  },
  KeyValuePrinterDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  KeyValueStateStoreDefinition: {
    keys: 'caching historyRetention keyType logging name persistent segmentInterval timestamped type valueType versioned',
    picks: { type: 'keyValue' },
  },
  KeyValueStateStoreDefinitionWithImplicitKeyAndValueType: {
    keys: 'caching historyRetention logging name persistent segmentInterval timestamped type versioned',
    picks: { type: 'keyValue' },
  },
  KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType:
    {
      keys: 'caching historyRetention logging name persistent segmentInterval timestamped type versioned',
    },
  KeyValueToKeyValueListTransformerDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'keyValueToKeyValueListTransformer' },
  },
  KeyValueToKeyValueListTransformerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  KeyValueToValueListTransformerDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'keyValueToValueListTransformer' },
  },
  KeyValueToValueListTransformerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  KeyValueTransformerDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'keyValueTransformer' },
  },
  KeyValueTransformerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  LeftJoinWithGlobalTableOperation: {
    keys: 'globalTable mapper name type valueJoiner',
    inline: {
      globalTable: 'GlobalTableDefinitionAsJoinTarget',
      mapper: 'KeyValueMapperDefinitionWithImplicitStoreType',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'leftJoin' },
  },
  LeftJoinWithStreamOperation: {
    keys: 'grace name otherStore stream thisStore timeDifference type valueJoiner',
    inline: {
      otherStore:
        'WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      stream: 'StreamDefinitionAsJoinTarget',
      thisStore:
        'WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'leftJoin' },
  },
  LeftJoinWithTableOperation: {
    keys: 'foreignKeyExtractor grace name otherPartitioner partitioner store table type valueJoiner',
    inline: {
      foreignKeyExtractor: 'ForeignKeyExtractorDefinitionWithImplicitStoreType',
      otherPartitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      table: 'TableDefinitionAsJoinTarget',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'leftJoin' },
  },
  MergeOperation: {
    keys: 'name stream type',
    inline: { stream: 'StreamDefinition' },
    picks: { type: 'merge' },
  },
  MergerDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'merger' },
  },
  MergerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  MetadataTransformerDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'metadataTransformer' },
  },
  MetadataTransformerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  OuterJoinWithStreamOperation: {
    keys: 'grace name otherStore stream thisStore timeDifference type valueJoiner',
    inline: {
      otherStore:
        'WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      stream: 'StreamDefinitionAsJoinTarget',
      thisStore:
        'WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'outerJoin' },
  },
  OuterJoinWithTableOperation: {
    keys: 'name store table type valueJoiner',
    inline: {
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      table: 'TableDefinitionAsJoinTarget',
      valueJoiner: 'ValueJoinerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'outerJoin' },
  },
  ParameterDefinition: { keys: 'defaultValue name type' },
  PeekOperation: {
    keys: 'forEach name type',
    inline: { forEach: 'ForEachActionDefinitionWithImplicitStoreType' },
    picks: { type: 'peek' },
  },
  PipelineDefinition: {
    keys: 'as branch forEach from name print to toTopicNameExtractor via',
    inline: {
      branch: 'BranchDefinitionWithPipeline',
      forEach: 'ForEachActionDefinitionWithImplicitStoreType',
      from: 'TopicDefinitionSource',
      print: 'PrintOperation',
      to: 'ToTopicDefinition',
      toTopicNameExtractor: 'ToTopicNameExtractorDefinition',
      via: 'AggregateOperation CogroupOperation ConvertKeyOperation ConvertKeyValueOperation ConvertValueOperation CountOperation FilterNotOperation FilterOperation GroupByKeyOperation GroupByOperation JoinWithGlobalTableOperation JoinWithStreamOperation JoinWithTableOperation LeftJoinWithGlobalTableOperation LeftJoinWithStreamOperation LeftJoinWithTableOperation MergeOperation OuterJoinWithStreamOperation OuterJoinWithTableOperation PeekOperation ReduceOperationWithAdderAndSubtractor ReduceOperationWithReducer RepartitionOperation SuppressOperationUntilTimeLimit SuppressOperationUntilWindowCloses ToStreamOperation ToTableOperation TransformKeyOperation TransformKeyValueOperation TransformKeyValueToKeyValueListOperation TransformKeyValueToValueListOperation TransformMetadataOperation TransformValueOperation WindowBySessionOperation WindowByTimeOperationWithHoppingWindow WindowByTimeOperationWithSlidingWindow WindowByTimeOperationWithTumblingWindow',
    },
  },
  PredicateDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'predicate' },
  },
  PredicateDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  PrintOperation: {
    keys: 'filename label mapper name',
    inline: { mapper: 'KeyValuePrinterDefinitionWithImplicitStoreType' },
  },
  ProducerDefinition: {
    keys: 'batchSize condition count generator interval to until',
    inline: {
      condition: 'PredicateDefinitionWithImplicitStoreType',
      generator: 'GeneratorDefinitionWithImplicitStoreType',
      to: 'TopicDefinition',
      until: 'PredicateDefinitionWithImplicitStoreType',
    },
  },
  ReduceOperationWithAdderAndSubtractor: {
    keys: 'adder name store subtractor type',
    inline: {
      adder: 'ReducerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      subtractor: 'ReducerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'reduce' },
  },
  ReduceOperationWithReducer: {
    keys: 'name reducer store type',
    inline: {
      reducer: 'ReducerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitKeyAndValueType SessionStateStoreDefinitionWithImplicitKeyAndValueType WindowStateStoreDefinitionWithImplicitKeyAndValueType',
    },
    picks: { type: 'reduce' },
  },
  ReducerDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'reducer' },
  },
  ReducerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  RepartitionOperation: {
    keys: 'name numberOfPartitions partitioner type',
    inline: { partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType' },
    picks: { type: 'repartition' },
  },
  SessionStateStoreDefinition: {
    keys: 'caching keyType logging name persistent retention timestamped type valueType',
    picks: { type: 'session' },
  },
  SessionStateStoreDefinitionWithImplicitKeyAndValueType: {
    keys: 'caching logging name persistent retention timestamped type',
    picks: { type: 'session' },
  },
  StreamDefinition: {
    keys: 'keyType offsetResetPolicy partitioner timestampExtractor topic valueType',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      timestampExtractor: 'TimestampExtractorDefinitionWithImplicitStoreType',
    },
  },
  StreamDefinitionAsJoinTarget: { keys: 'keyType topic valueType' },
  StreamPartitionerDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'streamPartitioner' },
  },
  StreamPartitionerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  StringOrInlinePredicateDefinitionWithImplicitStoreType: {
    keys: 'if',
    inline: { if: 'PredicateDefinitionWithImplicitStoreType' },
  },
  SuppressOperationUntilTimeLimit: {
    keys: 'bufferFullStrategy duration maxBytes maxRecords name type until',
    picks: { type: 'suppress', until: 'timeLimit' },
  },
  SuppressOperationUntilWindowCloses: {
    keys: 'bufferFullStrategy maxBytes maxRecords name type until',
    picks: { type: 'suppress', until: 'windowCloses' },
  },
  TableDefinition: {
    keys: 'keyType offsetResetPolicy partitioner store timestampExtractor topic valueType',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
      timestampExtractor: 'TimestampExtractorDefinitionWithImplicitStoreType',
    },
  },
  TableDefinitionAsJoinTarget: {
    keys: 'keyType partitioner store topic valueType',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
  },
  TimestampExtractorDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'timestampExtractor' },
  },
  TimestampExtractorDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  ToStreamOperation: {
    keys: 'mapper name type',
    inline: { mapper: 'KeyTransformerDefinitionWithImplicitStoreType' },
    picks: { type: 'toStream' },
  },
  ToTableOperation: {
    keys: 'name store type',
    inline: {
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
    picks: { type: 'toTable' },
  },
  ToTopicDefinition: {
    keys: 'keyType partitioner topic valueType',
    inline: { partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType' },
  },
  ToTopicNameExtractorDefinition: {
    keys: 'partitioner topicNameExtractor',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      topicNameExtractor: 'TopicNameExtractorDefinitionWithImplicitStoreType',
    },
  },
  TopicDefinition: { keys: 'keyType topic valueType' },
  TopicDefinitionSource: {
    keys: 'keyType offsetResetPolicy partitioner timestampExtractor topic valueType',
    inline: {
      partitioner: 'StreamPartitionerDefinitionWithImplicitStoreType',
      timestampExtractor: 'TimestampExtractorDefinitionWithImplicitStoreType',
    },
  },
  TopicNameExtractorDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'topicNameExtractor' },
  },
  TopicNameExtractorDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  TransformKeyOperation: {
    keys: 'mapper name type',
    inline: { mapper: 'KeyTransformerDefinitionWithImplicitStoreType' },
    picks: { type: 'transformKey mapKey selectKey' },
  },
  TransformKeyValueOperation: {
    keys: 'mapper name type',
    inline: { mapper: 'KeyValueTransformerDefinitionWithImplicitStoreType' },
    picks: { type: 'map transformKeyValue' },
  },
  TransformKeyValueToKeyValueListOperation: {
    keys: 'mapper name type',
    inline: {
      mapper:
        'KeyValueToKeyValueListTransformerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'transformKeyValueToKeyValueList flatMap' },
  },
  TransformKeyValueToValueListOperation: {
    keys: 'mapper name type',
    inline: {
      mapper: 'KeyValueToValueListTransformerDefinitionWithImplicitStoreType',
    },
    picks: { type: 'transformKeyValueToValueList flatMapValues' },
  },
  TransformMetadataOperation: {
    keys: 'mapper name type',
    inline: { mapper: 'MetadataTransformerDefinitionWithImplicitStoreType' },
    picks: { type: 'transformMetadata' },
  },
  TransformValueOperation: {
    keys: 'mapper name store type',
    inline: {
      mapper: 'ValueTransformerDefinitionWithImplicitStoreType',
      store:
        'KeyValueStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType',
    },
    picks: { type: 'mapValue transformValue mapValues' },
  },
  ValueJoinerDefinition: {
    keys: 'code expression globalCode name parameters resultType type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'valueJoiner' },
  },
  ValueJoinerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType',
    inline: { parameters: 'ParameterDefinition' },
  },
  ValueTransformerDefinition: {
    keys: 'code expression globalCode name parameters resultType stores type',
    inline: { parameters: 'ParameterDefinition' },
    picks: { type: 'valueTransformer' },
  },
  ValueTransformerDefinitionWithImplicitStoreType: {
    keys: 'code expression globalCode name parameters resultType stores',
    inline: { parameters: 'ParameterDefinition' },
  },
  WindowBySessionOperation: {
    keys: 'grace inactivityGap name type',
    picks: { type: 'windowBySession' },
  },
  WindowByTimeOperationWithHoppingWindow: {
    keys: 'advanceBy duration grace name type windowType',
    picks: { type: 'windowByTime', windowType: 'hopping' },
  },
  WindowByTimeOperationWithSlidingWindow: {
    keys: 'grace name timeDifference type windowType',
    picks: { type: 'windowByTime', windowType: 'sliding' },
  },
  WindowByTimeOperationWithTumblingWindow: {
    keys: 'duration grace name type windowType',
    picks: { type: 'windowByTime', windowType: 'tumbling' },
  },
  WindowStateStoreDefinition: {
    keys: 'caching keyType logging name persistent retainDuplicates retention timestamped type valueType windowSize',
    picks: { type: 'window' },
  },
  WindowStateStoreDefinitionWithImplicitKeyAndValueType: {
    keys: 'caching logging name persistent retainDuplicates retention timestamped type windowSize',
    picks: { type: 'window' },
  },
  WindowStateStoreDefinitionWithImplicitStoreTypeWithImplicitKeyAndValueType: {
    keys: 'caching logging name persistent retainDuplicates retention timestamped type windowSize',
  },
};
