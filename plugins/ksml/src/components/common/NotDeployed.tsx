import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, LinkButton } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  KSML_DEPLOYED_BY_ANNOTATION,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { StatusActions } from '../StatusCard/StatusActions';
import type { KsmlActionSet } from '../StatusCard/state';
import { useKsmlActions } from '../StatusCard/useKsmlActions';
import type { RecordedDeploy } from './recordedDeploy';
import { useKsmlRef, type KsmlApp } from './useKsmlRef';
import { useRedeployable } from './useRedeployable';

/** Where the software template that deploys a KSML app lives in the app. */
export const KSML_TEMPLATE_PATH = '/create/templates/default/ksml-app';

/** Props of {@link NotDeployed}. */
export interface NotDeployedProps {
  environment: string;
  /** A few lines for a card, instead of the full-width empty state of a page. */
  compact?: boolean;
  /**
   * Whether the app can be redeployed, when the view found out itself and offers the Redeploy
   * among its own actions (the status card does): then this only says so. When absent, the
   * history is looked at here, and the Redeploy offered here.
   */
  redeployable?: boolean;
  /** Reloads the view once a Redeploy offered here has ended, to show the app back. */
  onRedeployed?(): void;
}

/** What the not-deployed text says, by how the app gets a release again. */
export function notDeployedText(
  environment: string,
  how: 'gitops' | 'redeploy' | 'template',
): string {
  switch (how) {
    case 'gitops':
      return `This app is deployed by GitOps: Flux or Argo CD install it in ${environment} once they sync its declarations (deploy/${environment} in its repository).`;
    case 'redeploy':
      return `This app has no release in ${environment}. Redeploy installs its last recorded deploy again (its definition, replicas and settings), or deploy it anew with the KSML app template.`;
    default:
      return `This app has no release in ${environment}. Deploy it with the KSML app template.`;
  }
}

/** Only the Redeploy. */
const REDEPLOY_ONLY: KsmlActionSet = {
  redeploy: true,
  stop: false,
  start: false,
  scale: false,
  restart: false,
  undeploy: false,
};

/**
 * The Redeploy of the recorded deploy, as the status card offers it (its button, the secrets
 * dialog and the outcome), for a view that has no card's actions of its own.
 */
function RedeployRecorded(props: {
  app: KsmlApp;
  environment: string;
  recorded: RecordedDeploy;
  onSettled(): void;
}): JSX.Element | null {
  const { app, environment, recorded, onSettled } = props;
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const actions = useKsmlActions(ref, onSettled);
  return (
    <StatusActions
      available={REDEPLOY_ONLY}
      actions={actions}
      release={releaseName(ref)}
      environment={environment}
      secrets={recorded.secrets}
    />
  );
}

const nothing = () => {};

/**
 * The app has no release in the environment (the status route answered 404): how it gets one.
 * An app whose history has a recorded deploy (it was undeployed) can be redeployed by a user
 * who may deploy it: this offers Redeploy, unless the view offers it (`redeployable`). An app
 * deployed by GitOps (annotation `ksml/deployed-by: gitops`) is installed by Flux or Argo CD
 * from its repository, so the card says that instead of offering the template.
 */
export function NotDeployed(props: NotDeployedProps): JSX.Element {
  const { environment, compact, redeployable } = props;
  const { entity } = useEntity();
  const app = useKsmlRef(entity);
  const gitops =
    entity.metadata.annotations?.[KSML_DEPLOYED_BY_ANNOTATION] === 'gitops';
  const recorded = useRedeployable(app, environment, {
    enabled: redeployable === undefined && !gitops,
  });
  const here = app && recorded && (
    <RedeployRecorded
      app={app}
      environment={environment}
      recorded={recorded}
      onSettled={props.onRedeployed ?? nothing}
    />
  );
  let how: 'gitops' | 'redeploy' | 'template' = 'template';
  if (gitops) how = 'gitops';
  else if (redeployable ?? recorded !== undefined) how = 'redeploy';
  const description = notDeployedText(environment, how);
  const action = gitops ? null : (
    <Box>
      {here}
      <Box mt={here ? 2 : 0}>
        <LinkButton to={KSML_TEMPLATE_PATH} color="primary" variant="outlined">
          Deploy with the template
        </LinkButton>
      </Box>
    </Box>
  );
  if (compact) {
    return (
      <Box>
        <Typography variant="body2" paragraph>
          {description}
        </Typography>
        {action}
      </Box>
    );
  }
  return (
    <EmptyState
      missing="content"
      title={`Not deployed in ${environment}`}
      description={description}
      action={action ?? undefined}
    />
  );
}
