import { deployRequestSchema } from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { buildValues } from '../chart/buildValues';
import type { HelmReleaseJson } from './releaseRecords';
import {
  findRevision,
  revisionDefinition,
  revisionNotFound,
} from './revisionDefinition';

/** A small valid KSML definition that logs what it reads from `topic`. */
const logging = (topic: string) =>
  `streams: {in: {topic: ${topic}, keyType: string, valueType: string}}\npipelines: {p: {from: in, forEach: {code: 'log.info("{}", value)'}}}\n`;

/** A Helm record of a revision whose values buildValues made from the request. */
const record = (
  version: number,
  status: string,
  request: Record<string, unknown> = {},
): HelmReleaseJson => ({
  name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
  namespace: 'ksml-dev',
  version,
  info: { status, last_deployed: '2026-11-25T10:00:00.123456789+01:00' },
  config: buildValues(
    deployRequestSchema.parse({ ...readmeDeployRequest, ...request }),
  ).values,
});

describe('revisionDefinition', () => {
  it('reads back what a deploy request installed: definitions by namespace, schemas, replicas', () => {
    const twoDefinitions = {
      definition: undefined,
      definitions: { enrich: logging('a'), inspect: logging('b') },
      schemas: [
        { schemaFileName: 'b.json', schemaBody: '{"type":"object"}' },
        { schemaFileName: 'A.avsc', schemaBody: '{"type":"string"}' },
      ],
      replicas: 3,
    };
    expect(
      revisionDefinition(record(4, 'deployed', twoDefinitions), 'x'),
    ).toEqual({
      revision: 4,
      status: 'deployed',
      deployedAt: '2026-11-25T09:00:00Z',
      applicationId: 'io.axual.sensor-inspector',
      definitions: twoDefinitions.definitions,
      schemas: [
        { schemaFileName: 'A.avsc', schemaBody: '{"type":"string"}' },
        { schemaFileName: 'b.json', schemaBody: '{"type":"object"}' },
      ],
      replicas: 3,
      deploymentMode: 'StatefulSet',
    });
  });

  it("names the readme's single definition after the app, and falls back to the default application.id", () => {
    const read = revisionDefinition(
      record(1, 'superseded', {
        kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
      }),
      'not-this-one',
    );
    expect(read.definitions).toEqual({
      'sensor-inspector': readmeDeployRequest.definition,
    });
    expect(read.schemas).toEqual(readmeDeployRequest.schemas);
    // buildValues writes the default id into the values; values without one take the fallback.
    expect(read.applicationId).toBe('dizzl.sandbox.dev.sensor-inspector');
    expect(
      revisionDefinition(
        { name: 'r', namespace: 'n', version: 1, config: {} },
        'fallback-id',
      ),
    ).toEqual({
      revision: 1,
      status: 'unknown',
      deployedAt: '',
      applicationId: 'fallback-id',
      definitions: {},
      schemas: [],
    });
  });
});

describe('findRevision', () => {
  const records = [
    record(3, 'failed'),
    record(2, 'deployed'),
    record(1, 'superseded'),
  ];

  it('finds the deployed revision by default (not a newer failed one), or the one asked for', () => {
    expect(findRevision(records)?.version).toBe(2);
    expect(findRevision(records, 1)?.version).toBe(1);
    expect(findRevision(records, 3)?.version).toBe(3);
    expect(findRevision(records, 9)).toBeUndefined();
    expect(findRevision([record(1, 'failed')])).toBeUndefined();
  });

  it('says which revisions Helm keeps when the one asked for is not among them', () => {
    const error = revisionNotFound('app-ksml', 9, records);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toBe(
      'revision: app-ksml has no revision 9; Helm keeps 1, 2, 3',
    );
    expect((error as { reason?: string }).reason).toBe('RevisionNotFound');
  });
});
