import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, LinkButton } from '@backstage/core-components';

/** Where the software template that deploys a KSML app lives in the app. */
export const KSML_TEMPLATE_PATH = '/create/templates/default/ksml-app';

/** Props of {@link NotDeployed}. */
export interface NotDeployedProps {
  environment: string;
  /** A few lines for a card, instead of the full-width empty state of a page. */
  compact?: boolean;
}

/** The app has no release in the environment (the status route answered 404). */
export function NotDeployed(props: NotDeployedProps): JSX.Element {
  const { environment, compact } = props;
  const description = `This app has no release in ${environment}. Deploy it with the KSML app template.`;
  const action = (
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
      action={action}
    />
  );
}
