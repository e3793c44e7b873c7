import { useMemo } from 'react';
import { AppPerEnvironment } from '../common/PerEnvironment';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ksmlApiRef } from '../../api';
import { errorMessage } from '../common/errors';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { RefreshButton } from '../common/RefreshButton';
import type { KsmlApp } from '../common/useKsmlRef';
import { usePolledAsync } from '../common/usePolledAsync';
import { downloadText } from '../common/download';

/**
 * The GitOps files of the entity's app in an environment (values.yaml, Flux's HelmRelease, Argo
 * CD's Application, the README naming the Secret), as the GitOps template published them into
 * the portal's publish folder: each shown, and downloadable.
 *
 * @public
 */
export function KsmlGitopsContent(): JSX.Element {
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentGitops app={app} environment={environment} />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentGitops(props: {
  app: KsmlApp;
  environment: string;
}): JSX.Element {
  const { app, environment } = props;
  const api = useApi(ksmlApiRef);
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const files = usePolledAsync(() => api.gitopsFiles(ref), [api, ref], null);
  const refresh = (
    <RefreshButton label="Refresh GitOps files" onClick={files.retry} />
  );

  let body: JSX.Element;
  if (files.error) {
    body = (
      <KsmlErrorState
        error={files.error}
        subject="GitOps files"
        notFound={
          <EmptyState
            missing="content"
            title={`No GitOps files for ${environment} here`}
            description={errorMessage(files.error)}
            action={refresh}
          />
        }
      />
    );
  } else if (!files.value) {
    body = <Progress />;
  } else {
    body = (
      <>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
          <Typography variant="body2" color="textSecondary">
            Published to {files.value.folder}: Flux or Argo CD sync them from
            the app's repository.
          </Typography>
          {refresh}
        </Box>
        {files.value.files.map(file => {
          const name = file.path.split('/').pop() ?? file.path;
          return (
            <Box key={file.path} mb={2}>
              <InfoCard
                title={file.path}
                action={
                  file.content !== undefined ? (
                    <Button
                      size="small"
                      variant="outlined"
                      aria-label={`Download ${file.path}`}
                      onClick={() =>
                        downloadText({ fileName: name, text: file.content! })
                      }
                    >
                      Download
                    </Button>
                  ) : undefined
                }
              >
                {file.content !== undefined ? (
                  <pre style={{ margin: 0, overflowX: 'auto' }}>
                    {file.content}
                  </pre>
                ) : (
                  <Typography variant="body2">
                    {file.size} bytes: too large to show here.
                  </Typography>
                )}
              </InfoCard>
            </Box>
          );
        })}
      </>
    );
  }
  return body;
}
