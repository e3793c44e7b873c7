import { parse } from 'yaml';
import { starterDefinition } from '@ksml-backstage/plugin-ksml-common';
import { MUTATION_KINDS, mutationsOf } from './mutations';

describe('mutationsOf', () => {
  const filter = starterDefinition('filter', { application: 'app' });
  const producer = starterDefinition('producer', { application: 'app' });

  it('makes each kind of mistake that fits a definition, once, naming its place', () => {
    const made = mutationsOf(filter);
    expect(made.map(m => m.kind)).toEqual(
      MUTATION_KINDS.filter(
        kind =>
          !['unknown-store', 'missing-generator', 'bad-interval'].includes(
            kind,
          ),
      ),
    );
    const byKind = Object.fromEntries(made.map(m => [m.kind, m]));
    expect(parse(byKind['unknown-from'].text).pipelines).toMatchObject({
      filter_blue_sensors: { from: 'no_such_name' },
    });
    expect(byKind['unknown-from'].place).toBe(
      'pipelines.filter_blue_sensors.from',
    );
    expect(byKind['unknown-operation'].place).toBe(
      'pipelines.filter_blue_sensors.via[0].type',
    );
    expect(() => parse(byKind['yaml-syntax'].text)).toThrow();
    expect(parse(byKind['nothing-to-run'].text)).not.toHaveProperty(
      'pipelines',
    );
  });

  it("makes a producer's mistakes of a producer", () => {
    const byKind = Object.fromEntries(
      mutationsOf(producer).map(m => [m.kind, m]),
    );
    expect(byKind['bad-interval'].place).toMatch(/^producers\.\w+\.interval$/);
    expect(
      Object.values(parse(byKind['missing-generator'].text).producers)[0],
    ).not.toHaveProperty('generator');
    expect(byKind['unknown-function'].place).toMatch(
      /^producers\.\w+\.generator$/,
    );
  });

  it('leaves a text that is not a YAML mapping alone, and gives the same mutations each time', () => {
    expect(mutationsOf('- a\n- b\n')).toEqual([]);
    expect(mutationsOf(filter)).toEqual(mutationsOf(filter));
  });
});
