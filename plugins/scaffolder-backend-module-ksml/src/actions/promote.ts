import {
  KsmlPromoteResponse,
  PromoteRequestInput,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { callBackend } from './backendErrors';
import { appSpecInput, promotionInput } from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { examples } from './promote.examples';
import { targetKafkaProperties } from './targetKafkaProperties';

/** What a promotion's inputs say, as the action's schema reads them. */
interface PromoteInput {
  tenant: string;
  instance: string;
  application: string;
  from: string;
  to: string;
  replicas?: number;
  resources?: PromoteRequestInput['resources'];
  kafkaProperties?: Record<string, string | number | boolean>;
  bootstrapServers?: string;
  secretKafkaProperties?: Record<string, string>;
  allowMissingTopics?: boolean;
  dryRun?: boolean;
}

/**
 * The promotion request: `bootstrapServers` is short for `kafkaProperties['bootstrap.servers']`,
 * left out when empty (a form's empty field), so the target's recorded properties are used.
 */
export function promoteRequestOf(
  input: PromoteInput,
  dryRun: boolean,
): PromoteRequestInput {
  const { bootstrapServers, dryRun: _asked, ...rest } = input;
  const kafkaProperties = targetKafkaProperties(
    rest.kafkaProperties,
    bootstrapServers,
  );
  return {
    ...rest,
    ...(kafkaProperties ? { kafkaProperties } : {}),
    dryRun,
  };
}

/**
 * `ksml:app:promote`: deploys what runs in one environment to another through the KSML backend
 * (`POST /promote`), on behalf of the task's initiator (their `ksml.app.deploy` decides; the
 * backend records and audits it as a promotion). With `dryRun`, or in the scaffolder's dry run,
 * the target only checks it (chart values, Kafka topics) and nothing is applied: a template's
 * review step. Outputs the revision deployed, the definitions it changed and the warnings.
 */
export function createKsmlPromoteAction(options: KsmlActionOptions) {
  const { ksml, auth } = options;
  return createTemplateAction({
    id: 'ksml:app:promote',
    description:
      "Promotes a KSML app: deploys the definitions, schemas and replicas that run in one environment to another, with the target's own Kafka properties (needs ksml.app.deploy). With dryRun (or in a dry run) the target checks it and nothing is applied.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...promotionInput,
        resources: appSpecInput.resources,
        kafkaProperties: z =>
          z
            .record(z.union([z.string(), z.number(), z.boolean()]))
            .optional()
            .describe(
              "The target's Kafka client properties; default: those of the app's last deploy there (needed where it never ran)",
            ),
        bootstrapServers: z =>
          z
            .string()
            .optional()
            .describe(
              "The target's Kafka bootstrap servers, short for kafkaProperties['bootstrap.servers']; empty: the recorded ones",
            ),
        secretKafkaProperties: z =>
          z
            .record(z.string())
            .optional()
            .describe(
              "The target's secret Kafka properties, sent again (history keeps them redacted); pass them from ${{ secrets.* }}",
            ),
        allowMissingTopics: appSpecInput.allowMissingTopics,
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Only check the promotion against the target and list what would change; apply nothing',
            ),
      },
      output: {
        releaseName: z => z.string().describe("The target's Helm release name"),
        namespace: z =>
          z
            .string()
            .optional()
            .describe("The target's Kubernetes namespace (not in a dry run)"),
        revision: z =>
          z
            .number()
            .optional()
            .describe(
              'The Helm revision deployed in the target (not in a dry run)',
            ),
        fromRevision: z =>
          z
            .number()
            .describe('The revision of from whose definitions were promoted'),
        changedDefinitions: z =>
          z
            .array(z.string())
            .describe(
              'The definitions (KSML namespaces) that differ from what ran in the target; all where nothing ran',
            ),
        warnings: z =>
          z
            .array(z.string())
            .describe("The target's checks that did not refuse"),
      },
    },
    async handler(ctx) {
      const input = ctx.input as PromoteInput;
      const dryRun = ctx.isDryRun || input.dryRun === true;
      const request = promoteRequestOf(input, dryRun);
      const release = releaseName({ ...input, environment: input.to });
      const token = onBehalfOfInitiator(auth, ctx);
      const promote = async () => {
        const result: KsmlPromoteResponse = await callBackend(
          'promotion',
          async () => ksml.promote(request, { token: await token() }),
        );
        // The checkpoint keeps plain JSON: what the outputs and the log need.
        return {
          fromRevision: result.from.revision,
          changedDefinitions: result.changedDefinitions,
          replicas: result.replicas,
          warnings: result.warnings,
          revision: result.deployed?.helm.revision,
          namespace: result.deployed?.helm.namespace,
        };
      };
      // A retried task finds the promotion done and does not deploy again; a check is redone.
      const promoted = dryRun
        ? await promote()
        : await ctx.checkpoint({
            key: `ksml.promote.${release}.from.${input.from}`,
            fn: promote,
          });

      const changed = promoted.changedDefinitions.length
        ? promoted.changedDefinitions.join(', ')
        : 'none';
      ctx.logger.info(
        dryRun
          ? `Dry run: ${input.from} (revision ${promoted.fromRevision}) would be promoted to ${release} with ${promoted.replicas} replicas; definitions changed: ${changed}; nothing was applied`
          : `Promoted ${input.from} (revision ${promoted.fromRevision}) to ${release}: revision ${promoted.revision} in namespace ${promoted.namespace}; definitions changed: ${changed}`,
      );
      for (const warning of promoted.warnings) ctx.logger.warn(warning);
      ctx.output('releaseName', release);
      if (promoted.namespace) ctx.output('namespace', promoted.namespace);
      if (promoted.revision !== undefined)
        ctx.output('revision', promoted.revision);
      ctx.output('fromRevision', promoted.fromRevision);
      ctx.output('changedDefinitions', promoted.changedDefinitions);
      ctx.output('warnings', promoted.warnings);
    },
  });
}
