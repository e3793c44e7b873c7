import { asObj, describeFunction, details, text } from './context';

// What the sink nodes of pipelines and branches (`forEach`, `print`, `toTopicNameExtractor`)
// show, and which function each calls.

/** The function a sink calls (its stores are drawn too). */
export function sinkFunction(sink: string, value: unknown): unknown {
  if (sink === 'forEach') return value;
  if (sink === 'print') return asObj(value)?.mapper;
  return extractorOf(value);
}

/**
 * A `toTopicNameExtractor`'s function: a name, `{topicNameExtractor, partitioner}` as KSML's
 * parser reads it, or an inline function given directly as some of KSML's docs show it.
 */
function extractorOf(value: unknown): unknown {
  const inline = asObj(value);
  return inline && 'topicNameExtractor' in inline
    ? inline.topicNameExtractor
    : value;
}

/** The tooltip of a `forEach`, `print` or `toTopicNameExtractor` sink node. */
export function sinkDetail(sink: string, value: unknown): string | undefined {
  const settings = asObj(value);
  if (sink === 'forEach') return describeFunction(value);
  if (sink === 'print') {
    return details([
      ['filename', text(settings?.filename)],
      ['label', text(settings?.label)],
      ['mapper', describeFunction(settings?.mapper)],
    ]);
  }
  return details([
    ['topicNameExtractor', describeFunction(extractorOf(value))],
    ['partitioner', describeFunction(settings?.partitioner)],
  ]);
}
