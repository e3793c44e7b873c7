import {
  KsmlTestReport,
  KsmlWorkloadStatus,
  releaseName,
} from '@ksml-backstage/plugin-ksml-common';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readDeployRequest } from '../workspace/readRequest';
import { entityAnnotations } from './annotations';
import { callBackend } from './backendErrors';
import { examples } from './deploy.examples';
import {
  annotationsOutput,
  appOutput,
  appRefInput,
  appSpecInput,
} from './inputs';
import { KsmlActionOptions, onBehalfOfInitiator } from './ksmlActionOptions';
import { waitForApp } from './waitForApp';

/** Like the ONAP Kubernetes participant's pod watch: 3 minutes. */
const DEFAULT_TIMEOUT_SECONDS = 180;

/** When the wait is over: 0 replicas stop the app; a Job may also finish before it is seen. */
function wantedStates(app: {
  replicas?: number;
  deploymentMode?: string;
}): KsmlWorkloadStatus[] {
  if (app.replicas === 0) return ['Stopped'];
  if (app.deploymentMode === 'Job') return ['Running', 'Completed'];
  return ['Running'];
}

/** Options for {@link createKsmlDeployAction}. */
export interface KsmlDeployActionOptions extends KsmlActionOptions {
  /** How often to read the status while waiting; default 3 s. */
  pollIntervalMs?: number;
}

/**
 * `ksml:app:deploy`: deploys a KSML app through the KSML backend (the user's permissions and
 * audit apply) and waits until it runs. In a dry run it validates and renders only.
 */
export function createKsmlDeployAction(options: KsmlDeployActionOptions) {
  const { ksml, auth, pollIntervalMs = 3000 } = options;
  return createTemplateAction({
    id: 'ksml:app:deploy',
    description:
      'Deploys a KSML app with the KSML backend (Helm, the KSML chart) and waits until it is Running. In a dry run it validates and renders the values, deploying nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...appRefInput,
        ...appSpecInput,
        waitForRunning: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the app is Running (a Job: Running or Completed); default true',
            ),
        timeout: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              `Seconds to wait for Running before failing; default ${DEFAULT_TIMEOUT_SECONDS}`,
            ),
      },
      output: {
        ...appOutput,
        status: z =>
          z
            .string()
            .describe(
              'Running, Starting, Completed or Stopped; "Deployed" without waiting, "DryRun" in a dry run',
            ),
        revision: z =>
          z.number().optional().describe('The Helm revision deployed'),
        tests: z =>
          z
            .object({
              passed: z.boolean(),
              counts: z.object({
                passed: z.number(),
                failed: z.number(),
                errors: z.number(),
              }),
              results: z.array(
                z.object({
                  suite: z.string(),
                  test: z.string(),
                  status: z.enum(['PASS', 'FAIL', 'ERROR']),
                  message: z.string().optional(),
                }),
              ),
              ranOn: z.enum(['local', 'cluster']),
              durationMs: z.number(),
            })
            .optional()
            .describe(
              "The report of the KSML tests of testFiles: a dry run's, or the deploy's when requireTests is set",
            ),
        annotations: annotationsOutput,
      },
    },
    async handler(ctx) {
      const { waitForRunning = true, timeout, ...app } = ctx.input;
      const request = await readDeployRequest(app, ctx.workspacePath);
      const token = onBehalfOfInitiator(auth, ctx);
      ctx.output('annotations', entityAnnotations(app));

      if (ctx.isDryRun) {
        const rendered = await callBackend('render', async () =>
          ksml.render(request, { token: await token() }),
        );
        ctx.logger.info(
          `Dry run: ${rendered.release} would be deployed to namespace ${rendered.namespace}; nothing was deployed`,
        );
        for (const warning of rendered.warnings ?? []) ctx.logger.warn(warning);
        ctx.output('releaseName', rendered.release);
        ctx.output('namespace', rendered.namespace);
        if (request.tests) {
          const report = await callBackend('test', async () =>
            ksml.test(request, { token: await token() }),
          );
          ctx.output('tests', report);
          for (const r of report.results) {
            const line = `KSML test ${r.status}: ${r.suite} › ${r.test}${
              r.message ? ` (${r.message})` : ''
            }`;
            if (r.status === 'PASS') ctx.logger.info(line);
            else ctx.logger.error(line);
          }
          if (!report.passed) {
            throw new InputError(
              `Dry run: ${report.counts.failed + report.counts.errors} of ${
                report.results.length
              } KSML tests did not pass; a deploy would run the definition as it is`,
            );
          }
        }
        ctx.output('status', 'DryRun');
        return;
      }

      // A retried task finds the deploy already done and does not deploy again.
      const release = releaseName(app);
      const deployed = await ctx.checkpoint({
        key: `ksml.deploy.${release}`,
        fn: async () => {
          const result = await callBackend('deploy', async () =>
            ksml.deploy(request, { token: await token() }),
          );
          return {
            release: result.helm.name,
            namespace: result.helm.namespace,
            revision: result.helm.revision,
            warnings: result.warnings ?? [],
            // A checkpoint keeps JSON values: the report as its text.
            ...(result.tests ? { tests: JSON.stringify(result.tests) } : {}),
          };
        },
      });
      ctx.logger.info(
        `Deployed ${deployed.release} revision ${deployed.revision} to namespace ${deployed.namespace}`,
      );
      for (const warning of deployed.warnings ?? []) ctx.logger.warn(warning);
      ctx.output('releaseName', deployed.release);
      ctx.output('namespace', deployed.namespace);
      ctx.output('revision', deployed.revision);
      if (deployed.tests) {
        ctx.output('tests', JSON.parse(deployed.tests) as KsmlTestReport);
      }

      if (!waitForRunning) {
        ctx.output('status', 'Deployed');
        return;
      }
      const final = await waitForApp(app, {
        ksml,
        token,
        done: wantedStates(app),
        timeoutMs: (timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        intervalMs: pollIntervalMs,
        log: line => ctx.logger.info(`${deployed.release}: ${line}`),
        signal: ctx.signal,
      });
      ctx.output('status', final.kubernetes.status);
    },
  });
}
