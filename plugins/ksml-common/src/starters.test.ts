import { deployRequestSchema } from './schema/deployRequest';
import { parseInput } from './schema/parse';
import { KSML_STARTERS, starterDefinition } from './starters';
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
