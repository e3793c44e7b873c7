import { KsmlClient } from './KsmlClient';
import { parseServerSentEvents } from './serverSentEvents';

describe('parseServerSentEvents', () => {
  it('splits complete events, keeps the rest, skips comments', () => {
    expect(
      parseServerSentEvents(
        ': following\n\ndata: {"a":1}\n\nevent: error\ndata: {"message":"x"}\n\ndata: {"b"',
      ),
    ).toEqual({
      events: [
        { event: 'message', data: '{"a":1}' },
        { event: 'error', data: '{"message":"x"}' },
      ],
      rest: 'data: {"b"',
    });
  });
});

describe('KsmlClient.followLogs', () => {
  /** A fetch whose answer is a stream of these chunks, cut where they are cut. */
  const streaming = (chunks: string[], status = 200) =>
    jest.fn(async (_url: string) => {
      const encoder = new TextEncoder();
      return new Response(
        new ReadableStream({
          start(controller) {
            for (const chunk of chunks)
              controller.enqueue(encoder.encode(chunk));
            controller.close();
          },
        }),
        { status, headers: { 'content-type': 'text/event-stream' } },
      );
    });
  const ref = {
    tenant: 't',
    instance: 'i',
    environment: 'dev',
    application: 'a',
    tailLines: 10,
  };

  it('calls back with each line, across chunks cut anywhere', async () => {
    const fetch = streaming([
      ': following\n\ndata: {"replica":"0","li',
      'ne":"one"}\n\ndata: {"replica":"1","line":"two"}\n',
      '\n',
    ]);
    const client = new KsmlClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/ksml' },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    });
    const lines: unknown[] = [];
    await client.followLogs(ref, line => lines.push(line));
    expect(lines).toEqual([
      { replica: '0', line: 'one' },
      { replica: '1', line: 'two' },
    ]);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/ksml/logs/follow?tenant=t&instance=i&environment=dev&application=a&tailLines=10',
    );
  });

  it('rejects with the message of an error event', async () => {
    const client = new KsmlClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/ksml' },
      fetchApi: {
        fetch: streaming([
          'event: error\ndata: {"message":"the cluster is unreachable"}\n\n',
        ]) as unknown as typeof globalThis.fetch,
      },
    });
    await expect(client.followLogs(ref, () => {})).rejects.toThrow(
      'the cluster is unreachable',
    );
  });
});

describe('KsmlClient.throughput', () => {
  it("asks for the trend's range only when one is given", async () => {
    const fetch = jest.fn(
      async (_url: string) => new Response('{}', { status: 200 }),
    );
    const client = new KsmlClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/ksml' },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    });
    const ref = {
      tenant: 't',
      instance: 'i',
      environment: 'dev',
      application: 'a',
    };
    await client.throughput(ref);
    await client.throughput(ref, { range: '6h' });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backend/api/ksml/throughput?tenant=t&instance=i&environment=dev&application=a',
      'http://backend/api/ksml/throughput?tenant=t&instance=i&environment=dev&application=a&range=6h',
    ]);
  });
});
