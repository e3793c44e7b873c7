import { InputError } from '@backstage/errors';
import { readmeDeployRequest as readmeRequest } from '../testing/readmeDeployRequest';
import {
  deployRequestSchema,
  definitionFiles,
  MAX_CONFIGMAP_CONTENT_BYTES,
} from './deployRequest';
import { formatFieldPath, parseInput } from './parse';

const parse = (input: unknown) =>
  parseInput(deployRequestSchema, input, 'deploy request');
const errorOf = (input: unknown): string => {
  try {
    parse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected the request to be refused');
};

describe('deployRequestSchema', () => {
  it("accepts the readme's sample and applies the defaults", () => {
    const request = parse(readmeRequest);
    expect(request.deploymentMode).toBe('StatefulSet');
    expect(request.replicas).toBe(1);
    expect(definitionFiles(request)).toEqual({
      'sensor-inspector': 'sensor-inspector.yaml',
    });
  });

  it('accepts the extensions', () => {
    const request = parse({
      ...readmeRequest,
      definition: undefined,
      definitions: {
        inspector: readmeRequest.definition,
        second: readmeRequest.definition,
      },
      deploymentMode: 'Job',
      resources: {
        requests: { cpu: '250m', memory: '512Mi' },
        limits: { memory: '1Gi' },
      },
      storage: { size: '1Gi', storageClassName: 'standard' },
      kafkaProperties: {
        'bootstrap.servers': 'b:9092',
        'linger.ms': 5,
        'enable.idempotence': true,
      },
    });
    expect(definitionFiles(request)).toEqual({
      inspector: 'inspector.yaml',
      second: 'second.yaml',
    });
    expect(request.kafkaProperties['linger.ms']).toBe('5');
  });

  it.each([
    [{ tenant: 'Dizzl' }, 'tenant: must be lowercase letters'],
    [{ instance: undefined }, 'instance: is required'],
    [
      { environment: 'a'.repeat(64) },
      'environment: must be at most 63 characters',
    ],
    [
      { application: 'sensor_inspector' },
      'application: must be lowercase letters',
    ],
    [{ replicas: 51 }, 'replicas: must be at most 50'],
    [{ replicas: 1.5 }, 'replicas: must be a whole number'],
    [{ replicas: '2' }, 'replicas: must be a number'],
    [
      { deploymentMode: 'Deployment' },
      'deploymentMode: must be one of "StatefulSet", "Job"',
    ],
    [
      { definition: undefined },
      'definition: is required (or give definitions)',
    ],
    [
      { definitions: { x: 'pipelines: {p: {from: s}}' } },
      'definitions: cannot be given together with definition',
    ],
    [
      { kafkaProperties: { 'application.id': 'x' } },
      'kafkaProperties: must hold bootstrap.servers',
    ],
    [
      { schemas: [{ schemaFileName: '../etc/passwd', schemaBody: '' }] },
      'schemas[0].schemaFileName: must be a file name',
    ],
    [
      {
        schemas: [{ schemaFileName: 'sensor-inspector.yaml', schemaBody: '' }],
      },
      'schemas[0].schemaFileName: "sensor-inspector.yaml" is used twice (or by a definition)',
    ],
    [
      { resources: { requests: { cpu: 'lots' } } },
      'resources.requests.cpu: must be a Kubernetes quantity',
    ],
    [
      { storage: { size: '1 GB' } },
      'storage.size: must be a Kubernetes quantity',
    ],
    [{ replicaCount: 2 }, 'unknown field "replicaCount"'],
    [
      {
        kafkaProperties: {
          'bootstrap.servers': 'broker:9093',
          'sasl.jaas.config': 'a\nb',
        },
      },
      'kafkaProperties["sasl.jaas.config"]: must not contain control characters',
    ],
    [
      {
        kafkaProperties: {
          'bootstrap.servers': 'broker:9093',
          'x\u0000y': 'v',
        },
      },
      'must not contain control characters',
    ],
    [
      { kafkaProperties: { 'bootstrap.servers': 'broker' } },
      'kafkaProperties["bootstrap.servers"]: must be host:port[,host:port] (got "broker")',
    ],
    [
      { kafkaProperties: { 'bootstrap.servers': 'a:1;b:2' } },
      'kafkaProperties["bootstrap.servers"]: must be host:port',
    ],
  ])('refuses %j naming the field', (override, message) => {
    expect(errorOf({ ...readmeRequest, ...override })).toContain(message);
  });

  it.each([
    'broker:9093',
    'a.example.com:9092, b.example.com:9092',
    'SASL_SSL://kafka-0:9094,SASL_SSL://kafka-1:9094',
    '10.0.0.1:9092,[::1]:9092',
  ])('accepts bootstrap.servers %s', servers => {
    expect(() =>
      deployRequestSchema.parse({
        ...readmeRequest,
        kafkaProperties: { 'bootstrap.servers': servers },
      }),
    ).not.toThrow();
  });

  it('names the definition problem with its path and line', () => {
    const message = errorOf({
      ...readmeRequest,
      definition:
        'streams:\n  s: {topic: a, keyType: string, valueType: string}\npipelines:\n  p:\n    to: out\n',
    });
    expect(message).toContain(
      'definition: is not a valid KSML definition: line 4: pipelines.p.from: is required',
    );
  });

  it('names which of several definitions is wrong', () => {
    const message = errorOf({
      ...readmeRequest,
      definition: undefined,
      definitions: { good: readmeRequest.definition, bad: 'pipelines: [' },
    });
    expect(message).toMatch(
      /definitions\.bad: is not a valid KSML definition: line 1: YAML syntax/,
    );
  });

  it('refuses definitions and schemas over the ConfigMap limit', () => {
    const big = 'x'.repeat(MAX_CONFIGMAP_CONTENT_BYTES);
    const message = errorOf({
      ...readmeRequest,
      schemas: [{ schemaFileName: 'big.avsc', schemaBody: big }],
    });
    expect(message).toMatch(
      /definitions, schemas and Kafka properties take \d+ bytes, over the 1000000-byte limit/,
    );
  });

  it('reports every wrong field at once', () => {
    const message = errorOf({ ...readmeRequest, tenant: 'A', replicas: -1 });
    expect(message).toContain('tenant: ');
    expect(message).toContain('replicas: must be 0 or more');
  });

  describe('a __proto__ key (an own key, as JSON.parse makes it)', () => {
    const withJson = (json: string, base: object = readmeRequest) =>
      JSON.parse(JSON.stringify(base).replace(/^\{/, `{${json},`));

    it('is named first where the schema would read it', () => {
      expect(
        errorOf(
          withJson(`"definitions":{"__proto__":"pipelines: {}","ok":"x: 1"}`, {
            ...readmeRequest,
            definition: undefined,
          }),
        ),
      ).toMatch(
        /^Invalid deploy request: definitions\.__proto__: "__proto__" is not allowed as a name/,
      );
      expect(errorOf(withJson(`"__proto__":1`))).toMatch(
        /^Invalid deploy request: __proto__: "__proto__" is not allowed as a name/,
      );
    });

    it('is beside the point inside a field refused as a whole', () => {
      // An unknown field, and a known one of the wrong type: the field is what to fix.
      expect(errorOf(withJson(`"extra":{"__proto__":{"a":1}}`))).toBe(
        'Invalid deploy request: unknown field "extra"',
      );
      expect(errorOf(withJson(`"-":[{"__proto__":null}]`))).toBe(
        'Invalid deploy request: unknown field "-"',
      );
      expect(errorOf(withJson(`"resources":[{"__proto__":"1Gi"}]`))).toMatch(
        /^Invalid deploy request: resources: must be a object$/,
      );
    });
  });
});

describe('formatFieldPath', () => {
  it('writes dotted keys in brackets', () => {
    expect(formatFieldPath(['kafkaProperties', 'bootstrap.servers'])).toBe(
      'kafkaProperties["bootstrap.servers"]',
    );
    expect(formatFieldPath(['schemas', 0, 'schemaFileName'])).toBe(
      'schemas[0].schemaFileName',
    );
  });
});
