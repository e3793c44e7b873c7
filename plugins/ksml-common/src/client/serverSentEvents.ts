/** One server-sent event: its type (`message` by default) and its data. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * The complete events in a server-sent events text, and the incomplete rest to prepend to the
 * next chunk. Comments (`: keep-alive`) are skipped.
 */
export function parseServerSentEvents(text: string): {
  events: ServerSentEvent[];
  rest: string;
} {
  const blocks = text.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap(block => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:'))
        data.push(line.slice(5).replace(/^ /, ''));
    }
    return data.length > 0 ? [{ event, data: data.join('\n') }] : [];
  });
  return { events, rest };
}
