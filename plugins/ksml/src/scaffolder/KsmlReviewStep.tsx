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
import { testRequestOf, type TestAnswers } from './testRequest';
import { TestResults, type TestOutcome } from './TestResults';

/** The fields whose answers are shown as text of their own, not in the table. */
const DEFINITION_FIELD = 'KsmlDefinition';
const TESTS_FIELD = 'KsmlTests';

/** A KSML definition answered on the form, to show as it was written. */
interface ShownDefinition {
  key: string;
  title: string;
  text: string;
}

/** The answers given in a `KsmlDefinition` field (or `field`), with their fields' titles. */
export function definitionAnswers(
  steps: ReviewStepProps['steps'],
  formData: ReviewStepProps['formData'],
  field: string = DEFINITION_FIELD,
): ShownDefinition[] {
  return steps.flatMap(step => {
    const properties = (step.mergedSchema.properties ?? {}) as Record<
      string,
      { title?: string; 'ui:field'?: string }
    >;
    return Object.entries(properties).flatMap(([key, property]) => {
      const text = formData[key];
      return property?.['ui:field'] === field && typeof text === 'string'
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
 * KSML definition and its tests shown as written, lines and indentation kept, below Backstage's
 * own table of the other answers (which shows a text as one paragraph: unreadable for YAML),
 * and the results of those tests, run by KSML's test runner through the backend: a test that
 * does not pass keeps Create back. Templates without a `KsmlDefinition` field review as before.
 *
 * @public
 */
export function KsmlReviewStep(props: ReviewStepProps): JSX.Element {
  const { formData, steps, handleBack, handleCreate, disableButtons } = props;
  const classes = useStyles();
  const [creating, setCreating] = useState(false);
  const [tested, setTested] = useState<TestOutcome>();
  const definitions = definitionAnswers(steps, formData);
  const tests = definitionAnswers(steps, formData, TESTS_FIELD).filter(t =>
    t.text.trim(),
  );
  const shown = [...definitions, ...tests];
  const others = Object.fromEntries(
    Object.entries(formData).filter(([key]) => !shown.some(d => d.key === key)),
  );
  const testRequest = testRequestOf(
    formData as TestAnswers,
    definitions[0]?.text,
    tests[0]?.text,
  );
  // Tests that ran and did not pass keep Create back, as a deploy requiring them would.
  const blocked = testRequest !== undefined && tested === 'failed';
  return (
    <>
      <ReviewState
        schemas={steps as ParsedTemplateSchema[]}
        formState={others}
      />
      {shown.map(({ key, title, text }) => (
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
      {testRequest ? (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3">
            KSML test results
          </Typography>
          <TestResults request={testRequest} onOutcome={setTested} />
        </Box>
      ) : null}
      <div className={classes.footer}>
        <Button onClick={handleBack} disabled={disableButtons || creating}>
          Back
        </Button>
        <Button
          variant="contained"
          color="primary"
          disabled={disableButtons || creating || blocked}
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
