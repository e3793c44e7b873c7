import { useCallback, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type {
  KsmlAppRef,
  KsmlLagResponse,
  KsmlOffsetResetResponse,
  ResetOffsetsRequestInput,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../../api';
import { useKsmlStatus } from '../../../hooks/useKsmlData';
import { errorMessage } from '../../common/errors';
import {
  ConfirmDialog,
  confirmBackgrounds,
} from '../../StatusCard/ConfirmDialog';
import { useKsmlActions } from '../../StatusCard/useKsmlActions';
import { formatCount } from '../lag';
import {
  initialResetForm,
  localTimeToIso,
  partitionKey,
  resetPartitionsOf,
  resetRequestOf,
  type ResetForm,
  type ResetTarget,
} from './resetRequest';
import { lagChangeText, resetRefusalOf, resetTargetText } from './resetOutcome';
import { OffsetFields } from './OffsetFields';
import { ResetResult } from './ResetResult';
import { RunningNotice } from './RunningNotice';
import { TopicChoice } from './TopicChoice';

/** Props of {@link ResetOffsetsDialog}. */
export interface ResetOffsetsDialogProps {
  /** The app in the environment whose group is reset. */
  appRef: KsmlAppRef;
  /** The lag when the dialog opened: its input topics and partitions are what it offers. */
  lag: KsmlLagResponse;
  /** How often to read the app's status again while open, in milliseconds. */
  refreshIntervalMs?: number;
  onClose(): void;
  /** After offsets were reset or the app was stopped: the lag is worth reading again. */
  onChanged(): void;
}

/** How the backend answered a request, for the request it answered (as JSON, without `dryRun`). */
interface Answer {
  key: string;
  request: ResetOffsetsRequestInput;
  result?: KsmlOffsetResetResponse;
  error?: Error;
}

const TARGETS: { value: ResetTarget; label: string }[] = [
  { value: 'earliest', label: 'Earliest' },
  { value: 'latest', label: 'Latest' },
  { value: 'time', label: 'A time' },
  { value: 'offsets', label: 'Offsets per partition' },
];

const HINTS: Record<ResetTarget, string> = {
  earliest:
    'Every partition goes back to the earliest record the broker keeps: the app reads all of it again.',
  latest:
    'Every partition goes to its end: the app skips what it has not read yet and reads only new records.',
  time: 'Every partition goes to its first record at or after the time (its end where there is none).',
  offsets:
    'Each partition whose offset you change goes there; the others stay where they are.',
};

/** The Reset offsets button in the readable shades of ConfirmDialog's confirming button. */
const useStyles = makeStyles(theme => {
  const { rest, hover } = confirmBackgrounds(theme);
  return {
    reset: {
      backgroundColor: rest,
      '&:hover': {
        backgroundColor: hover,
        '@media (hover: none)': { backgroundColor: rest },
      },
    },
  };
});

const partitionCount = (n: number) =>
  `${formatCount(n)} ${n === 1 ? 'partition' : 'partitions'}`;

/** The browser's time zone, named in the time field's help. */
const TIME_ZONE = new Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Resets the offsets of the app's consumer group, asking first: where to (earliest, latest, a
 * time, or offsets per partition) and on which input topics; a Preview (a dry run) shows each
 * partition's current and new offset and the change in lag; Reset offsets, possible only for
 * the choice just previewed, asks in words and then applies it.
 *
 * The backend resets only a stopped app (409 `AppRunning`) whose group has no members left
 * (409 `GroupActive`, for up to a session timeout after a stop): the dialog says so from the
 * app's status before anything is sent, offers to stop it (as the status card's Stop does),
 * and lets the user try again once the group is empty.
 */
