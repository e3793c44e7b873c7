import { useDeferredValue, useMemo, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type {
  KsmlAppRef,
  KsmlDefinitionResponse,
  KsmlDeployResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { useKsmlHistory } from '../../hooks/useKsmlData';
import { definitionProblem } from '../common/definitionCheck';
import { DefinitionDiff } from '../common/DefinitionDiff';
import { fileChanges } from '../common/definitionDiff';
import { definitionFilesOf } from '../common/definitionFiles';
import { errorMessage } from '../common/errors';
import { recordedDeployOf } from '../common/recordedDeploy';
import { YAML_INPUT_PROPS } from '../common/yamlInput';

/** Props of {@link DefinitionEditor}. */
export interface DefinitionEditorProps {
  /** The app in the environment the edit is deployed to. */
  appRef: KsmlAppRef;
  /** What runs there now: the edit starts from its definitions and keeps its schemas. */
  running: KsmlDefinitionResponse;
  onCancel(): void;
  /** The edit is deployed, as the revision in `response`. */
  onDeployed(response: KsmlDeployResponse): void;
}

/** Most checked texts remembered, so that typing in one definition does not recheck the others. */
const CHECKS_KEPT = 64;

/**
 * Each definition's problem in the backend's words (line, path, reason), or undefined; and
 * whether they are of the texts given (`current`). Checked on a deferred copy of the texts, so
 * that typing stays quick in a long definition; each text is checked once.
 */
function useDefinitionProblems(texts: Record<string, string>): {
  problems: Record<string, string | undefined>;
  current: boolean;
} {
  const deferred = useDeferredValue(texts);
  const checks = useRef(new Map<string, string | undefined>());
  const problems = useMemo(() => {
    const cache = checks.current;
    if (cache.size > CHECKS_KEPT) cache.clear();
    return Object.fromEntries(
      Object.entries(deferred).map(([namespace, text]) => {
        if (!cache.has(text)) cache.set(text, definitionProblem(text));
        return [namespace, cache.get(text)];
      }),
    );
  }, [deferred]);
  return { problems, current: deferred === texts };
}

/**
 * Edits the definitions that run in an environment: a text field per definition, checked as the
 * backend checks it (with the line and what is wrong), the line diff against what runs, the
 * secret Kafka properties the last deploy holds redacted (a redeploy must send them again),
 * and Deploy: a redeploy with the edited definitions and all else as recorded. A refusal is
 * shown with the backend's message (a 400 names the field), and the edit is kept.
 */
export function DefinitionEditor(props: DefinitionEditorProps): JSX.Element {
  const { appRef, running, onCancel, onDeployed } = props;
  const api = useApi(ksmlApiRef);
  const [texts, setTexts] = useState<Record<string, string>>(
    running.definitions,
  );
  const [secretValues, setSecretValues] = useState<Record<string, string>>({});
  const [deploying, setDeploying] = useState(false);
  const [error, setError] = useState<unknown>();
  const { problems, current } = useDefinitionProblems(texts);
  const history = useKsmlHistory(appRef);
  // Without the history (still loading, or refused), none are asked for: a redeploy that
  // needs them is refused with a 400 naming each.
  const secrets = useMemo(
    () => recordedDeployOf(history.value ?? [])?.secrets ?? [],
    [history.value],
  );
  const before = useMemo(
    () => definitionFilesOf(running.definitions),
    [running.definitions],
  );
  const after = useMemo(() => definitionFilesOf(texts), [texts]);
  const changed = useMemo(
    () => fileChanges(before, after).length > 0,
    [before, after],
  );
  const checked = current && Object.values(problems).every(problem => !problem);
  const secretsGiven = secrets.every(key => secretValues[key]);
  const canDeploy =
    changed && checked && secretsGiven && !history.loading && !deploying;

  const deploy = async () => {
    setDeploying(true);
    setError(undefined);
    try {
      const response = await api.redeploy({
        ...appRef,
        definitions: texts,
        // Unchanged: a redeploy replaces schemas only together with definitions.
        schemas: running.schemas,
        ...(secrets.length > 0
          ? {
              secretKafkaProperties: Object.fromEntries(
                secrets.map(key => [key, secretValues[key]]),
              ),
            }
          : {}),
      });
      onDeployed(response);
    } catch (e) {
      setError(e);
      setDeploying(false);
    }
  };

  return (
    <Box>
      <Typography variant="body2" paragraph>
        Deploy makes a new revision in {appRef.environment} with these
        definitions; its replicas, Kafka properties and schemas stay as they
        are.
      </Typography>
      {Object.keys(texts).map(namespace => (
        <TextField
          key={namespace}
          id={`ksml-definition-${namespace}`}
          label={`Definition ${namespace}`}
          value={texts[namespace]}
          onChange={event => {
            const value = event.target.value;
            setTexts(previous => ({ ...previous, [namespace]: value }));
          }}
          error={problems[namespace] !== undefined}
          helperText={problems[namespace] ?? ' '}
          disabled={deploying}
          multiline
          minRows={12}
          fullWidth
          margin="normal"
          variant="outlined"
          inputProps={YAML_INPUT_PROPS}
        />
      ))}
      {secrets.length > 0 && (
        <Box mt={1}>
          <Typography variant="body2">
            The portal keeps the last deploy's secret Kafka properties redacted:
            enter them again to deploy.
          </Typography>
          {secrets.map(key => (
            <TextField
              key={key}
              id={`ksml-secret-${key}`}
              label={key}
              type="password"
              autoComplete="off"
              value={secretValues[key] ?? ''}
              onChange={event => {
                const value = event.target.value;
                setSecretValues(previous => ({ ...previous, [key]: value }));
              }}
              disabled={deploying}
              required
              fullWidth
              margin="dense"
            />
          ))}
        </Box>
      )}
      <Box mt={2} component="section" aria-label="Changes to deploy">
        <Typography variant="subtitle1" component="h3" gutterBottom>
          Changes against revision {running.revision}
        </Typography>
        <DefinitionDiff before={before} after={after} />
      </Box>
      {error !== undefined && (
        <Box mt={2}>
          <Alert severity="error">Deploy failed: {errorMessage(error)}</Alert>
        </Box>
      )}
      <Box mt={2} display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={!canDeploy}
          onClick={() => void deploy()}
        >
          {deploying ? 'Deploying…' : 'Deploy'}
        </Button>
        <Button variant="outlined" disabled={deploying} onClick={onCancel}>
          Cancel
        </Button>
      </Box>
    </Box>
  );
}
