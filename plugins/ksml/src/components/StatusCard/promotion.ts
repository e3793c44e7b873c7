import type {
  KsmlPromoteResponse,
  KsmlStatusResponse,
} from '@ksml-backstage/plugin-ksml-common';
import { errorMessage, statusCodeOf } from '../common/errors';

/** What the user chose in the promote dialog: where to, and the target's Kafka where asked. */
export interface KsmlPromotion {
  to: string;
  /** The target's Kafka properties, only where the app never ran there. */
  kafkaProperties?: Record<string, string>;
  /** The target's secret Kafka properties, sent again (its history keeps them redacted). */
  secretKafkaProperties?: Record<string, string>;
}

/**
 * Whether a card offers "Promote to …": the user may deploy the app, it runs here (there is
 * something to promote), the entity lists other environments, and the portal installs it (a
 * GitOps app is promoted by a commit to its repository, which Flux or Argo CD then install).
 */
export function canPromote(options: {
  status?: KsmlStatusResponse;
  canDeploy: boolean;
  gitops: boolean;
  targets: readonly string[];
}): boolean {
  return (
    options.canDeploy &&
    options.status !== undefined &&
    !options.gitops &&
    options.targets.length > 0
  );
}

/** The environments an app can be promoted to from `from`: the entity's others, in its order. */
export function promotionTargets(
  environments: readonly string[],
  from: string,
): string[] {
  return environments.filter(environment => environment !== from);
}

/**
 * The target a promotion from `from` starts with: the next environment in the entity's
 * promotion order (dev → stag → prod), else the first other one (from the last, back down).
 */
export function defaultPromotionTarget(
  environments: readonly string[],
  from: string,
): string | undefined {
  const next = environments[environments.indexOf(from) + 1];
  return next !== undefined && next !== from
    ? next
    : promotionTargets(environments, from)[0];
}

/**
 * True when the backend refused a promotion for want of the target's Kafka properties (the app
 * never ran there): a 400 whose message names the field `kafkaProperties` first.
 */
export function asksForKafkaProperties(error: unknown): boolean {
  return (
    statusCodeOf(error) === 400 &&
    /^kafkaProperties\b/.test(errorMessage(error))
  );
}

/**
 * The promotion the dialog's fields make: bootstrap servers (trimmed) as the target's Kafka
 * properties when given, and the secrets that are filled in.
 */
export function promotionOf(fields: {
  to: string;
  bootstrapServers: string;
  secrets: Record<string, string>;
}): KsmlPromotion {
  const servers = fields.bootstrapServers.trim();
  const secrets = Object.entries(fields.secrets).filter(
    ([, value]) => value !== '',
  );
  return {
    to: fields.to,
    ...(servers ? { kafkaProperties: { 'bootstrap.servers': servers } } : {}),
    ...(secrets.length > 0
      ? { secretKafkaProperties: Object.fromEntries(secrets) }
      : {}),
  };
}

/** "definitions changed: a, b", or that none did. */
export function changedText(changed: readonly string[]): string {
  return changed.length > 0
    ? `definitions changed: ${changed.join(', ')}`
    : 'no definition changed';
}

/** What the card says once a promotion is done. */
export function promotedMessage(
  application: string,
  result: KsmlPromoteResponse,
): string {
  const revision = result.deployed
    ? ` as revision ${result.deployed.helm.revision}`
    : '';
  return `Promoted ${application} from ${result.from.environment} (revision ${
    result.from.revision
  }) to ${result.to.environment}${revision}; ${changedText(
    result.changedDefinitions,
  )}`;
}
