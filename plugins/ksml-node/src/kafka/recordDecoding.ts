import type { KsmlRecordFormat } from '@ksml-backstage/plugin-ksml-common';

/** A record's key or value as shown: decoded where its declared type allows. */
export interface DecodedPart {
  value: unknown;
  format: KsmlRecordFormat;
  /** Why it is hex, or was cut. */
  note?: string;
}

/** Longest text or hex shown of one key, value or header (characters). */
export const MAX_SHOWN_CHARS = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Fixed-width numbers as Kafka's serializers (and KSML's binary notation) write them. */
const NUMBERS: Record<string, [number, (b: Buffer) => number | bigint]> = {
  byte: [1, b => b.readInt8(0)],
  short: [2, b => b.readInt16BE(0)],
  int: [4, b => b.readInt32BE(0)],
  integer: [4, b => b.readInt32BE(0)],
  long: [8, b => b.readBigInt64BE(0)],
  float: [4, b => b.readFloatBE(0)],
  double: [8, b => b.readDoubleBE(0)],
};

/** Text of valid UTF-8 without control characters (tabs and newlines allowed); else undefined. */
function text(bytes: Buffer): string | undefined {
  try {
    const decoded = strictUtf8.decode(bytes);
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000e-\u001f]/.test(decoded) ? undefined : decoded;
  } catch {
    return undefined;
  }
}

function cut(shown: string): { shown: string; note?: string } {
  return shown.length > MAX_SHOWN_CHARS
    ? {
        shown: shown.slice(0, MAX_SHOWN_CHARS),
        note: `cut at ${MAX_SHOWN_CHARS} characters`,
      }
    : { shown };
}

function hex(bytes: Buffer, note: string): DecodedPart {
  const { shown, note: cutNote } = cut(bytes.toString('hex'));
  return {
    value: shown,
    format: 'hex',
    note: cutNote ? `${note}; ${cutNote}` : note,
  };
}

function asText(value: string): DecodedPart {
  const { shown, note } = cut(value);
  return { value: shown, format: 'text', ...(note ? { note } : {}) };
}

/**
 * A key or value decoded by the KSML type its stream declares: `json` parsed, `string`, `csv`
 * and `xml` as text, numbers as Kafka's serializers write them (a `long` as text, since it may
 * exceed a JSON number), `boolean`; hex for what is not decoded here (binary, `bytes`, Avro,
 * Protobuf and registry notations) and for bytes that do not match their type, with a note
 * saying why. Without a declared type, text when it is text, else hex. Pure.
 */
export function decodeRecordPart(
  bytes: Buffer | null | undefined,
  type: string | undefined,
): DecodedPart {
  if (bytes === null || bytes === undefined)
    return { value: null, format: 'null' };
  // `json:Schema`, `csv:Schema`: the notation decides the bytes.
  const notation = (type ?? '').trim().split(':')[0].toLowerCase();
  if (notation === 'json') {
    const decoded = text(bytes);
    if (decoded !== undefined) {
      // Too long to show whole: the text, cut, like any other.
      if (decoded.length > MAX_SHOWN_CHARS) return asText(decoded);
      try {
        return { value: JSON.parse(decoded), format: 'json' };
      } catch (error) {
        return {
          ...asText(decoded),
          note: `not JSON (${(error as Error).message})`,
        };
      }
    }
    return hex(bytes, 'not UTF-8 text, so not JSON');
  }
  if (['string', 'csv', 'xml', 'soap'].includes(notation)) {
    const decoded = text(bytes);
    return decoded !== undefined
      ? asText(decoded)
      : hex(bytes, `not UTF-8 text, declared ${type}`);
  }
  const number = NUMBERS[notation];
  if (number) {
    const [size, read] = number;
    return bytes.length === size
      ? { value: String(read(bytes)), format: 'number' }
      : hex(bytes, `${bytes.length} bytes, where a ${notation} has ${size}`);
  }
  if (notation === 'boolean') {
    return bytes.length === 1
      ? { value: bytes[0] !== 0, format: 'boolean' }
      : hex(bytes, `${bytes.length} bytes, where a boolean has 1`);
  }
  if (!notation || notation === 'any' || notation === '?') {
    const decoded = text(bytes);
    return decoded !== undefined
      ? asText(decoded)
      : hex(bytes, 'no type declared, and not text');
  }
  return hex(bytes, `${type} is not decoded here`);
}

/** A header value: its text, or hex when it is not UTF-8 text. Pure. */
export function headerText(bytes: Buffer | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  const decoded = text(bytes);
  return cut(decoded ?? bytes.toString('hex')).shown;
}
