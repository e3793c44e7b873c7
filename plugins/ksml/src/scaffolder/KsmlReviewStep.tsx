import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReviewStepProps } from '@backstage/plugin-scaffolder-react';
import {
  ReviewState,
  type ParsedTemplateSchema,
} from '@backstage/plugin-scaffolder-react/alpha';

/** The field whose answers are shown as text of their own, not in the table. */
const DEFINITION_FIELD = 'KsmlDefinition';

/** A KSML definition answered on the form, to show as it was written. */
interface ShownDefinition {
  key: string;
  title: string;
  text: string;
}

/** The answers given in a `KsmlDefinition` field, with their fields' titles. */
export function definitionAnswers(
  steps: ReviewStepProps['steps'],
  formData: ReviewStepProps['formData'],
): ShownDefinition[] {
  return steps.flatMap(step => {
    const properties = (step.mergedSchema.properties ?? {}) as Record<
      string,
      { title?: string; 'ui:field'?: string }
    >;
    return Object.entries(properties).flatMap(([key, property]) => {
      const text = formData[key];
      return property?.['ui:field'] === DEFINITION_FIELD &&
        typeof text === 'string'
        ? [{ key, title: property.title ?? key, text }]
        : [];
    });
  });
}

const useStyles = makeStyles(theme => ({
  definition: {
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: '60vh',
    overflow: 'auto',
    fontFamily: 'monospace',
    fontSize: 13,
    whiteSpace: 'pre',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  footer: {
    display: 'flex',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
}));

/**
 * The scaffolder's review step (ScaffolderPage's `components.ReviewStepComponent`) with each
 * KSML definition shown as written, lines and indentation kept, below Backstage's own table of
 * the other answers (which shows a text as one paragraph: unreadable for YAML). Templates
 * without a `KsmlDefinition` field review as before.
 *
 * @public
 */
export function KsmlReviewStep(props: ReviewStepProps): JSX.Element {
  const { formData, steps, handleBack, handleCreate, disableButtons } = props;
  const classes = useStyles();
  const [creating, setCreating] = useState(false);
  const definitions = definitionAnswers(steps, formData);
  const others = Object.fromEntries(
    Object.entries(formData).filter(
      ([key]) => !definitions.some(d => d.key === key),
    ),
  );
  return (
    <>
      <ReviewState
        schemas={steps as ParsedTemplateSchema[]}
        formState={others}
      />
      {definitions.map(({ key, title, text }) => (
        <Box key={key} mt={2}>
          <Typography variant="subtitle2" component="h3" id={`review-${key}`}>
            {title}
          </Typography>
          <pre
            className={classes.definition}
            role="region"
            aria-labelledby={`review-${key}`}
          >
            {text}
          </pre>
        </Box>
      ))}
      <div className={classes.footer}>
        <Button onClick={handleBack} disabled={disableButtons || creating}>
          Back
        </Button>
        <Button
          variant="contained"
          color="primary"
          disabled={disableButtons || creating}
          onClick={async () => {
            setCreating(true);
            try {
              await handleCreate();
            } finally {
              setCreating(false);
            }
          }}
        >
          Create
        </Button>
      </div>
    </>
  );
}
