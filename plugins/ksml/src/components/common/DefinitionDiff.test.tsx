import { render, screen, within } from '@testing-library/react';
import type { Theme } from '@material-ui/core/styles';
import { themes } from '@backstage/theme';
import { contrastOn, MIN_TEXT_CONTRAST } from './contrast';
import { DefinitionDiff, diffColours } from './DefinitionDiff';

const definition = (colour: string) =>
  [
    'streams:',
    '  sensor_source:',
    '    topic: ksml_sensordata_avro',
    'pipelines:',
    '  main:',
    '    from: sensor_source',
    `    where: value.get('color') == '${colour}'`,
    '    to: ksml_sensordata_filtered',
    '',
  ].join('\n');

describe('DefinitionDiff', () => {
  it('says "No changes" when the files are the same', () => {
    render(
      <DefinitionDiff
        before={{ main: definition('blue') }}
        after={{ main: definition('blue') }}
      />,
    );
    expect(screen.getByText('No changes')).toBeInTheDocument();
  });

  it("shows a changed file's removed and added lines with the lines around them", () => {
    render(
      <DefinitionDiff
        before={{ main: definition('blue') }}
        after={{ main: definition('red') }}
      />,
    );
    const file = screen.getByRole('region', { name: 'Changes to main' });
    expect(
      within(file).getByText('main: 1 line added, 1 line removed'),
    ).toBeInTheDocument();
    expect(
      within(file).getByText("- where: value.get('color') == 'blue'"),
    ).toHaveAttribute('data-diff', 'removed');
    expect(
      within(file).getByText("+ where: value.get('color') == 'red'"),
    ).toHaveAttribute('data-diff', 'added');
    expect(within(file).getByText('from: sensor_source')).toHaveAttribute(
      'data-diff',
      'same',
    );
    expect(within(file).getByText('Line 4')).toBeInTheDocument();
    // Only three lines of context: the first lines are not shown.
    expect(within(file).queryByText('streams:')).toBeNull();
  });

  it('shows added and removed files whole, and leaves unchanged ones out', () => {
    render(
      <DefinitionDiff
        before={{ old: 'a: 1\n', kept: 'k: 1\n' }}
        after={{ fresh: 'b: 2\nc: 3\n', kept: 'k: 1\n' }}
      />,
    );
    const fresh = screen.getByRole('region', { name: 'Changes to fresh' });
    expect(within(fresh).getByText('fresh: added')).toBeInTheDocument();
    expect(within(fresh).getByText('+ b: 2')).toBeInTheDocument();
    expect(within(fresh).getByText('+ c: 3')).toBeInTheDocument();
    const old = screen.getByRole('region', { name: 'Changes to old' });
    expect(within(old).getByText('old: removed')).toBeInTheDocument();
    expect(within(old).getByText('- a: 1')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Changes to kept' }),
    ).toBeNull();
  });

  it('scrolls long lines in its own box, so a narrow screen keeps its width', () => {
    render(<DefinitionDiff before={{ main: 'a\n' }} after={{ main: 'b\n' }} />);
    const line = screen.getByText('+ b');
    expect(line).toHaveStyle({ whiteSpace: 'pre' });
    expect(line.parentElement!.parentElement).toHaveStyle({
      overflowX: 'auto',
    });
  });
});

describe.each([
  ['light', themes.light.getTheme('v4') as Theme],
  ['dark', themes.dark.getTheme('v4') as Theme],
])('diffColours in the Backstage %s theme', (_name, theme) => {
  it('paints every kind of line at WCAG AA contrast on its background', () => {
    const unreadable = Object.entries(diffColours(theme)).filter(
      ([, { color, background }]) =>
        contrastOn(color, background) < MIN_TEXT_CONTRAST,
    );
    expect(unreadable).toEqual([]);
  });

  it('tells added from removed lines by hue, not only by their marker', () => {
    const { added, removed } = diffColours(theme);
    expect(added.background).not.toBe(removed.background);
    expect(added.color).not.toBe(removed.color);
  });
});
