import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '../common/errors';
import type { KsmlActionSet } from './state';
import type { KsmlAction, KsmlActions } from './useKsmlActions';
import { UndeployDialog } from './UndeployDialog';

const LABELS: Record<KsmlAction, string> = {
  redeploy: 'Redeploy',
  stop: 'Stop',
  start: 'Start',
  undeploy: 'Undeploy',
};

/** Props of {@link StatusActions}. */
export interface StatusActionsProps {
  available: KsmlActionSet;
  actions: KsmlActions;
  release: string;
  environment: string;
}

/** The card's buttons, only those available, and how the last action ended. */
export function StatusActions(props: StatusActionsProps): JSX.Element | null {
  const { available, actions, release, environment } = props;
  const [confirming, setConfirming] = useState(false);
  const shown = (Object.keys(LABELS) as KsmlAction[]).filter(
    action => available[action],
  );
  const { outcome } = actions;
  if (shown.length === 0 && !outcome) {
    return null;
  }
  return (
    <Box mt={2}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        {shown.map(action => (
          <Button
            key={action}
            size="small"
            variant="outlined"
            color={action === 'undeploy' ? 'secondary' : 'primary'}
            disabled={actions.running !== undefined}
            onClick={() =>
              action === 'undeploy'
                ? setConfirming(true)
                : void actions.run(action)
            }
          >
            {actions.running === action ? `${LABELS[action]}…` : LABELS[action]}
          </Button>
        ))}
      </Box>
      {outcome && (
        <Box mt={1}>
          <Alert
            severity={outcome.error ? 'error' : 'success'}
            onClose={actions.dismiss}
          >
            {outcome.error
              ? `${LABELS[outcome.action]} failed: ${errorMessage(
                  outcome.error,
                )}`
              : outcome.message}
          </Alert>
          {!outcome.error &&
            outcome.warnings.map(warning => (
              <Box mt={1} key={warning}>
                <Alert severity="warning">{warning}</Alert>
              </Box>
            ))}
        </Box>
      )}
      {/* Mounted only while open, so the storage choice starts unticked every time. */}
      {confirming && (
        <UndeployDialog
          open
          release={release}
          environment={environment}
          onCancel={() => setConfirming(false)}
          onConfirm={options => {
            setConfirming(false);
            void actions.run('undeploy', options);
          }}
        />
      )}
    </Box>
  );
}
