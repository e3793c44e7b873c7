import {
  darken,
  decomposeColor,
  hslToRgb,
  lighten,
  recomposeColor,
  type ColorObject,
} from '@material-ui/core/styles';

/** WCAG 2.1 AA's least contrast for text of normal size (1.4.3). */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * `colour` as it shows over `background`: a translucent colour (Material UI's
 * `text.secondary` is black at 54 %) blended into the background. `getContrastRatio` ignores
 * alpha, so a translucent colour must be made opaque before it is measured.
 */
export function opaqueOn(colour: string, background: string): string {
  const fore = rgbOf(colour);
  const alpha = fore.values[3] ?? 1;
  if (alpha >= 1) return colour;
  const back = rgbOf(opaqueOn(background, '#fff'));
  const values = [0, 1, 2].map(i =>
    Math.round(fore.values[i] * alpha + back.values[i] * (1 - alpha)),
  ) as [number, number, number];
  return recomposeColor({ type: 'rgb', values });
}

/** A colour's red, green, blue (and alpha), whatever its notation. */
function rgbOf(colour: string): ColorObject {
  const decomposed = decomposeColor(colour);
  return decomposed.type.startsWith('hsl')
    ? decomposeColor(hslToRgb(colour))
    : decomposed;
}

/**
 * WCAG's relative luminance of an opaque colour, unrounded: Material UI's `getLuminance`
 * rounds it to three decimals, which moves a ratio near 4.5:1 by a few hundredths (it rates
 * 4.504:1 as 4.53:1), too much to check a threshold with.
 */
function luminance(colour: string): number {
  const [r, g, b] = rgbOf(colour).values.map(value => {
    const channel = value / 255;
    return channel <= 0.03928
      ? channel / 12.92
      : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The WCAG contrast ratio of text in `text` on `background`, translucent text blended first:
 * Material UI's `getContrastRatio`, exact.
 */
export function contrastOn(text: string, background: string): number {
  const back = opaqueOn(background, '#fff');
  const [lighter, darker] = [
    luminance(opaqueOn(text, back)),
    luminance(back),
  ].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

/** Whether `colour` is light: black text on it has more contrast than white. */
function isLight(colour: string): boolean {
  return contrastOn('#000', colour) >= contrastOn('#fff', colour);
}

/**
 * `colour` stepped away from `other` (darkened against a light colour, lightened against a
 * dark one) by the least amount, in steps of 1 %, for which `ok` holds. Black and white end
 * the steps, so a ratio up to 21 is always reached.
 */
function stepAway(
  colour: string,
  other: string,
  ok: (candidate: string) => boolean,
): string {
  const shift = isLight(other) ? darken : lighten;
  for (let step = 0; step <= 100; step++) {
    const candidate = step === 0 ? colour : shift(colour, step / 100);
    if (ok(candidate)) return candidate;
  }
  return shift(colour, 1);
}

/**
 * Text in `colour`, or the nearest shade of its hue that reads on `background` with at least
 * `min` contrast (4.5 by default): a hue stays recognisable (a replica's tag, a destructive
 * action's pink) while it meets WCAG AA in a light theme and a dark one alike.
 */
export function readableOn(
  colour: string,
  background: string,
  min = MIN_TEXT_CONTRAST,
): string {
  return stepAway(
    colour,
    background,
    candidate => contrastOn(candidate, background) >= min,
  );
}

/**
 * A background in `colour`, or the nearest shade of its hue on which text in `text` reads
 * with at least `min` contrast: for a contained button, whose label colour the theme fixes.
 */
export function readableBehind(
  colour: string,
  text: string,
  min = MIN_TEXT_CONTRAST,
): string {
  return stepAway(
    colour,
    opaqueOn(text, colour),
    candidate => contrastOn(text, candidate) >= min,
  );
}
