import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  KsmlAppRef,
  KsmlPromoteResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { DefinitionDiff } from '../common/DefinitionDiff';
import { runFilesOf } from '../common/definitionFiles';
import { errorMessage, statusCodeOf } from '../common/errors';
import { LabelledSelect } from '../common/LabelledSelect';
import { recordedDeployOf } from '../common/recordedDeploy';
import { ConfirmDialog } from './ConfirmDialog';
import {
  asksForKafkaProperties,
  changedText,
  defaultPromotionTarget,
  promotionOf,
  promotionTargets,
  type KsmlPromotion,
} from './promotion';

/** Props of {@link PromoteDialog}. */
export interface PromoteDialogProps {
  /** The app in the environment it is promoted from. */
  from: KsmlAppRef;
  /** The entity's environments in its promotion order (dev → stag → prod), `from`'s too. */
  environments: string[];
  onCancel(): void;
  onConfirm(promotion: KsmlPromotion): void;
}

/** How the last dry run ended, for the promotion it checked. */
interface Checked {
  /** The promotion checked, as JSON: a change of target or fields makes it stale. */
  key: string;
  /** The target it checked. */
  to: string;
  result?: KsmlPromoteResponse;
  error?: Error;
}

/**
 * Asks where to promote an app and shows what that changes before anything does: the diff of
 * what runs here against what runs in the target (definitions and schemas, read from the
 * releases), and the target's own dry run (its chart values and Kafka topics checked), with its
 * warnings or why it refuses. It asks for the target's Kafka bootstrap servers only when the
 * dry run says the app never ran there, and for the secrets the target's history keeps
 * redacted. Promote is possible once the dry run of exactly these choices has passed.
 */
