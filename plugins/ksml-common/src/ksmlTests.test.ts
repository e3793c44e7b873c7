import { definitionNameOf, testSuiteProblems } from './ksmlTests';
import { deployRequestSchema } from './schema/deployRequest';
import { readmeDeployRequest } from './testing/readmeDeployRequest';

const suite = (definition: string, extra = '') => `name: copies
definition: ${definition}
streams:
  source: {topic: in}
tests:
  one:
    produce:
      - to: source
        messages: [{key: k, value: v}]
    assert:
      - on: source
        code: assert len(records) == 1
${extra}`;

describe('testSuiteProblems', () => {
  it('accepts a suite naming a definition by its namespace or its file', () => {
    expect(
      testSuiteProblems(
        {
          a: suite('app'),
          b: suite('app.yaml'),
          c: suite('pipelines/app.yml'),
          d: suite('app', 'schemaDirectory: schemas'),
        },
        ['app'],
      ),
    ).toEqual([]);
  });

  it.each([
    ['definition: [', /^YAML syntax: line 1:/],
    ['- a list', /^must be a KSML test suite/],
    [
      'tests: {one: {}}',
      /^definition: is required: the definition it tests \("app"\)$/,
    ],
    [
      suite('other'),
      /^definition: "other" is none of this request's definitions \("app"\)$/,
    ],
    ['definition: app\ntests: {}', /^tests: is required/],
    ['definition: app', /^tests: is required/],
    [
      suite('app', 'moduleDirectory: modules'),
      /^moduleDirectory: is not supported/,
    ],
    [
      suite('app', 'schemaDirectory: [a]'),
      /^schemaDirectory: must be a folder name/,
    ],
  ])('refuses %j, saying why', (text, message) => {
    const problems = testSuiteProblems({ s: text }, ['app']);
    expect(problems).toEqual([
      { suite: 's', message: expect.stringMatching(message) },
    ]);
  });

  it('names the suite of each problem', () => {
    expect(
      testSuiteProblems({ good: suite('a'), bad: suite('c') }, ['a', 'b']).map(
        p => p.suite,
      ),
    ).toEqual(['bad']);
  });
});

describe('definitionNameOf', () => {
  it('finds the namespace of a file name with or without its folder', () => {
    expect(definitionNameOf('x/y/app.yaml', ['app'])).toBe('app');
    expect(definitionNameOf('app', ['app', 'other'])).toBe('app');
    expect(definitionNameOf('application', ['app'])).toBeUndefined();
  });
});

describe('tests in a deploy request', () => {
  const request = readmeDeployRequest;

  it('are validated against the request’s definitions, naming the suite', () => {
    const parsed = deployRequestSchema.safeParse({
      ...request,
      tests: { ok: suite(request.application), wrong: suite('nope') },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ['tests', 'wrong'],
        message: expect.stringContaining('"nope" is none of'),
      }),
    ]);
  });

  it('are optional, and requireTests needs them', () => {
    expect(deployRequestSchema.safeParse(request).success).toBe(true);
    const parsed = deployRequestSchema.safeParse({
      ...request,
      requireTests: true,
    });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ['requireTests'],
        message: 'needs tests to run',
      }),
    ]);
  });

  it('refuse a suite name that is not a file name', () => {
    const parsed = deployRequestSchema.safeParse({
      ...request,
      tests: { '../x': suite(request.application) },
    });
    expect(parsed.error?.issues[0].path).toEqual(['tests', '../x']);
  });
});
