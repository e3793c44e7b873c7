import { starterFor } from '../../scaffolder/KsmlDefinitionField';
import { definitionProblem } from './definitionCheck';

describe('definitionProblem', () => {
  it("says what is wrong in the backend's words, or nothing", () => {
    expect(definitionProblem('')).toBe('Enter a KSML definition');
    expect(definitionProblem('pipelines:\n  p:\n    to: x\n')).toBe(
      'Not a valid KSML definition: line 2: pipelines.p.from: is required',
    );
    expect(
      definitionProblem(starterFor({ application: 'a', starter: 'producer' })),
    ).toBeUndefined();
  });
});
