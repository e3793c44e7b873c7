import { screen } from '@testing-library/react';
import {
  getContrastRatio,
  ThemeProvider,
  type Theme,
} from '@material-ui/core/styles';
// The app's own themes, to measure the colours chosen in both.
import { themes } from '@backstage/theme';
import { renderInTestApp } from '@backstage/test-utils';
import {
  contrastOn,
  MIN_TEXT_CONTRAST,
  opaqueOn,
  readableBehind,
  readableOn,
} from './contrast';
import { logViewerStyles, LogPane } from '../LogsContent/LogPane';
import { confirmBackgrounds } from '../StatusCard/ConfirmDialog';
import { undeployColour } from '../StatusCard/StatusActions';
import { secondaryTextColour, textBackgrounds } from './ReadableText';

describe('opaqueOn', () => {
  it('blends a translucent colour into its background', () => {
    // Material UI's light text.secondary: black at 54 % on white shows as #757575.
    expect(opaqueOn('rgba(0, 0, 0, 0.54)', '#fff')).toBe('rgb(117, 117, 117)');
    expect(opaqueOn('#00acc1', '#fff')).toBe('#00acc1');
  });
});

describe('contrastOn', () => {
  it("measures as Material UI's getContrastRatio does, unrounded", () => {
    for (const [text, background] of [
      ['#00acc1', '#fff'],
      ['#ff88b2', '#424242'],
      ['rgb(209, 155, 218)', '#424242'],
    ]) {
      expect(contrastOn(text, background)).toBeCloseTo(
        getContrastRatio(text, background),
        1,
      );
    }
    // Material UI rounds luminance, and rates this one 4.53:1; it is 4.504:1.
    expect(contrastOn('rgb(209, 155, 218)', '#424242')).toBeCloseTo(4.504, 3);
  });

  it('measures translucent text as it shows', () => {
    expect(contrastOn('rgba(0, 0, 0, 0.54)', '#fff')).toBeCloseTo(4.61, 2);
    expect(contrastOn('#000', '#fff')).toBe(21);
  });
});

describe('readableOn', () => {
  it('keeps a colour that already reads', () => {
    expect(readableOn('#ab47bc', '#fff')).toBe('#ab47bc');
  });

  it('darkens a pale colour on a light background, lightens a dark one on a dark background', () => {
    const onWhite = readableOn('#00bcd4', '#fff');
    expect(contrastOn(onWhite, '#fff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastOn(onWhite, '#fff')).toBeLessThan(4.7); // the nearest shade, not black
    const onGrey = readableOn('#9c27b0', '#424242');
    expect(contrastOn(onGrey, '#424242')).toBeGreaterThanOrEqual(4.5);
  });

  it('ends at black, whatever is asked', () => {
    expect(contrastOn(readableOn('#ffeb3b', '#fff', 21), '#fff')).toBe(21);
  });
});

describe('readableBehind', () => {
  it('darkens a background until white text reads on it', () => {
    expect(contrastOn('#fff', '#f50057')).toBeLessThan(4.5);
    expect(
      contrastOn('#fff', readableBehind('#f50057', '#fff')),
    ).toBeGreaterThanOrEqual(4.5);
    expect(readableBehind('#c51162', '#fff')).toBe('#c51162');
  });
});

// WCAG AA (4.5:1 for text) for the colours the views choose, in the themes the app offers.
describe.each([
  ['light', themes.light.getTheme('v4') as Theme],
  ['dark', themes.dark.getTheme('v4') as Theme],
])('in the Backstage %s theme', (_name, theme) => {
  const paper = theme.palette.background.paper;
  const render = (element: JSX.Element) =>
    renderInTestApp(<ThemeProvider theme={theme}>{element}</ThemeProvider>);

  it("paints LogViewer's line numbers and the replicas' ANSI colours readably on paper", () => {
    const styles = logViewerStyles(theme) as Record<string, { color: string }>;
    const painted = [
      'lineNumber',
      'modifierForegroundCyan',
      'modifierForegroundMagenta',
      'modifierForegroundYellow',
      'modifierForegroundGreen',
      'modifierForegroundBlue',
      'modifierForegroundRed',
    ];
    const unreadable = painted.filter(
      key => contrastOn(styles[key].color, paper) < MIN_TEXT_CONTRAST,
    );
    expect(unreadable).toEqual([]);
    expect(styles.lineNumber.color).toBe(theme.palette.text.secondary);
  });

  it("paints the wrapped view's replica tags readably on paper", async () => {
    await render(
      <LogPane
        wrap
        onDownload={() => {}}
        lines={['0', '1', '2', '3', '4', '5'].map(replica => ({
          replica,
          line: `from ${replica}`,
        }))}
      />,
    );
    const pane = await screen.findByTestId('wrapped-log');
    const tags = pane.querySelectorAll('span');
    expect(tags).toHaveLength(6);
    tags.forEach(tag =>
      expect(contrastOn(tag.style.color, paper)).toBeGreaterThanOrEqual(
        MIN_TEXT_CONTRAST,
      ),
    );
  });

  it("paints the Undeploy button's label, and its confirmation's background, readably", () => {
    expect(contrastOn(undeployColour(theme), paper)).toBeGreaterThanOrEqual(
      MIN_TEXT_CONTRAST,
    );
    const { rest, hover } = confirmBackgrounds(theme);
    const label = theme.palette.secondary.contrastText;
    expect(contrastOn(label, rest)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastOn(label, hover)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });
});

describe('secondaryTextColour', () => {
  it.each(Object.entries(themes))(
    'reads at WCAG AA on the page and on a card in the %s theme',
    (_name, appTheme) => {
      const theme = appTheme.getTheme('v4') as Theme;
      const colour = secondaryTextColour(theme);
      expect(textBackgrounds(theme).length).toBeGreaterThanOrEqual(2);
      for (const background of textBackgrounds(theme)) {
        expect(contrastOn(colour, background)).toBeGreaterThanOrEqual(
          MIN_TEXT_CONTRAST,
        );
      }
    },
  );
});
