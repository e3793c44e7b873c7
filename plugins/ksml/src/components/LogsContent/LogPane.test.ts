import { plainLine, taggedLine } from './LogPane';

describe('taggedLine', () => {
  it("prefixes each line with its replica in that replica's colour", () => {
    expect(taggedLine({ replica: '0', line: 'x' })).toBe(
      '\u001b[36m[0]\u001b[0m x',
    );
    expect(taggedLine({ replica: '1', line: 'y' })).toBe(
      '\u001b[35m[1]\u001b[0m y',
    );
  });

  it('leaves a line without a replica as it is', () => {
    expect(taggedLine({ line: 'plain' })).toBe('plain');
  });
});

describe('plainLine', () => {
  it('tags the line with its replica in plain text, for a downloaded file', () => {
    expect(plainLine({ replica: '2', line: 'z' })).toBe('[2] z');
    expect(plainLine({ line: 'z' })).toBe('z');
  });
});
