import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import { InfoCard, Progress } from '@backstage/core-components';

import { usePermission } from '@backstage/plugin-permission-react';
import {
  ksmlAppDeployPermission,
  ksmlAppOperatePermission,
  ksmlAppUndeployPermission,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { errorKind } from '../common/errors';
import { KsmlErrorState } from '../common/KsmlErrorState';
import { NotDeployed } from '../common/NotDeployed';
import { RefreshButton } from '../common/RefreshButton';
import { DEFAULT_REFRESH_MS } from '../common/refresh';
import { RequireKsmlApp } from '../common/RequireKsmlApp';
import { UnlistedEnvironmentNote } from '../common/UnlistedEnvironmentNote';
import type { KsmlApp } from '../common/useKsmlRef';
import { useRedeployable } from '../common/useRedeployable';
import { lagSummary } from '../LagContent/lag';
import { StateChip } from './StateChip';
import { canPromote, promotionTargets } from './promotion';
import { inputPartitions } from './scale';
import { availableActions, NOT_DEPLOYED } from './state';
import { StatusActions } from './StatusActions';
import { StatusDetails } from './StatusDetails';
import { useKsmlActions } from './useKsmlActions';
import { useKsmlLag, useKsmlStatus } from '../../hooks/useKsmlData';

/** How often a status card reloads by default. */
export const DEFAULT_STATUS_REFRESH_MS = DEFAULT_REFRESH_MS;

/**
 * Props of {@link KsmlStatusCard}.
 *
 * @public
 */
export interface KsmlStatusCardProps {
  /** The environment to show; the entity's first (least graduated) one by default. */
  environment?: string;
  /** How often to reload the status, in milliseconds (10 s by default). */
  refreshIntervalMs?: number;
}

/**
 * The status of the entity's KSML app in one environment: state, replicas, restarts, the
 * consumer lag (when the environment has a Kafka connection), why it fails, the Helm release,
 * and the actions the user may take.
 */
export function KsmlStatusCard(props: KsmlStatusCardProps): JSX.Element {
  return (
    <RequireKsmlApp>
      {app => (
        <StatusCardView
          app={app}
          environment={props.environment ?? app.environments[0]}
          refreshIntervalMs={
            props.refreshIntervalMs ?? DEFAULT_STATUS_REFRESH_MS
          }
        />
      )}
    </RequireKsmlApp>
  );
}

/** Props of {@link StatusCardView}. */
export interface StatusCardViewProps {
  app: KsmlApp;
  environment: string;
  refreshIntervalMs: number;
}

/** A status card for an app known to exist: {@link KsmlStatusCard} without the entity. */
export function StatusCardView(props: StatusCardViewProps): JSX.Element {
  const { app, environment, refreshIntervalMs } = props;
  const ref = useMemo(() => app.refFor(environment), [app, environment]);
  const status = useKsmlStatus(ref, { refreshIntervalMs });
  // The lag is read on its own: it needs the app's Kafka cluster, and a missing connection
  // or a broker that is down must neither hold up nor break the card.
  const lag = useKsmlLag(ref, { refreshIntervalMs });
  const deploy = usePermission({
    permission: ksmlAppDeployPermission,
    resourceRef: app.entityRef,
  });
  const operate = usePermission({
    permission: ksmlAppOperatePermission,
    resourceRef: app.entityRef,
  });
  const undeploy = usePermission({
    permission: ksmlAppUndeployPermission,
    resourceRef: app.entityRef,
  });
  const actions = useKsmlActions(ref, status.retry);
  const release = status.value?.helm.name ?? releaseName(ref);
  const notDeployed =
    !status.value && !!status.error && errorKind(status.error) === 'not-found';
  // The recorded deploy: what Redeploy installs again, after an Undeploy too, and the secrets
  // it asks for. Read again when the deployed revision changes. GitOps apps are Flux's to install.
  const recorded = useRedeployable(app, environment, {
    enabled: !app.gitops && (!!status.value || notDeployed),
    reloadKey: status.value?.helm.revision ?? (notDeployed ? 'none' : ''),
  });

  let body: JSX.Element;
  if (status.value) {
    body = (
      <>
        <StateChip state={status.value.kubernetes.status} />
        <StatusDetails
          status={status.value}
          lag={lagSummary(lag.value, lag.error)}
          gitops={app.gitops}
        />
      </>
    );
  } else if (notDeployed) {
    body = (
      <>
        <Box mb={2}>
          <StateChip state={NOT_DEPLOYED} />
        </Box>
        {/* The card's own actions offer the Redeploy, beside the Undeploy's outcome. */}
        <NotDeployed
          environment={environment}
          compact
          redeployable={recorded !== undefined}
        />
      </>
    );
  } else if (status.error) {
    body = (
      <KsmlErrorState error={status.error} subject="status" notFound={null} />
    );
  } else {
    body = <Progress />;
  }

  // A named region per environment, so assistive technology (and the e2e suite) can tell
  // the cards apart.
  return (
    <section aria-label={`${environment} status`}>
      <InfoCard
        title={environment}
        subheader={release}
        action={
          <RefreshButton
            label={`Refresh ${environment}`}
            onClick={status.retry}
          />
        }
      >
        {app.unlisted.includes(environment) && (
          <Box mb={2}>
            <UnlistedEnvironmentNote environment={environment} />
          </Box>
        )}
        {body}
        <StatusActions
          available={{
            ...availableActions({
              status: status.value,
              canDeploy: deploy.allowed,
              canOperate: operate.allowed,
              canUndeploy: undeploy.allowed,
              recordedDeploy: recorded !== undefined,
            }),
            promote: canPromote({
              status: status.value,
              canDeploy: deploy.allowed,
              gitops: app.gitops,
              targets: promotionTargets(app.environments, environment),
            }),
          }}
          actions={actions}
          release={release}
          environment={environment}
          replicas={status.value?.kubernetes.replicas}
          partitions={inputPartitions(lag.value)}
          secrets={recorded?.secrets}
          promotion={{ from: ref, environments: app.environments }}
        />
      </InfoCard>
    </section>
  );
}
