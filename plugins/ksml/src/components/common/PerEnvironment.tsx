import Box from '@material-ui/core/Box';
import { EnvironmentSelect } from './EnvironmentSelect';
import { RequireKsmlApp } from './RequireKsmlApp';
import { UnlistedEnvironmentNote } from './UnlistedEnvironmentNote';
import { useEnvironment } from './useEnvironment';
import type { KsmlApp } from './useKsmlRef';

/** Props of {@link PerEnvironment}. */
export interface PerEnvironmentProps {
  app: KsmlApp;
  /** The view of one environment. */
  children(environment: string): JSX.Element;
}

/**
 * An environment selector above a view of the chosen environment. The view is made anew per
 * environment, so nothing of one environment (loaded data, chart samples) shows under another.
 * An environment the entity does not list is marked as such above its view.
 */
export function PerEnvironment(props: PerEnvironmentProps): JSX.Element {
  const { app, children } = props;
  const [environment, setEnvironment] = useEnvironment(app.environments);
  return (
    <Box>
      <Box mb={2}>
        <EnvironmentSelect
          environments={app.environments}
          unlisted={app.unlisted}
          value={environment}
          onChange={setEnvironment}
        />
      </Box>
      {app.unlisted.includes(environment) && (
        <Box mb={2}>
          <UnlistedEnvironmentNote environment={environment} />
        </Box>
      )}
      <Box key={environment}>{children(environment)}</Box>
    </Box>
  );
}

/**
 * A view of the entity's KSML app per environment: the app's annotations are required (else
 * their explanation shows), then {@link PerEnvironment}'s selector above the chosen one.
 */
export function AppPerEnvironment(props: {
  children(app: KsmlApp, environment: string): JSX.Element;
}): JSX.Element {
  return (
    <RequireKsmlApp>
      {app => (
        <PerEnvironment app={app}>
          {environment => props.children(app, environment)}
        </PerEnvironment>
      )}
    </RequireKsmlApp>
  );
}
