import {
  definitionFileName,
  definitionFilesOf,
  runFilesOf,
} from './definitionFiles';

describe('definition files', () => {
  it("names a namespace's definition as the runner's ConfigMap does", () => {
    expect(definitionFileName('sensor-inspector')).toBe(
      'sensor-inspector.yaml',
    );
    expect(definitionFilesOf({ a: 'x: 1\n', b: 'y: 2\n' })).toEqual({
      'a.yaml': 'x: 1\n',
      'b.yaml': 'y: 2\n',
    });
  });

  it('lists every file a revision runs: definitions, then schemas', () => {
    expect(
      runFilesOf({
        definitions: { main: 'streams: {}\n' },
        schemas: [{ schemaFileName: 'SensorData.avsc', schemaBody: '{}' }],
      }),
    ).toEqual({ 'main.yaml': 'streams: {}\n', 'SensorData.avsc': '{}' });
  });
});
