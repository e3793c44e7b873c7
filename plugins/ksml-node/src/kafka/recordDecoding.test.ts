import {
  decodeRecordPart,
  headerText,
  MAX_SHOWN_CHARS,
} from './recordDecoding';

const long = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};

describe('decodeRecordPart', () => {
  it.each([
    [
      'json',
      Buffer.from('{"a":[1,2]}'),
      { value: { a: [1, 2] }, format: 'json' },
    ],
    ['json:SensorData', Buffer.from('7'), { value: 7, format: 'json' }],
    ['string', Buffer.from('sensør'), { value: 'sensør', format: 'text' }],
    ['csv', Buffer.from('a,b,1'), { value: 'a,b,1', format: 'text' }],
    [
      'long',
      long(9007199254740993n),
      { value: '9007199254740993', format: 'number' },
    ],
    [
      'int',
      Buffer.from([0xff, 0xff, 0xff, 0xfe]),
      { value: '-2', format: 'number' },
    ],
    ['boolean', Buffer.from([1]), { value: true, format: 'boolean' }],
    [
      undefined,
      Buffer.from('plain text'),
      { value: 'plain text', format: 'text' },
    ],
  ])('decodes %s as its stream declares it', (type, bytes, expected) => {
    expect(decodeRecordPart(bytes, type)).toEqual(expected);
  });

  it('is null for a null key or value (a tombstone)', () => {
    expect(decodeRecordPart(null, 'json')).toEqual({
      value: null,
      format: 'null',
    });
  });

  it('shows what it does not decode as hex, saying why', () => {
    expect(
      decodeRecordPart(Buffer.from([0, 0, 0, 1, 2]), 'avro:SensorData'),
    ).toEqual({
      value: '0000000102',
      format: 'hex',
      note: 'avro:SensorData is not decoded here',
    });
    expect(decodeRecordPart(Buffer.from([1, 2]), 'long')).toMatchObject({
      format: 'hex',
      note: '2 bytes, where a long has 8',
    });
    expect(decodeRecordPart(Buffer.from([0xc3, 0x28]), 'string')).toMatchObject(
      {
        format: 'hex',
        note: 'not UTF-8 text, declared string',
      },
    );
    expect(decodeRecordPart(Buffer.from([0, 1]), undefined)).toMatchObject({
      format: 'hex',
    });
  });

  it('keeps text that is not JSON as text, with the parse error', () => {
    expect(decodeRecordPart(Buffer.from('not {json'), 'json')).toMatchObject({
      value: 'not {json',
      format: 'text',
      note: expect.stringMatching(/^not JSON \(/),
    });
  });

  it('cuts a long value, saying so', () => {
    const decoded = decodeRecordPart(
      Buffer.from('x'.repeat(MAX_SHOWN_CHARS + 5)),
      'string',
    );
    expect((decoded.value as string).length).toBe(MAX_SHOWN_CHARS);
    expect(decoded.note).toBe(`cut at ${MAX_SHOWN_CHARS} characters`);
  });
});

describe('headerText', () => {
  it('is text, hex for binary, null for none', () => {
    expect(headerText(Buffer.from('gateway-1'))).toBe('gateway-1');
    expect(headerText(Buffer.from([0, 255]))).toBe('00ff');
    expect(headerText(null)).toBeNull();
  });
});
