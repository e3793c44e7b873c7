import type { z as zImpl } from 'zod/v3';
import {
  DEPLOYMENT_MODES,
  MAX_REPLICAS,
} from '@ksml-backstage/plugin-ksml-common';

type Z = typeof zImpl;

// Field schemas shared by the actions, in the scaffolder's v2 form (one function of `z` per
// field). The KSML backend validates every value again and names the field in its 400; here
// only the shape is checked, so the two can never disagree about what is valid.

/** The four fields that identify an app. */
export const appRefInput = {
  tenant: (z: Z) =>
    z.string().describe('Tenant: a lowercase DNS label, e.g. "dizzl"'),
  instance: (z: Z) =>
    z.string().describe('Instance of the tenant, e.g. "sandbox"'),
  environment: (z: Z) =>
    z
      .string()
      .describe(
        'Environment as the KSML backend configures it (ksml.environments), e.g. "dev"',
      ),
  application: (z: Z) =>
    z.string().describe('Application name, e.g. "sensor-inspector"'),
};

/** What a deploy request holds beyond the identity, with definitions and schemas from files. */
export const appSpecInput = {
  replicas: (z: Z) =>
    z
      .number()
      .int()
      .optional()
      .describe('Replicas of the KSML runner (default 1; 0 stops the app)'),
  deploymentMode: (z: Z) =>
    z
      .enum(DEPLOYMENT_MODES)
      .optional()
      .describe(
        'StatefulSet (default) for a long-running app, Job for one that runs to completion',
      ),
  definition: (z: Z) =>
    z.string().optional().describe('The KSML definition as YAML text'),
  definitionFile: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Workspace path of the KSML definition file (instead of definition)',
      ),
  definitionFiles: (z: Z) =>
    z
      .record(z.string())
      .optional()
      .describe(
        'Several definitions: KSML namespace -> workspace path of its file (instead of definition)',
      ),
  kafkaProperties: (z: Z) =>
    z
      .record(z.union([z.string(), z.number(), z.boolean()]))
      .describe(
        'Kafka client properties; must hold bootstrap.servers. Secret ones (passwords, sasl.jaas.config, ...) go into a Kubernetes Secret, never a ConfigMap; pass them from ${{ secrets.* }}',
      ),
  schemaFiles: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe(
        'Workspace paths of schema files (AVSC, JSON, XSD, ...) or of folders whose files are all schemas',
      ),
  testFiles: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe(
        "Workspace paths of KSML test suites (KSML's test runner format) or of folders of them; each suite is named after its file. A dry run runs them and fails when one does not pass",
      ),
  requireTests: (z: Z) =>
    z
      .boolean()
      .optional()
      .describe(
        'Deploy only when every test of testFiles passes (the KSML backend runs them first)',
      ),
  resources: (z: Z) =>
    z
      .object({
        requests: z
          .object({ cpu: z.string().optional(), memory: z.string().optional() })
          .optional(),
        limits: z
          .object({ cpu: z.string().optional(), memory: z.string().optional() })
          .optional(),
      })
      .optional()
      .describe('CPU and memory requests and limits of the runner container'),
  storage: (z: Z) =>
    z
      .object({
        size: z.string(),
        storageClassName: z.string().optional(),
      })
      .optional()
      .describe(
        'A PersistentVolumeClaim per replica for the KSML state store (default: an emptyDir)',
      ),
  allowMissingTopics: (z: Z) =>
    z
      .boolean()
      .optional()
      .describe(
        "Go ahead when the environment's Kafka cluster lacks a topic the definition reads (a warning instead of a refusal)",
      ),
};

/** The outputs every action gives to identify what it worked on. */
export const appOutput = {
  releaseName: (z: Z) => z.string().describe('The Helm release name'),
  namespace: (z: Z) => z.string().describe('The Kubernetes namespace'),
};

/** The catalog annotations output: what a catalog-info.yaml needs for the KSML entity tabs. */
export const annotationsOutput = (z: Z) =>
  z
    .record(z.string())
    .describe(
      'Catalog annotations (ksml/tenant, ksml/instance, ksml/application, ksml/environments) for the entity',
    );

/**
 * The fields of a promotion (`ksml:app:promote` and `ksml:app:promote-render`): the app without
 * its environment, where it runs (`from`) and where it goes (`to`), and the target's replicas.
 */
export const promotionInput = {
  tenant: appRefInput.tenant,
  instance: appRefInput.instance,
  application: appRefInput.application,
  from: (z: Z) =>
    z
      .string()
      .describe('The environment whose running app is promoted, e.g. "dev"'),
  to: (z: Z) =>
    z.string().describe('The environment it is promoted to, e.g. "stag"'),
  replicas: (z: Z) =>
    z
      .number()
      .int()
      .min(0)
      .max(MAX_REPLICAS)
      .optional()
      .describe('Replicas in the target (default: as many as run in from)'),
};
