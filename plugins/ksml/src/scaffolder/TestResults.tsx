import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApiHolder } from '@backstage/core-plugin-api';
import type {
  KsmlTestReport,
  KsmlTestStatus,
  TestRequestInput,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../api';
import { errorMessage } from '../components/common/errors';

/** How a test run ended, for the page around it. */
export type TestOutcome = 'running' | 'passed' | 'failed' | 'unavailable';

const SEVERITY: Record<KsmlTestStatus, 'success' | 'error' | 'warning'> = {
  PASS: 'success',
  FAIL: 'error',
  ERROR: 'warning',
};

/** Props of {@link TestResults}. */
export interface TestResultsProps {
  request: TestRequestInput;
  onOutcome?: (outcome: TestOutcome) => void;
}

/**
 * Runs the KSML tests of a request through the backend (`POST /test`: KSML's own test runner)
 * and shows each test's result as KSML reports it. A run the backend cannot make is a warning.
 */
export function TestResults(props: TestResultsProps): JSX.Element {
  const { request, onOutcome } = props;
  const api = useApiHolder().get(ksmlApiRef);
  const key = JSON.stringify(request);
  const [result, setResult] = useState<
    { key: string; report?: KsmlTestReport; error?: unknown } | undefined
  >();

  useEffect(() => {
    if (!api) return undefined;
    let current = true;
    onOutcome?.('running');
    api.test(JSON.parse(key)).then(
      report => {
        if (!current) return;
        setResult({ key, report });
        onOutcome?.(report.passed ? 'passed' : 'failed');
      },
      error => {
        if (!current) return;
        setResult({ key, error });
        onOutcome?.('unavailable');
      },
    );
    return () => {
      current = false;
    };
    // onOutcome is the page's setter: a new one asks nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  const shown = result?.key === key ? result : undefined;
  if (!shown) {
    return (
      <Box>
        <Typography variant="body2">
          Running the KSML tests with KSML's test runner…
        </Typography>
        <LinearProgress aria-label="Running the KSML tests" />
      </Box>
    );
  }
  if (!shown.report) {
    return (
      <Alert severity="warning">
        The KSML tests could not be run: {errorMessage(shown.error)}
      </Alert>
    );
  }
  const { report } = shown;
  return (
    <Box role="list" aria-label="KSML test results">
      <Typography variant="body2" gutterBottom>
        {report.passed
          ? `All ${report.results.length} KSML tests passed`
          : `${report.counts.failed + report.counts.errors} of ${
              report.results.length
            } KSML tests did not pass: fix the definition or its tests before Create`}{' '}
        ({report.ranOn === 'cluster' ? 'on the cluster' : 'beside the backend'},{' '}
        {(report.durationMs / 1000).toFixed(1)} s)
      </Typography>
      {report.results.map((r, index) => (
        <Alert
          key={index}
          role="listitem"
          severity={SEVERITY[r.status]}
          icon={false}
          style={{ marginBottom: 4 }}
        >
          <strong>{r.status}</strong> {r.suite} › {r.test}
          {r.message ? (
            <Box
              component="pre"
              m={0}
              mt={0.5}
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {r.message}
            </Box>
          ) : null}
        </Alert>
      ))}
    </Box>
  );
}
