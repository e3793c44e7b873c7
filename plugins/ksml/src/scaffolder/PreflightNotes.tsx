import { useEffect, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { useApiHolder } from '@backstage/core-plugin-api';
import type { KsmlPreflightEnvironment } from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../api';
import {
  preflightFailure,
  preflightReport,
  preflightRequestOf,
  type PreflightAnswers,
} from './preflightReport';

/** How long the form waits after the last edit before asking the backend again. */
const SETTLE_MS = 600;

/** Props of {@link PreflightNotes}. */
export interface PreflightNotesProps {
  answers: PreflightAnswers;
  /** The definition to check; undefined while it is not valid (nothing is asked). */
  definition?: string;
  /** Wait after an edit, in ms (tests: 0). */
  settleMs?: number;
}

type Outcome =
  | { ok: true; items: KsmlPreflightEnvironment[] }
  | { ok: false; error: unknown };

/**
 * What the backend's preflight says of the form's answers in the chosen environments, shown
 * under the definition as the user edits: what blocks Create (the same the step's validation
 * refuses), what only warns, and where nothing stands in the way. A preflight that fails is a
 * warning and blocks nothing.
 */
export function PreflightNotes(props: PreflightNotesProps): JSX.Element | null {
  const { answers, definition, settleMs = SETTLE_MS } = props;
  const api = useApiHolder().get(ksmlApiRef);
  const request = definition
    ? preflightRequestOf(answers, definition)
    : undefined;
  // The request as text: a new answers object with the same content asks nothing new.
  const key = request ? JSON.stringify(request) : undefined;
  const [outcome, setOutcome] = useState<{ key: string; result: Outcome }>();

  useEffect(() => {
    if (!api || !key) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      api.preflight(JSON.parse(key)).then(
        items => current && setOutcome({ key, result: { ok: true, items } }),
        error => current && setOutcome({ key, result: { ok: false, error } }),
      );
    }, settleMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, settleMs]);

  const { takeover, allowMissingTopics, application } = answers;
  const report = useMemo(() => {
    if (!outcome || outcome.key !== key) return undefined;
    if (!outcome.result.ok) {
      return {
        errors: [],
        warnings: [preflightFailure(outcome.result.error)],
        clear: [],
      };
    }
    return preflightReport(outcome.result.items, {
      takeover,
      allowMissingTopics,
      application,
    });
  }, [outcome, key, takeover, allowMissingTopics, application]);

  if (!report) return null;
  return (
    <Box mt={2} aria-label="Checks before Create" role="region">
      {report.errors.map(text => (
        <Alert key={text} severity="error">
          {text}
        </Alert>
      ))}
      {report.warnings.map(text => (
        <Alert key={text} severity="warning">
          {text}
        </Alert>
      ))}
      {report.clear.length > 0 && (
        <Alert severity="success">
          {`Checked in ${report.clear.join(', ')}: nothing stands in the way`}
        </Alert>
      )}
    </Box>
  );
}