export function ResetOffsetsDialog(
  props: ResetOffsetsDialogProps,
): JSX.Element {
  const { appRef, lag, onClose, onChanged } = props;
  const { application, environment } = appRef;
  const api = useApi(ksmlApiRef);
  const classes = useStyles();
  const allTopics = useMemo(() => lag.topics.map(t => t.topic), [lag]);
  const partitions = useMemo(() => resetPartitionsOf(lag), [lag]);
  const [form, setForm] = useState<ResetForm>(() => initialResetForm(lag));
  // Field errors are shown once Preview was asked for, or as soon as a field holds something.
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'apply'>();
  const [preview, setPreview] = useState<Answer>();
  const [applied, setApplied] = useState<Answer>();
  const [confirming, setConfirming] = useState(false);

  // Read only for the notice that the app runs: the backend decides, whatever it says.
  const status = useKsmlStatus(appRef, {
    refreshIntervalMs: props.refreshIntervalMs,
  });
  const reloadStatus = status.retry;
  const afterStop = useCallback(() => {
    reloadStatus();
    onChanged();
  }, [reloadStatus, onChanged]);
  const stop = useKsmlActions(appRef, afterStop);

  const built = resetRequestOf(appRef, form, allTopics, partitions);
  const key = built.request ? JSON.stringify(built.request) : undefined;
  // Answers for another choice than the form's are stale: neither shown nor applied.
  const currentPreview = preview?.key === key ? preview : undefined;
  const currentApplied = applied?.key === key ? applied : undefined;
  const previewed = currentPreview?.result;
  const done = currentApplied?.result;

  const send = async (dryRun: boolean, request: ResetOffsetsRequestInput) => {
    const answer = { key: JSON.stringify(request), request };
    const set = dryRun ? setPreview : setApplied;
    setBusy(dryRun ? 'preview' : 'apply');
    // A new preview replaces the last reset's outcome; a new attempt, how the last Stop ended.
    if (dryRun) setApplied(undefined);
    else stop.dismiss();
    try {
      set({
        ...answer,
        result: await api.resetOffsets({ ...request, dryRun }),
      });
      if (!dryRun) onChanged();
    } catch (error) {
      set({ ...answer, error: error as Error });
    } finally {
      setBusy(undefined);
    }
  };

  const change = (changes: Partial<ResetForm>) =>
    setForm(previous => ({ ...previous, ...changes }));

  const runPreview = () => {
    setAttempted(true);
    if (built.request) void send(true, built.request);
  };

  // Only the choice just previewed, and only once: a second needs a new preview.
  const canReset = busy === undefined && !!previewed && !done;
  const errors = built.errors;
  const timeError = attempted || form.time !== '' ? errors?.time : undefined;
  const previewRefusal = resetRefusalOf(currentPreview?.error);
  const appliedRefusal = resetRefusalOf(currentApplied?.error);
  // The backend's word that the app runs, from the last attempt to apply (or a preview).
  let runningRefusal: Error | undefined;
  if (appliedRefusal === 'app-running') runningRefusal = currentApplied?.error;
  else if (previewRefusal === 'app-running')
    runningRefusal = currentPreview?.error;
  const stopButton =
    status.value?.kubernetes.deploymentMode === 'Job' ? undefined : (
      <Button
        color="inherit"
        size="small"
        disabled={stop.running !== undefined}
        onClick={() => void stop.run('stop')}
      >
        {stop.running ? 'Stopping…' : 'Stop the app'}
      </Button>
    );

  return (
    <>
      <Dialog
        open
        onClose={onClose}
        aria-labelledby="ksml-reset-offsets-title"
        maxWidth="md"
        fullWidth
      >
        <DialogTitle id="ksml-reset-offsets-title">
          Reset offsets of {application} in {environment}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Moves consumer group {lag.groupId} on the app's input topics, where
            it starts reading when it runs again. Preview shows where each
            partition goes; nothing changes until you reset. Offsets are reset
            only while the app is stopped.
          </DialogContentText>

          <FormControl component="fieldset" margin="dense" fullWidth>
            <FormLabel component="legend">Reset to</FormLabel>
            <RadioGroup
              row
              aria-label="Reset to"
              name="ksml-reset-to"
              value={form.to}
              onChange={event =>
                change({ to: event.target.value as ResetTarget })
              }
            >
              {TARGETS.map(target => (
                <FormControlLabel
                  key={target.value}
                  value={target.value}
                  control={<Radio color="primary" />}
                  label={target.label}
                />
              ))}
            </RadioGroup>
            <FormHelperText>{HINTS[form.to]}</FormHelperText>
          </FormControl>

          {form.to === 'time' && (
            <Box mt={1}>
              <TextField
                id="ksml-reset-time"
                label="Time"
                type="datetime-local"
                value={form.time}
                onChange={event => change({ time: event.target.value })}
                InputLabelProps={{ shrink: true }}
                inputProps={{ step: 1 }}
                error={!!timeError}
                helperText={timeError ?? timeHelp(form.time)}
              />
            </Box>
          )}

          {form.to === 'offsets' ? (
            <OffsetFields
              partitions={partitions}
              offsets={form.offsets}
              errors={errors?.partitions ?? {}}
              onChange={(partition, text) =>
                change({
                  offsets: {
                    ...form.offsets,
                    [partitionKey(partition.topic, partition.partition)]: text,
                  },
                })
              }
            />
          ) : (
            <TopicChoice
              topics={allTopics}
              chosen={form.topics}
              error={errors?.topics}
              onChange={topics => change({ topics })}
            />
          )}
          {attempted && errors?.offsets && (
            <FormHelperText error>{errors.offsets}</FormHelperText>
          )}

          {busy === 'preview' && (
            <Box mt={2}>
              <Typography variant="body2">Previewing…</Typography>
            </Box>
          )}
          {busy === 'apply' && (
            <Box mt={2}>
              <Typography variant="body2">Resetting offsets…</Typography>
            </Box>
          )}
          {done ? (
            <ResetResult
              result={done}
              application={application}
              environment={environment}
            />
          ) : (
            previewed && <ResetResult result={previewed} />
          )}

          <Box mt={2} display="flex" flexDirection="column" style={{ gap: 8 }}>
            {currentPreview?.error && previewRefusal !== 'app-running' && (
              <Alert severity="error">
                Preview failed: {errorMessage(currentPreview.error)}
              </Alert>
            )}
            {currentApplied?.error && appliedRefusal === undefined && (
              <Alert severity="error">
                Reset failed: {errorMessage(currentApplied.error)}
              </Alert>
            )}
            {currentApplied?.error && appliedRefusal === 'group-active' && (
              <Alert
                severity="warning"
                action={
                  <Button
                    color="inherit"
                    size="small"
                    disabled={busy !== undefined}
                    onClick={() => void send(false, currentApplied.request)}
                  >
                    Try again
                  </Button>
                }
              >
                {errorMessage(currentApplied.error)}
              </Alert>
            )}
            <RunningNotice
              stopOutcome={stop.outcome}
              onDismissStop={stop.dismiss}
              refusal={runningRefusal && errorMessage(runningRefusal)}
              status={done ? undefined : status.value}
              application={application}
              environment={environment}
              stopButton={stopButton}
            />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{done ? 'Close' : 'Cancel'}</Button>
          <Button
            variant="outlined"
            color="primary"
            disabled={busy !== undefined}
            onClick={runPreview}
          >
            Preview
          </Button>
          <Button
            variant="contained"
            color="secondary"
            // Disabled, it keeps Material UI's grey: the readable pink would make it look ready.
            className={canReset ? classes.reset : undefined}
            disabled={!canReset}
            onClick={() => setConfirming(true)}
          >
            Reset offsets
          </Button>
        </DialogActions>
      </Dialog>
      {confirming && previewed && currentPreview && (
        <ConfirmDialog
          title={`Reset the offsets of ${application} in ${environment}?`}
          confirm="Reset offsets"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void send(false, currentPreview.request);
          }}
        >
          <DialogContentText>
            This moves consumer group {previewed.groupId} of {application} in{' '}
            {environment} {resetTargetText(previewed)}, on{' '}
            {partitionCount(previewed.partitions.length)}.{' '}
            {lagChangeText(application, previewed.partitions)} Only another
            reset undoes it.
          </DialogContentText>
        </ConfirmDialog>
      )}
    </>
  );
}

/** The time field's help: the zone it is read in, and what is sent once it is valid. */
function timeHelp(value: string): string {
  const iso = localTimeToIso(value);
  return iso
    ? `In your time zone (${TIME_ZONE}): ${iso}`
    : `In your time zone (${TIME_ZONE})`;
}
