import { definitionsInValues } from './chartValuesDefinitions';

describe('definitionsInValues', () => {
  it("reads each KSML namespace's definition through the file the runner config names", () => {
    expect(
      definitionsInValues({
        ksmlRunnerConfig: {
          definitions: { copy: 'copy.yaml', filter: 'filter.yaml' },
          kafka: { 'application.id': 'dizzl-sandbox-copy' },
        },
        ksmlDefinitions: {
          'copy.yaml': 'streams: {}\n',
          'filter.yaml': 'pipelines: {}\n',
        },
      }),
    ).toEqual({
      applicationId: 'dizzl-sandbox-copy',
      definitions: { copy: 'streams: {}\n', filter: 'pipelines: {}\n' },
    });
  });

  it('gives no definitions for values of another shape, and leaves out a file that is missing', () => {
    expect(definitionsInValues({ replicaCount: 1 })).toEqual({
      definitions: {},
    });
    expect(definitionsInValues({ ksmlRunnerConfig: 'not an object' })).toEqual({
      definitions: {},
    });
    expect(
      definitionsInValues({
        ksmlRunnerConfig: { definitions: { a: 'a.yaml', b: 'b.yaml' } },
        ksmlDefinitions: { 'a.yaml': 'streams: {}\n' },
      }),
    ).toEqual({ definitions: { a: 'streams: {}\n' } });
  });
});
