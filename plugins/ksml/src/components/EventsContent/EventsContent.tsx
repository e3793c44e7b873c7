import { useMemo } from 'react';
import { AppPerEnvironment } from '../common/PerEnvironment';
import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import {
  EmptyState,
  InfoCard,
  Progress,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

import type { KsmlEvent } from '@ksml-backstage/plugin-ksml-common';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { NotDeployed } from '../common/NotDeployed';
import { RefreshButton } from '../common/RefreshButton';
import { PROSE_COLUMN_WIDTH, ScrollingTable } from '../common/ScrollingTable';
import { DEFAULT_REFRESH_MS } from '../common/refresh';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import type { KsmlApp } from '../common/useKsmlRef';
import { useKsmlEvents } from '../../hooks/useKsmlData';

const INDICATORS: Record<
  KsmlEvent['type'],
  (props: { children?: React.ReactNode }) => JSX.Element
> = {
  Normal: StatusOK,
  Warning: StatusWarning,
  Operation: StatusPending,
};

/**
 * Props of {@link KsmlEventsContent}.
 *
 * @public
 */
export interface KsmlEventsContentProps {
  /** How often to reload, in milliseconds (10 s by default). */
  refreshIntervalMs?: number;
}

/**
 * Everything that happened to the entity's KSML app in an environment on one timeline, newest
 * first: Kubernetes' events of its workload, pods and claims (Normal ones too) and the
 * operations done through the portal, with who did them.
 *
 * @public
 */
export function KsmlEventsContent(props: KsmlEventsContentProps): JSX.Element {
  const refreshIntervalMs = props.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  return (
    <AppPerEnvironment>
      {(app, environment) => (
        <EnvironmentEvents
          app={app}
          environment={environment}
          refreshIntervalMs={refreshIntervalMs}
        />
      )}
    </AppPerEnvironment>
  );
}

function EnvironmentEvents(props: {
  app: KsmlApp;
  environment: string;
  refreshIntervalMs: number;
}): JSX.Element {
  const { app, environment, refreshIntervalMs } = props;
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const events = useKsmlEvents(ref, { refreshIntervalMs });
  const refresh = (
    <RefreshButton label="Refresh events" onClick={events.retry} />
  );

  let body: JSX.Element;
  if (events.error) {
    body = (
      <KsmlErrorState
        error={events.error}
        subject="events"
        notFound={
          <NotDeployed environment={environment} onRedeployed={events.retry} />
        }
      />
    );
  } else if (!events.value) {
    body = <Progress />;
  } else if (events.value.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No events"
        description={`Nothing happened to this app in ${environment} that Kubernetes still remembers (it keeps events for an hour), and nothing was done to it through the portal.`}
        action={refresh}
      />
    );
  } else {
    body = (
      <InfoCard title="Events" action={refresh} noPadding>
        <ScrollingTable label="Events">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Object</TableCell>
              <TableCell style={{ minWidth: PROSE_COLUMN_WIDTH }}>
                Message
              </TableCell>
              <TableCell>From</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.value.map((event, i) => {
              const Indicator = INDICATORS[event.type];
              return (
                <TableRow key={`${event.time}-${i}`}>
                  <TableCell>
                    <Tooltip title={formatAbsoluteTime(event.time)}>
                      <span>{formatRelativeTime(event.time)}</span>
                    </Tooltip>
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      variant="outlined"
                      label={<Indicator>{event.type}</Indicator>}
                    />
                  </TableCell>
                  <TableCell>
                    {event.reason}
                    {event.count && event.count > 1 ? ` (×${event.count})` : ''}
                  </TableCell>
                  <TableCell>{event.object ?? ''}</TableCell>
                  <TableCell>{event.message}</TableCell>
                  <TableCell>{event.source ?? ''}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </ScrollingTable>
      </InfoCard>
    );
  }
  return body;
}
