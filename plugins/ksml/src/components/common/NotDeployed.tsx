import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, LinkButton } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { KSML_DEPLOYED_BY_ANNOTATION } from '@ksml-backstage/plugin-ksml-common';

/** Where the software template that deploys a KSML app lives in the app. */
export const KSML_TEMPLATE_PATH = '/create/templates/default/ksml-app';

/** Props of {@link NotDeployed}. */
export interface NotDeployedProps {
  environment: string;
  /** A few lines for a card, instead of the full-width empty state of a page. */
  compact?: boolean;
}

/**
 * The app has no release in the environment (the status route answered 404): how it gets one.
 * An app deployed by GitOps (annotation `ksml/deployed-by: gitops`) is installed by Flux or
 * Argo CD from its repository, so the card says that instead of offering the template.
 */
export function NotDeployed(props: NotDeployedProps): JSX.Element {
  const { environment, compact } = props;
  const { entity } = useEntity();
  const gitops =
    entity.metadata.annotations?.[KSML_DEPLOYED_BY_ANNOTATION] === 'gitops';
  const description = gitops
    ? `This app is deployed by GitOps: Flux or Argo CD install it in ${environment} once they sync its declarations (deploy/${environment} in its repository).`
    : `This app has no release in ${environment}. Deploy it with the KSML app template.`;
  const action = gitops ? null : (
    <LinkButton to={KSML_TEMPLATE_PATH} color="primary" variant="outlined">
      Deploy with the template
    </LinkButton>
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
