import Grid from '@material-ui/core/Grid';
import { RequireKsmlApp } from '../common/RequireKsmlApp';
import { DEFAULT_STATUS_REFRESH_MS, StatusCardView } from './StatusCard';

/**
 * Props of {@link KsmlStatusContent}.
 *
 * @public
 */
export interface KsmlStatusContentProps {
  /** How often each card reloads its status, in milliseconds (10 s by default). */
  refreshIntervalMs?: number;
}

/** Grid columns per card on wide screens: all side by side, up to three in a row. */
function columnWidth(cards: number): 4 | 6 | 12 {
  if (cards === 1) return 12;
  return cards === 2 ? 6 : 4;
}

/**
 * The app's status in every environment, side by side in promotion order (dev → stag →
 * prod), so a release can be followed through its graduation.
 */
export function KsmlStatusContent(props: KsmlStatusContentProps): JSX.Element {
  const refreshIntervalMs =
    props.refreshIntervalMs ?? DEFAULT_STATUS_REFRESH_MS;
  return (
    <RequireKsmlApp>
      {app => (
        <Grid container spacing={3} alignItems="stretch">
          {app.environments.map(environment => (
            <Grid
              key={environment}
              item
              xs={12}
              md={app.environments.length > 1 ? 6 : 12}
              lg={columnWidth(app.environments.length)}
            >
              <StatusCardView
                app={app}
                environment={environment}
                refreshIntervalMs={refreshIntervalMs}
              />
            </Grid>
          ))}
        </Grid>
      )}
    </RequireKsmlApp>
  );
}
