import { changedDefinitions } from './changedDefinitions';

describe('changedDefinitions', () => {
  it.each<{
    case: string;
    source: Record<string, string>;
    target?: Record<string, string>;
    wanted: string[];
  }>([
    {
      case: 'nothing in the target: all',
      source: { b: 'x', a: 'y' },
      target: undefined,
      wanted: ['a', 'b'],
    },
    {
      case: 'the same: none',
      source: { a: 'x' },
      target: { a: 'x' },
      wanted: [],
    },
    {
      case: 'changed, added and removed',
      source: { a: 'x', b: 'new', c: 'added' },
      target: { a: 'x', b: 'old', d: 'removed' },
      wanted: ['b', 'c', 'd'],
    },
  ])('$case', ({ source, target, wanted }) => {
    expect(changedDefinitions(source, target)).toEqual(wanted);
  });
});
