import type { ReactNode } from 'react';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import { opaqueOn, readableOn } from './contrast';

/**
 * The colour of secondary text in our views (field labels, helper text, captions): the theme's
 * secondary text, or the nearest shade of it that reads at WCAG AA on the page and on a card.
 * Backstage's light theme puts its secondary text (#717171) on the page's #f5f5f5 at 4.47:1,
 * just under.
 */
export function secondaryTextColour(theme: Theme): string {
  return textBackgrounds(theme).reduce(
    (colour, background) =>
      readableOn(opaqueOn(colour, background), background),
    theme.palette.text.secondary,
  );
}

/**
 * What our text sits on: the page, a card and, in a light theme, the light grey of a toolbar or
 * a page (#f5f5f5, where the browser suite measured 4.47:1).
 */
export function textBackgrounds(theme: Theme): string[] {
  const { background, grey, type } = theme.palette;
  return [
    background.default,
    background.paper,
    ...(type === 'light' ? [grey[100]] : []),
  ];
}

const useStyles = makeStyles(theme => {
  const colour = secondaryTextColour(theme);
  // By class name part: the app's class names carry a counter (`MuiInputLabel-root-123`).
  // Labels at rest only: a focused label takes the primary colour, an invalid one the error's.
  const label =
    '[class*="MuiInputLabel-root"]:not(.Mui-focused):not(.Mui-error)';
  const helper = '[class*="MuiFormHelperText-root"]:not(.Mui-error)';
  const caption = '[class*="MuiTypography-colorTextSecondary"]';
  return {
    root: {
      [`& ${label}, & ${helper}, & ${caption}`]: { color: colour },
    },
  };
});

/**
 * Where our views are: their secondary text (field labels, helper text, captions) at WCAG AA
 * contrast ({@link secondaryTextColour}). `data-testid="ksml-content"` names the area for the browser
 * suite's contrast check.
 */
export function ReadableText(props: { children: ReactNode }): JSX.Element {
  const classes = useStyles();
  return (
    <div className={classes.root} data-testid="ksml-content">
      {props.children}
    </div>
  );
}
