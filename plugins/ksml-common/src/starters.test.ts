import { deployRequestSchema } from './schema/deployRequest';
import { parseInput } from './schema/parse';
import {
  KSML_STARTERS,
  STARTER_SCHEMAS,
  starterDefinition,
  starterTests,
} from './starters';
import { readmeDeployRequest } from './testing/readmeDeployRequest';

describe('starterDefinition', () => {
  it.each(KSML_STARTERS)(
    'gives the %s starter as a definition the backend accepts',
    starter => {
      const definition = starterDefinition(starter, {
        application: 'my-app',
        inputTopic: 'in',
        outputTopic: 'out',
      });
      expect(() =>
        parseInput(
          deployRequestSchema,
          { ...readmeDeployRequest, definition },
          'deploy request',
        ),
      ).not.toThrow();
      expect(definition).toContain('topic: out');
      expect(definition).toContain('# KSML definition of my-app');
    },
  );

  it("uses the starter's own output topic when none is given", () => {
    expect(starterDefinition('filter', { application: 'a' })).toContain(
      'topic: ksml_sensordata_blue',
    );
    expect(
      starterDefinition('producer', { application: 'a', outputTopic: ' ' }),
    ).toContain('topic: ksml_sensordata_json');
    expect(starterDefinition('copy', { application: 'a' })).toContain(
      'topic: ksml_sensordata_avro',
    );
  });
});

describe('the starters’ schemas and tests', () => {
  it('are the schemas the template skeleton ships', () => {
    const { readFileSync } =
      jest.requireActual<typeof import('node:fs')>('node:fs');
    const skeleton = readFileSync(
      `${__dirname}/../../../templates/ksml-app/skeleton/schemas/SensorData.avsc`,
      'utf8',
    );
    expect(STARTER_SCHEMAS.map(s => s.schemaFileName)).toEqual([
      'SensorData.avsc',
    ]);
    expect(JSON.parse(STARTER_SCHEMAS[0].schemaBody)).toEqual(
      JSON.parse(skeleton),
    );
  });

  it('the producer starter has none: it reads nothing', () => {
    expect(starterTests('producer', { application: 'my-app' })).toBeUndefined();
  });

  it.each(KSML_STARTERS.filter(s => s !== 'producer'))(
    'the %s starter’s test is a valid suite of its definition',
    starter => {
      const options = { application: 'my-app', outputTopic: 'out' };
      const tests = starterTests(starter, options);
      const parsed = deployRequestSchema.safeParse({
        ...readmeDeployRequest,
        application: 'my-app',
        definition: starterDefinition(starter, options),
        schemas: [...STARTER_SCHEMAS],
        tests: { 'my-app': tests },
      });
      expect(parsed.error?.issues).toBeUndefined();
      expect(tests).toContain('topic: out');
    },
  );
});
