import type {
  DeployRequest,
  KsmlPromoteResponse,
  KsmlRenderResponse,
  PromoteRequest,
} from '@ksml-backstage/plugin-ksml-common';
import {
  changedDefinitions,
  releaseName,
  statusOfError,
} from '@ksml-backstage/plugin-ksml-common';
import type {
  DeployResult,
  KsmlTargetResolver,
} from '@ksml-backstage/plugin-ksml-node';
import type { DeploymentStore } from '../database/DeploymentStore';
import { promotionDeployRequest } from './promotionRequest';

/** What a promotion uses of the service: targets, history, and its checked render and deploy. */
export interface PromotionDeps {
  targets: KsmlTargetResolver;
  store: DeploymentStore;
  /** The target's render: its chart values checked and the Kafka preflight, nothing applied. */
  render(request: DeployRequest): Promise<KsmlRenderResponse>;
  /** The service's deploy: checked, locked and recorded as `operation` with `more`. */
  deployRecorded(
    request: DeployRequest,
    record: {
      operation: 'promote';
      actor?: string;
      more: Record<string, unknown>;
    },
  ): Promise<DeployResult>;
}

/**
 * Deploys what runs in `from` to `to` (see {@link promotionDeployRequest}: the source's
 * definitions, schemas and mode, read from its release; the target's own Kafka properties).
 * `changedDefinitions` compares with what runs in `to` (all, when nothing does). A dry run is
 * the target's render (its chart values checked, the Kafka preflight) and
 * records nothing; otherwise it is a deploy recorded as operation `promote` (with `from`), so
 * the next redeploy in `to` starts from it.
 *
 * The artefact is the target's: a cluster runs Helm, an operator-managed environment gets its
 * KsmlApp written (its `deploy`), a remote provisioner deploys itself.
 */
export async function promote(
  request: PromoteRequest,
  actor: string | undefined,
  deps: PromotionDeps,
): Promise<KsmlPromoteResponse> {
  const app = {
    tenant: request.tenant,
    instance: request.instance,
    application: request.application,
  };
  const fromRef = { ...app, environment: request.from };
  const toRef = { ...app, environment: request.to };
  const [source, running, sourceHistory, targetHistory] = await Promise.all([
    deps.targets(request.from).definition(fromRef),
    // Nothing running in the target is no error: everything then changes.
    deps
      .targets(request.to)
      .definition(toRef)
      .catch(error => {
        if (statusOfError(error) === 404) return undefined;
        throw error;
      }),
    deps.store.history(releaseName(fromRef), request.from),
    deps.store.history(releaseName(toRef), request.to),
  ]);
  const deployRequest = promotionDeployRequest({
    request,
    source,
    sourceHistory,
    targetHistory,
  });
  const promotion = {
    from: { environment: request.from, revision: source.revision },
    to: {
      environment: request.to,
      ...(running ? { revision: running.revision } : {}),
    },
    changedDefinitions: changedDefinitions(
      source.definitions,
      running?.definitions,
    ),
    replicas: deployRequest.replicas,
  };
  if (request.dryRun) {
    const rendered = await deps.render(deployRequest);
    return { ...promotion, dryRun: true, warnings: rendered.warnings ?? [] };
  }
  const deployed = await deps.deployRecorded(deployRequest, {
    operation: 'promote',
    actor,
    more: { from: request.from },
  });
  return {
    ...promotion,
    dryRun: false,
    warnings: deployed.warnings,
    deployed: {
      helm: deployed.helm,
      secretProperties: deployed.secretProperties,
      warnings: deployed.warnings,
    },
  };
}