export function PromoteDialog(props: PromoteDialogProps): JSX.Element {
  const { from, environments, onCancel, onConfirm } = props;
  const api = useApi(ksmlApiRef);
  const targets = promotionTargets(environments, from.environment);
  const [to, setTo] = useState(
    () => defaultPromotionTarget(environments, from.environment) ?? '',
  );
  const [bootstrapServers, setBootstrapServers] = useState('');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const toRef = useMemo(() => ({ ...from, environment: to }), [from, to]);

  const source = useAsync(() => api.definition(from), [api, from]);
  // Nothing running in the target is no error: everything is then new there.
  const target = useAsync(async () => {
    try {
      return await api.definition(toRef);
    } catch (error) {
      if (statusCodeOf(error) === 404) return null;
      throw error;
    }
  }, [api, toRef]);
  // The secrets the target's last deploy holds redacted: a promotion that reuses its Kafka
  // properties must send them again. An unreadable history asks for none (the dry run says).
  const recorded = useAsync(async () => {
    const history = await api.history(toRef).catch(() => []);
    return {
      to: toRef.environment,
      secrets: recordedDeployOf(history)?.secrets ?? [],
    };
  }, [api, toRef]);
  // Until the chosen target's history is read, nothing is asked (nor checked).
  const recordedFor = recorded.value?.to;
  const secretNames = recordedFor === to ? recorded.value?.secrets ?? [] : [];

  const promotion = promotionOf({ to, bootstrapServers, secrets });
  const key = JSON.stringify(promotion);
  const [checked, check] = useAsyncFn(
    async (asked: KsmlPromotion): Promise<Checked> => {
      const checkedKey = JSON.stringify(asked);
      try {
        const result = await api.promote({
          tenant: from.tenant,
          instance: from.instance,
          application: from.application,
          from: from.environment,
          ...asked,
          dryRun: true,
        });
        return { key: checkedKey, to: asked.to, result };
      } catch (error) {
        return { key: checkedKey, to: asked.to, error: error as Error };
      }
    },
    [api, from],
  );
  const last = checked.value;
  // Asked once the target's check has said so, and kept while the field holds something.
  const asksForKafka =
    bootstrapServers !== '' ||
    (last?.to === to && asksForKafkaProperties(last.error));
  const secretsComplete = secretNames.every(
    name => (secrets[name] ?? '') !== '',
  );
  const inputComplete =
    secretsComplete && (!asksForKafka || bootstrapServers.trim() !== '');
  const current = last?.key === key && !checked.loading ? last : undefined;

  // A target chosen is checked at once, once its history is read, unless secrets must be typed
  // in first.
  useEffect(() => {
    if (recordedFor === to && secretNames.length === 0) {
      void check(promotionOf({ to, bootstrapServers: '', secrets: {} }));
    }
    // Only a target newly chosen and read starts a check of its own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [to, recordedFor]);

  const choose = (environment: string) => {
    setTo(environment);
    setBootstrapServers('');
    setSecrets({});
  };

  return (
    <ConfirmDialog
      title={`Promote ${from.application} from ${from.environment}?`}
      confirm="Promote"
      canConfirm={current?.result !== undefined}
      onCancel={onCancel}
      onConfirm={() => onConfirm(promotion)}
    >
      <DialogContentText>
        This deploys what runs in {from.environment} (its definitions, schemas
        and replicas) to the environment chosen, with that environment's own
        Kafka properties. Its history records it as a promotion.
      </DialogContentText>
      <LabelledSelect
        id="promote-to"
        label="Promote to"
        value={to}
        options={targets.map(environment => ({
          value: environment,
          label: environment,
        }))}
        onChange={choose}
      />

      <Box mt={2} component="section" aria-label={`Changes in ${to}`}>
        <Typography variant="subtitle1" component="h2" gutterBottom>
          What changes in {to}
        </Typography>
        {source.error && (
          <Alert severity="error">
            What runs in {from.environment} could not be read:{' '}
            {errorMessage(source.error)}
          </Alert>
        )}
        {target.error && (
          <Alert severity="error">
            What runs in {to} could not be read: {errorMessage(target.error)}
          </Alert>
        )}
        {(source.loading || target.loading) && <Progress />}
        {source.value && target.value !== undefined && (
          <>
            {target.value === null && (
              <Typography variant="body2" paragraph>
                {from.application} does not run in {to}: everything is new
                there.
              </Typography>
            )}
            <DefinitionDiff
              before={target.value ? runFilesOf(target.value) : {}}
              after={runFilesOf(source.value)}
            />
          </>
        )}
      </Box>

      <Box mt={2} component="section" aria-label={`Check in ${to}`}>
        <Typography variant="subtitle1" component="h2" gutterBottom>
          Check in {to}
        </Typography>
        {secretNames.length > 0 && (
          <DialogContentText>
            {to}'s history keeps its secret Kafka properties redacted: enter
            their values again. They go to the app's Secret, never to the
            history.
          </DialogContentText>
        )}
        {secretNames.map(name => (
          <TextField
            key={name}
            id={`ksml-promote-secret-${name}`}
            label={name}
            type="password"
            autoComplete="off"
            fullWidth
            margin="dense"
            required
            value={secrets[name] ?? ''}
            onChange={event =>
              setSecrets(previous => ({
                ...previous,
                [name]: event.target.value,
              }))
            }
          />
        ))}
        {asksForKafka && (
          <TextField
            id="ksml-promote-bootstrap-servers"
            label={`Kafka bootstrap servers of ${to}`}
            placeholder="broker:9093"
            fullWidth
            margin="dense"
            required
            value={bootstrapServers}
            onChange={event => setBootstrapServers(event.target.value)}
            helperText={`${from.application} never ran in ${to}: which Kafka should it use there?`}
          />
        )}
        {(secretNames.length > 0 || asksForKafka) && (
          <Box mt={1} mb={1}>
            <Button
              size="small"
              variant="outlined"
              disabled={!inputComplete || checked.loading}
              onClick={() => void check(promotion)}
            >
              Check
            </Button>
          </Box>
        )}
        {checked.loading && (
          <Typography variant="body2">Checking against {to}…</Typography>
        )}
        <CheckOutcome checked={current} to={to} />
      </Box>
    </ConfirmDialog>
  );
}

/** How the dry run of the current choices ended: the target's verdict and its warnings. */
function CheckOutcome(props: { checked?: Checked; to: string }) {
  const { checked, to } = props;
  if (!checked) return null;
  if (checked.error) {
    return asksForKafkaProperties(checked.error) ? null : (
      <Alert severity="error">
        {to} refuses it: {errorMessage(checked.error)}
      </Alert>
    );
  }
  const result = checked.result!;
  return (
    <>
      <Alert severity="success">
        {to} accepts it: {result.replicas}{' '}
        {result.replicas === 1 ? 'replica' : 'replicas'},{' '}
        {changedText(result.changedDefinitions)}
      </Alert>
      {result.warnings.map(warning => (
        <Box mt={1} key={warning}>
          <Alert severity="warning">{warning}</Alert>
        </Box>
      ))}
    </>
  );
}
