import { gzipSync } from 'node:zlib';
import { decodeHelmRecord, isoSeconds, newestRecord } from './releaseRecords';

/** A record Secret as the API returns it: base64 of Helm's base64 of gzipped JSON. */
function record(version: number, status: string) {
  const json = JSON.stringify({
    name: 'a-ksml',
    namespace: 'apps',
    version,
    info: { status, last_deployed: '2026-11-25T19:04:20.123456789+01:00' },
    chart: {
      metadata: { name: 'ksml', version: '1.3.0', appVersion: '1.3.0' },
    },
    manifest: 'kind: StatefulSet',
  });
  const helmEncoded = gzipSync(json).toString('base64');
  return {
    metadata: {
      labels: {
        owner: 'helm',
        name: 'a-ksml',
        version: String(version),
        status,
      },
    },
    data: { release: Buffer.from(helmEncoded).toString('base64') },
  };
}

describe("Helm's release records", () => {
  it('picks the newest revision by its label and decodes it as helm get metadata prints it', () => {
    const newest = newestRecord([
      record(2, 'superseded'),
      record(10, 'deployed'),
      record(9, 'superseded'),
    ]);
    expect(decodeHelmRecord(newest!)).toEqual({
      name: 'a-ksml',
      chart: 'ksml',
      version: '1.3.0',
      appVersion: '1.3.0',
      namespace: 'apps',
      revision: 10,
      status: 'deployed',
      deployedAt: '2026-11-25T18:04:20Z',
    });
    expect(newestRecord([])).toBeUndefined();
  });

  it('keeps a timestamp it cannot read as it is', () => {
    expect(isoSeconds('not a date')).toBe('not a date');
  });
});
