import { parse } from 'yaml';
import { testRunFiles } from './testFiles';

const suite = (definition: string, extra = '') =>
  `definition: ${definition}\n${extra}tests:\n  one: {produce: [], assert: []}\n`;

describe('testRunFiles', () => {
  it('lays out definitions, schemas and suites, each suite pointed at its definition and the schemas', () => {
    const files = testRunFiles({
      application: 'app',
      definitions: { main: 'pipelines: {}', side: 'streams: {}' },
      schemas: [{ schemaFileName: 'SensorData.avsc', schemaBody: '{}' }],
      tests: {
        copies: suite('side.yaml', 'schemaDirectory: somewhere/else\n'),
        named: `name: My suite\n${suite('main')}`,
      },
    });
    expect(Object.keys(files).sort()).toEqual([
      'definitions/main.yaml',
      'definitions/side.yaml',
      'schemas/SensorData.avsc',
      'tests/copies.yaml',
      'tests/named.yaml',
    ]);
    expect(files['definitions/side.yaml']).toBe('streams: {}');
    expect(parse(files['tests/copies.yaml'])).toEqual({
      name: 'copies',
      definition: '../definitions/side.yaml',
      schemaDirectory: '../schemas',
      tests: { one: { produce: [], assert: [] } },
    });
    expect(parse(files['tests/named.yaml'])).toMatchObject({
      name: 'My suite',
      definition: '../definitions/main.yaml',
    });
  });

  it("runs the readme's single definition under the application's name, without a schema folder when there are no schemas", () => {
    const files = testRunFiles({
      application: 'app',
      definition: 'pipelines: {}',
      schemas: [],
      tests: { t: suite('app', 'schemaDirectory: schemas\n') },
    });
    expect(files['definitions/app.yaml']).toBe('pipelines: {}');
    expect(parse(files['tests/t.yaml'])).not.toHaveProperty('schemaDirectory');
  });
});
