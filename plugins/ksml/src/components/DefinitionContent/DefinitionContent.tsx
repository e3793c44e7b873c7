import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ksmlAppDeployPermission,
  type KsmlDefinitionResponse,
  type KsmlDeployResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { ksmlApiRef } from '../../api';
import { definitionFileName } from '../common/definitionFiles';
import { downloadText, safeFileNamePart } from '../common/download';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { loadOrExplain404 } from '../common/loadOrExplain404';
import { NotDeployed } from '../common/NotDeployed';
import { AppPerEnvironment } from '../common/PerEnvironment';
import { RefreshButton } from '../common/RefreshButton';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import type { KsmlApp } from '../common/useKsmlRef';
import { usePolledAsync } from '../common/usePolledAsync';
import { DefinitionEditor } from './DefinitionEditor';

/**
 * What the entity's KSML app runs in an environment, read from its Helm release: each
 * definition and schema file of the deployed revision, shown and downloadable; and, for those
 * allowed to deploy the app, an editor that checks edited definitions as the backend does,
 * shows their diff against what runs and deploys them as a new revision.
 *
 * @public
 */
export function KsmlDefinitionContent(): JSX.Element {
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentDefinition app={app} environment={environment} />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentDefinition(props: {
  app: KsmlApp;
  environment: string;
}): JSX.Element {
  const { app, environment } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const definition = usePolledAsync(
    () => loadOrExplain404(api, ref, () => api.definition(ref)),
    [api, ref],
    null,
  );
  const deploy = usePermission({
    permission: ksmlAppDeployPermission,
    resourceRef: app.entityRef,
  });
  const [editing, setEditing] = useState(false);
  const [deployed, setDeployed] = useState<KsmlDeployResponse>();

  if (definition.error) {
    return (
      <KsmlErrorState
        error={definition.error}
        subject="definition"
        notFound={<NotDeployed environment={environment} />}
      />
    );
  }
  if (!definition.value) return <Progress />;
  if (definition.value.kind === 'unavailable') {
    return (
      <EmptyState
        missing="content"
        title={`No definition to show in ${environment}`}
        description={definition.value.message}
      />
    );
  }
  const running = definition.value.value;
  // An app Flux or Argo CD deploy is changed in its repository: an edit here would be undone
  // at their next sync.
  const canEdit = deploy.allowed && !app.gitops;
  return (
    <Box>
      <InfoCard
        title="Definition"
        subheader={<RevisionLine running={running} />}
        action={
          <RefreshButton
            label="Refresh definition"
            onClick={definition.retry}
          />
        }
      >
        {deployed && (
          <Box mb={2}>
            <Alert severity="success" onClose={() => setDeployed(undefined)}>
              Deployed {deployed.helm.name} as revision {deployed.helm.revision}
            </Alert>
            {deployed.warnings.map(warning => (
              <Box mt={1} key={warning}>
                <Alert severity="warning">{warning}</Alert>
              </Box>
            ))}
          </Box>
        )}
        {editing ? (
          <DefinitionEditor
            appRef={ref}
            running={running}
            onCancel={() => setEditing(false)}
            onDeployed={response => {
              setEditing(false);
              setDeployed(response);
              definition.retry();
            }}
          />
        ) : (
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 8 }}
          >
            <Typography variant="body2" color="textSecondary">
              Application ID {running.applicationId}
            </Typography>
            {canEdit && (
              <Button
                size="small"
                variant="outlined"
                color="primary"
                onClick={() => {
                  setDeployed(undefined);
                  setEditing(true);
                }}
              >
                Edit
              </Button>
            )}
            {deploy.allowed && app.gitops && (
              <Typography variant="body2" color="textSecondary">
                Flux or Argo CD deploy this app: edit its definition in its
                repository.
              </Typography>
            )}
          </Box>
        )}
      </InfoCard>
      {!editing && <RunFiles running={running} />}
    </Box>
  );
}

/** "Revision 4 (deployed), 5 minutes ago", the exact time in a tooltip. */
function RevisionLine(props: { running: KsmlDefinitionResponse }): JSX.Element {
  const { revision, status, deployedAt } = props.running;
  return (
    <span>
      Revision {revision} ({status}), deployed{' '}
      <Tooltip title={formatAbsoluteTime(deployedAt)}>
        <span>{formatRelativeTime(deployedAt)}</span>
      </Tooltip>
    </span>
  );
}

/** Each definition, then each schema file, of a revision: shown, and downloadable by name. */
function RunFiles(props: { running: KsmlDefinitionResponse }): JSX.Element {
  const { definitions, schemas } = props.running;
  const files = [
    ...Object.entries(definitions).map(([namespace, text]) => ({
      name: definitionFileName(namespace),
      title: `Definition ${namespace}`,
      text,
    })),
    ...schemas.map(schema => ({
      name: schema.schemaFileName,
      title: `Schema ${schema.schemaFileName}`,
      text: schema.schemaBody,
    })),
  ];
  return (
    <>
      {files.map(file => (
        <Box key={file.name} mt={2} component="section" aria-label={file.name}>
          <InfoCard
            title={file.title}
            subheader={file.name}
            action={
              <Button
                size="small"
                variant="outlined"
                aria-label={`Download ${file.name}`}
                onClick={() =>
                  downloadText({
                    fileName: safeFileNamePart(file.name),
                    text: file.text,
                  })
                }
              >
                Download
              </Button>
            }
          >
            {/* Scrolls sideways in its own box: a long line does not widen a phone's page. */}
            <pre
              style={{
                margin: 0,
                overflowX: 'auto',
                fontFamily: 'monospace',
                fontSize: 13,
                lineHeight: 1.5,
              }}
            >
              {file.text}
            </pre>
          </InfoCard>
        </Box>
      ))}
    </>
  );
}
