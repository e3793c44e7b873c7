import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  MAX_REPLICAS,
  type KsmlAppRef,
} from '@ksml-backstage/plugin-ksml-common';
import { readableOn } from '../common/contrast';
import { errorMessage } from '../common/errors';
import { ConfirmDialog } from './ConfirmDialog';
import { PromoteDialog } from './PromoteDialog';
import { idleReplicasWarning } from './scale';
import type { KsmlActionSet } from './state';
import type { KsmlAction, KsmlActions } from './useKsmlActions';
import { RedeploySecretsDialog } from './RedeploySecretsDialog';
import { UndeployDialog } from './UndeployDialog';

const LABELS: Record<KsmlAction, string> = {
  redeploy: 'Redeploy',
  start: 'Start',
  stop: 'Stop',
  scale: 'Scale',
  restart: 'Restart',
  promote: 'Promote to …',
  undeploy: 'Undeploy',
};

/** How an action is named where the button's label does not read: in flight, and failed. */
const NAMES: Partial<Record<KsmlAction, string>> = { promote: 'Promote' };
const nameOf = (action: KsmlAction) => NAMES[action] ?? LABELS[action];

/** Actions asked about first: they stop or disturb a production app's processing. */
const CONFIRMED = new Set<KsmlAction>([
  'stop',
  'scale',
  'restart',
  'undeploy',
  'promote',
]);

/**
 * The Undeploy button's label colour: the theme's secondary (destructive) hue, in a shade that
 * reads on the card. Material UI's pink A400, the light theme's secondary, is 4.18:1 on white,
 * under WCAG AA's 4.5:1.
 */
export function undeployColour(theme: Theme): string {
  return readableOn(
    theme.palette.secondary.main,
    theme.palette.background.paper,
  );
}

const useStyles = makeStyles(theme => ({
  undeploy: { color: undeployColour(theme) },
}));

/** Props of {@link StatusActions}. */
export interface StatusActionsProps {
  available: KsmlActionSet;
  actions: KsmlActions;
  release: string;
  environment: string;
  /** The replicas the app runs with now, the scale dialog's starting value. */
  replicas?: number;
  /**
   * The partitions of the app's input topics (`inputPartitions` of the lag), when known: the
   * scale dialog warns of replicas beyond them, which would sit idle.
   */
  partitions?: number;
  /**
   * The secret Kafka properties the recorded deploy holds redacted, when known: Redeploy asks
   * for their values first.
   */
  secrets?: string[];
  /**
   * Promote only: the app here, and the entity's environments in their promotion order, among
   * which the dialog offers the others as targets.
   */
  promotion?: { from: KsmlAppRef; environments: string[] };
}

/** The card's buttons, only those available, their confirmations, and how the last ended. */
export function StatusActions(props: StatusActionsProps): JSX.Element | null {
  const { available, actions, release, environment } = props;
  const [confirming, setConfirming] = useState<KsmlAction>();
  const classes = useStyles();
  const shown = (Object.keys(LABELS) as KsmlAction[]).filter(
    action => available[action],
  );
  const { outcome } = actions;
  if (shown.length === 0 && !outcome) {
    return null;
  }
  const close = () => setConfirming(undefined);
  return (
    <Box mt={2}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        {shown.map(action => (
          <Button
            key={action}
            size="small"
            variant="outlined"
            color={action === 'undeploy' ? 'secondary' : 'primary'}
            className={action === 'undeploy' ? classes.undeploy : undefined}
            disabled={actions.running !== undefined}
            onClick={() =>
              CONFIRMED.has(action) ||
              (action === 'redeploy' && !!props.secrets?.length)
                ? setConfirming(action)
                : void actions.run(action)
            }
          >
            {actions.running === action ? `${nameOf(action)}…` : LABELS[action]}
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
              ? `${nameOf(outcome.action)} failed: ${errorMessage(
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
      {/* Mounted only while open, so every choice starts afresh. */}
      {confirming === 'redeploy' && (
        <RedeploySecretsDialog
          release={release}
          environment={environment}
          secrets={props.secrets ?? []}
          onCancel={close}
          onConfirm={secretKafkaProperties => {
            close();
            void actions.run('redeploy', { secretKafkaProperties });
          }}
        />
      )}
      {confirming === 'promote' && props.promotion && (
        <PromoteDialog
          from={props.promotion.from}
          environments={props.promotion.environments}
          onCancel={close}
          onConfirm={promotion => {
            close();
            void actions.run('promote', { promotion });
          }}
        />
      )}
      {confirming === 'undeploy' && (
        <UndeployDialog
          release={release}
          environment={environment}
          onCancel={close}
          onConfirm={options => {
            close();
            void actions.run('undeploy', options);
          }}
        />
      )}
      {confirming === 'stop' && (
        <ConfirmDialog
          title={`Stop ${release}?`}
          confirm="Stop"
          onCancel={close}
          onConfirm={() => {
            close();
            void actions.run('stop');
          }}
        >
          <DialogContentText>
            This scales {release} in {environment} to 0 replicas: the app stops
            processing until it is started again. Its state stores are kept.
          </DialogContentText>
        </ConfirmDialog>
      )}
      {confirming === 'restart' && (
        <ConfirmDialog
          title={`Restart ${release}?`}
          confirm="Restart"
          onCancel={close}
          onConfirm={() => {
            close();
            void actions.run('restart');
          }}
        >
          <DialogContentText>
            Its pods in {environment} are replaced one by one; each pauses its
            partitions while it restarts.
          </DialogContentText>
        </ConfirmDialog>
      )}
      {confirming === 'scale' && (
        <ScaleDialog
          release={release}
          environment={environment}
          replicas={props.replicas ?? 1}
          partitions={props.partitions}
          onCancel={close}
          onConfirm={replicas => {
            close();
            void actions.run('scale', { replicas });
          }}
        />
      )}
    </Box>
  );
}

/**
 * Asks how many replicas, 0 to the most a deploy may have; warns when more are asked than the
 * input topics have partitions.
 */
function ScaleDialog(props: {
  release: string;
  environment: string;
  replicas: number;
  partitions?: number;
  onCancel(): void;
  onConfirm(replicas: number): void;
}): JSX.Element {
  const [text, setText] = useState(String(props.replicas));
  const replicas = Number(text);
  const valid =
    text.trim() !== '' &&
    Number.isInteger(replicas) &&
    replicas >= 0 &&
    replicas <= MAX_REPLICAS;
  const idle = valid
    ? idleReplicasWarning(replicas, props.partitions)
    : undefined;
  return (
    <ConfirmDialog
      title={`Scale ${props.release}?`}
      confirm="Scale"
      canConfirm={valid}
      onCancel={props.onCancel}
      onConfirm={() => props.onConfirm(replicas)}
    >
      <DialogContentText>
        It runs {props.replicas} in {props.environment} now. Kafka Streams
        rebalances its partitions over the new replicas; 0 stops it.
      </DialogContentText>
      <TextField
        label="Replicas"
        type="number"
        value={text}
        onChange={e => setText(e.target.value)}
        error={!valid}
        helperText={valid ? ' ' : `A whole number from 0 to ${MAX_REPLICAS}`}
        id="ksml-scale-replicas"
        inputProps={{ min: 0, max: MAX_REPLICAS }}
      />
      {idle && <Alert severity="warning">{idle}</Alert>}
    </ConfirmDialog>
  );
}
