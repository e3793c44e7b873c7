import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  definitionsInValues,
  starterDefinition,
  type KsmlStarter,
} from '@ksml-backstage/plugin-ksml-common';
import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// The test backend runs the real KSML backend plugin next to the scaffolder, as a portal does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import ksmlPlugin from '@ksml-backstage/plugin-ksml-backend';
import {
  connectKube,
  createTestNamespace,
  dryRunApply,
  loadTestbedEnv,
  repoRoot,
  helmReleasesIn,
  runHelmOnce,
  testbedChartConfig,
  testbedClusterConfig,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { fluxManifests } from '../gitops/manifests';
import { scaffolderModuleKsml } from '../module';

// Integration: software templates run as real scaffolder tasks in a test backend holding the
// scaffolder, the catalog (which loads the templates), the KSML backend plugin and this
// module, against the real test bed (kwok cluster, helm, TLS + htpasswd OCI registry).
describe('KSML templates and actions through the scaffolder', () => {
  const published = createMockDirectory();
  const templates = resolve(repoRoot, 'templates/ksml-app');
  const promoteTemplates = resolve(repoRoot, 'templates/ksml-promote');
  let env: TestbedEnv;
  let kube: TestbedKube;
  let devNs: string;
  let stagNs: string;
  let argoNs: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const user = { Authorization: `Bearer ${mockCredentials.user.token()}` };
  const outsiderRef = 'user:default/outsider';
  const outsider = {
    Authorization: `Bearer ${mockCredentials.user.token(outsiderRef)}`,
  };
  const isOutsider = (credentials?: BackstageCredentials) =>
    credentials?.principal !== null &&
    typeof credentials?.principal === 'object' &&
    'userEntityRef' in credentials.principal &&
    credentials.principal.userEntityRef === outsiderRef;

  /** The KSML permissions refused to the outsider, everything else allowed. */
  const outsiderRefused = async (
    requests: Array<{ permission: { name: string } }>,
    options?: { credentials?: BackstageCredentials },
  ) =>
    requests.map(r => ({
      result:
        isOutsider(options?.credentials) &&
        r.permission.name.startsWith('ksml.')
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })) as any;

  const entity = (ref: string) =>
    request(server).get(`/api/catalog/entities/by-name/${ref}`).set(user);

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    devNs = await createTestNamespace(kube, 'scaf-dev');
    stagNs = await createTestNamespace(kube, 'scaf-stag');
    argoNs = await createTestNamespace(kube, 'scaf-argocd');
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        import('@backstage/plugin-catalog-backend'),
        import(
          '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
        ),
        ksmlPlugin,
        scaffolderModuleKsml,
        // Everyone may do everything, except that the outsider gets no KSML permission.
        mockServices.permissions.mock({
          authorize: outsiderRefused,
          // Asked for an app no catalog entity describes yet (the outsider's new app).
          authorizeConditional: outsiderRefused,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            ksml: {
              chart: testbedChartConfig(env),
              helm: { binary: env.helmBinary, timeoutSeconds: 120 },
              cluster: testbedClusterConfig(env),
              environments: {
                dev: { namespace: devNs },
                stag: { namespace: stagNs },
              },
              scaffolder: {
                pollIntervalMs: 1000,
                publishFolder: published.path,
              },
            },
            catalog: {
              processingInterval: { seconds: 2 },
              rules: [{ allow: ['Template', 'Component', 'Location'] }],
              locations: [
                { type: 'file', target: join(templates, 'template.yaml') },
                {
                  type: 'file',
                  target: join(templates, 'template-gitops.yaml'),
                },
                {
                  type: 'file',
                  target: join(promoteTemplates, 'template-gitops.yaml'),
                },
                {
                  type: 'file',
                  target: join(__dirname, 'fixtures/deploy-definition.yaml'),
                },
                {
                  type: 'file',
                  target: join(published.path, '*/catalog-info.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    for (const name of [
      'ksml-app',
      'ksml-app-gitops',
      'ksml-promote-gitops',
      'ksml-deploy-definition',
    ]) {
      await waitFor(
        async () =>
          (await entity(`template/default/${name}`)).status === 200 ||
          undefined,
        { description: `template ${name} in the catalog`, timeoutMs: 60_000 },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await stopBackend?.();
    for (const name of [devNs, stagNs, argoNs])
      await kube?.core.deleteNamespace({ name }).catch(() => undefined);
  }, 60_000);

  /** Runs a template as a real task and waits until it ends. */
  const runTask = async (
    template: string,
    values: Record<string, unknown>,
    as = user,
  ) => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(as)
      .send({ templateRef: `template:default/${template}`, values });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const task = await waitFor(
      async () => {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set(user);
        return ['completed', 'failed', 'cancelled'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      { description: `task ${template}`, timeoutMs: 240_000, intervalMs: 1000 },
    );
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set(user);
    const log = (events.body as Array<{ body: { message?: string } }>)
      .map(e => e.body.message ?? '')
      .join('\n');
    return { status: task.status as string, log };
  };
  /** Fails with the task's log, which says why, unless the task completed. */
  const expectCompleted = (task: { status: string; log: string }) => {
    if (task.status !== 'completed')
      throw new Error(`task ${task.status}:\n${task.log}`);
  };

  const ksmlStatus = async (environment: string, application: string) =>
    request(server)
      .get(
        `/api/ksml/status?${new URLSearchParams({
          tenant: 'scaf',
          instance: 'it',
          environment,
          application,
        })}`,
      )
      .set(user);

  const releasesIn = (namespace: string) => helmReleasesIn(env, namespace);

  const appValues = (
    application: string,
    extra: Record<string, unknown> = {},
  ) => ({
    tenant: 'scaf',
    instance: 'it',
    application,
    // What the form's Definition step hands in: the chosen starter, made from the answers.
    definition: starterDefinition((extra.starter as KsmlStarter) ?? 'copy', {
      application,
      inputTopic: 'ksml_sensordata_avro',
      outputTopic: extra.outputTopic as string | undefined,
    }),
    description: 'Made by the integration test',
    owner: 'user:default/mock',
    starter: 'copy',
    inputTopic: 'ksml_sensordata_avro',
    outputTopic: 'ksml_sensordata_copy',
    environments: ['dev', 'stag'],
    replicas: 2,
    deploymentMode: 'StatefulSet',
    bootstrapServers: 'broker:9093',
    schemaRegistryUrl: 'http://schema-registry:8081',
    ...extra,
  });

  it('runs templates/ksml-app end to end: deployed and Running in both environments, registered in the catalog', async () => {
    const task = await runTask('ksml-app', appValues('copy-app'));
    expectCompleted(task);
    const { log } = task;

    // Progress lines from ksml:app:deploy, per environment.
    expect(log).toContain(
      `Deployed scaf-it-dev-copy-app-ksml revision 1 to namespace ${devNs}`,
    );
    expect(log).toMatch(
      /scaf-it-stag-copy-app-ksml: status Running, replicas ready 2\/2/,
    );

    for (const environment of ['dev', 'stag']) {
      const res = await ksmlStatus(environment, 'copy-app');
      expect(res.status).toBe(200);
      expect(res.body.kubernetes).toMatchObject({
        status: 'Running',
        replicas: 2,
        readyReplicas: 2,
      });
    }

    // The published skeleton registers the component with the KSML annotations.
    const component = await waitFor(
      async () => {
        const res = await entity('component/default/copy-app');
        return res.status === 200 ? res.body : undefined;
      },
      { description: 'component copy-app in the catalog', timeoutMs: 60_000 },
    );
    expect(component.metadata.annotations).toMatchObject({
      'ksml/tenant': 'scaf',
      'ksml/instance': 'it',
      'ksml/application': 'copy-app',
      'ksml/environments': 'dev,stag',
    });
    expect(component.spec.owner).toBe('user:default/mock');
  }, 300_000);

  it('refuses a name that already runs before anything is applied, unless the user takes it over', async () => {
    // copy-app runs in dev and stag since the test above.
    const refused = await runTask('ksml-app', appValues('copy-app'));
    expect(refused.status).toBe('failed');
    expect(refused.log).toContain(
      'application: copy-app already runs in dev, stag (scaf-it-dev-copy-app-ksml, scaf-it-stag-copy-app-ksml); choose another name',
    );
    expect((await ksmlStatus('dev', 'copy-app')).body.helm.revision).toBe(1);

    const taken = await runTask(
      'ksml-app',
      appValues('copy-app', { takeover: true }),
    );
    expectCompleted(taken);
    expect(taken.log).toContain('Taking over scaf-it-dev-copy-app-ksml');
    expect((await ksmlStatus('dev', 'copy-app')).body.helm.revision).toBe(2);
  }, 300_000);

  it('fails a deploy whose definition is wrong before anything is deployed, naming the path', async () => {
    const { status, log } = await runTask('ksml-deploy-definition', {
      application: 'broken-app',
      definition: 'pipelines:\n  broken:\n    to: somewhere\n',
    });
    expect(status).toBe('failed');
    expect(log).toContain(
      'KSML backend refused the deploy (400 InputError): Invalid deploy request: definition: is not a valid KSML definition: line 2: pipelines.broken.from: is required',
    );
    expect(await releasesIn(devNs)).not.toContain(
      'scaf-it-dev-broken-app-ksml',
    );
  }, 120_000);

  it("enforces the KSML permissions of the task's initiator: an outsider's deploy is refused, nothing deployed", async () => {
    const { status, log } = await runTask(
      'ksml-deploy-definition',
      {
        application: 'outsider-app',
        definition: readmeDeployRequest.definition,
      },
      outsider,
    );
    expect(status).toBe('failed');
    expect(log).toContain(
      'KSML backend refused the deploy (403 NotAllowedError): Not allowed: ksml.app.deploy',
    );
    expect(await releasesIn(devNs)).not.toContain(
      'scaf-it-dev-outsider-app-ksml',
    );
  }, 120_000);

  it('runs templates/ksml-app-gitops: files that helm template accepts and the API server takes as Flux and Argo CD objects', async () => {
    const task = await runTask(
      'ksml-app-gitops',
      appValues('gitops-app', {
        starter: 'filter',
        // Left empty: the filter starter's own output topic.
        outputTopic: undefined,
        registrySecretName: 'ksml-chart-registry',
        argoCdNamespace: argoNs,
      }),
    );
    expectCompleted(task);
    expect(
      readFileSync(
        published.resolve('gitops-app/definitions/gitops-app.yaml'),
        'utf8',
      ),
    ).toContain('topic: ksml_sensordata_blue');
    expect(
      readFileSync(published.resolve('gitops-app/catalog-info.yaml'), 'utf8'),
    ).toContain('ksml/deployed-by: gitops');
    // Rendered, not deployed.
    expect(await releasesIn(devNs)).not.toContain(
      'scaf-it-dev-gitops-app-ksml',
    );

    for (const [environment, namespace] of [
      ['dev', devNs],
      ['stag', stagNs],
    ]) {
      const folder = published.resolve(`gitops-app/deploy/${environment}`);
      const release = `scaf-it-${environment}-gitops-app-ksml`;

      const rendered = await runHelmOnce(env, [
        'template',
        release,
        env.chart.dir,
        '-n',
        namespace,
        '-f',
        join(folder, 'values.yaml'),
      ]);
      expect(rendered.stderr).toBe('');
      expect(rendered.code).toBe(0);
      const kinds = parseAllDocuments(rendered.stdout).map(d => d.toJS()?.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['StatefulSet', 'ConfigMap']),
      );
      expect(rendered.stdout).toContain('filter_blue_sensors');

      const flux = readFileSync(join(folder, 'flux/helmrelease.yaml'), 'utf8');
      expect(parseAllDocuments(flux).map(d => d.toJS().kind)).toEqual([
        'OCIRepository',
        'HelmRelease',
      ]);
      const fluxCheck = await dryRunApply(flux, { namespace, env });
      expect(fluxCheck).toMatchObject({ ok: true });
      expect(fluxCheck.stdout).toContain(
        `helmrelease.helm.toolkit.fluxcd.io/${release}`,
      );

      // The same values from a classic Helm repository: a HelmRepository source instead.
      const fromRepository = fluxManifests(
        {
          release,
          namespace,
          chart: {
            kind: 'repository',
            url: 'https://charts.example.com/ksml',
            name: 'ksml',
            version: '0.1.0',
          },
          values: parse(readFileSync(join(folder, 'values.yaml'), 'utf8')),
          secretProperties: [],
          postRenderPatches: [],
          warnings: [],
        },
        { interval: '5m' },
      );
      const repositoryCheck = await dryRunApply(
        fromRepository.map(m => stringify(m)).join('---\n'),
        { namespace, env },
      );
      expect(repositoryCheck).toMatchObject({ ok: true });
      expect(repositoryCheck.stdout).toContain(
        `helmrepository.source.toolkit.fluxcd.io/${release}`,
      );

      const argo = readFileSync(
        join(folder, 'argocd/application.yaml'),
        'utf8',
      );
      expect(parse(argo).spec.destination.namespace).toBe(namespace);
      const argoCheck = await dryRunApply(argo, { namespace: argoNs, env });
      expect(argoCheck).toMatchObject({ ok: true });
    }
  }, 300_000);

  it('runs templates/ksml-promote/template-gitops.yaml: what runs in dev rendered for stag with its Kafka, published beside the app, deploying nothing', async () => {
    // copy-app runs in dev and stag since the first test (templates/ksml-app deployed it and
    // published its folder); its GitOps promotion renders dev's release for stag.
    const revisionIn = async (environment: string) =>
      (await ksmlStatus(environment, 'copy-app')).body.helm.revision as number;
    const devRevision = await revisionIn('dev');
    const stagRevision = await revisionIn('stag');
    const running = await request(server)
      .get(
        `/api/ksml/definition?${new URLSearchParams({
          tenant: 'scaf',
          instance: 'it',
          environment: 'dev',
          application: 'copy-app',
        })}`,
      )
      .set(user);
    expect(running.status).toBe(200);
    const promotion = {
      tenant: 'scaf',
      instance: 'it',
      application: 'copy-app',
      from: 'dev',
      to: 'stag',
      bootstrapServers: 'stag-broker:9093',
      schemaRegistryUrl: 'http://stag-schema-registry:8081',
      registrySecretName: 'ksml-chart-registry',
      argoCdNamespace: argoNs,
      checkOnly: false,
    };
    const release = 'scaf-it-stag-copy-app-ksml';

    const task = await runTask('ksml-promote-gitops', promotion);
    expectCompleted(task);
    // Nothing was rendered for stag before: what changes is not known.
    expect(task.log).toContain(
      `Promoted dev (revision ${devRevision}) to ${release} as GitOps files in deploy/stag, ready to commit; definitions changed: unknown (no rendered files of stag in the workspace or the portal's publish folder)`,
    );

    // The target's files hold what runs in dev, with stag's Kafka.
    const folder = published.resolve('copy-app/deploy/stag');
    const values = parse(readFileSync(join(folder, 'values.yaml'), 'utf8'));
    expect(values.ksmlRunnerConfig.kafka).toMatchObject({
      'bootstrap.servers': 'stag-broker:9093',
      'schema.registry.url': 'http://stag-schema-registry:8081',
    });
    expect(definitionsInValues(values).definitions).toEqual(
      running.body.definitions,
    );
    expect(values.replicaCount).toBe(running.body.replicas);
    expect(readFileSync(join(folder, 'README.md'), 'utf8')).toContain(
      `Promoted from \`dev\` (revision ${devRevision})`,
    );

    // Files that helm template accepts and the API server takes as Flux objects.
    const rendered = await runHelmOnce(env, [
      'template',
      release,
      env.chart.dir,
      '-n',
      stagNs,
      '-f',
      join(folder, 'values.yaml'),
    ]);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('stag-broker:9093');
    const flux = readFileSync(join(folder, 'flux/helmrelease.yaml'), 'utf8');
    const fluxCheck = await dryRunApply(flux, { namespace: stagNs, env });
    expect(fluxCheck).toMatchObject({ ok: true });
    expect(fluxCheck.stdout).toContain(
      `helmrelease.helm.toolkit.fluxcd.io/${release}`,
    );

    // Published beside the app's entity, which stays; rendered, not deployed.
    expect(
      readFileSync(published.resolve('copy-app/catalog-info.yaml'), 'utf8'),
    ).toContain('ksml/application: copy-app');
    expect(await revisionIn('stag')).toBe(stagRevision);

    // Again, only checking: now compared with the files just published, nothing changes, and
    // nothing is published.
    const valuesBefore = readFileSync(join(folder, 'values.yaml'), 'utf8');
    const check = await runTask('ksml-promote-gitops', {
      ...promotion,
      checkOnly: true,
    });
    expectCompleted(check);
    expect(check.log).toContain(
      `Dry run: dev (revision ${devRevision}) would be promoted to ${release} as GitOps files in deploy/stag; definitions changed against the files published for stag: none; nothing was written`,
    );
    expect(readFileSync(join(folder, 'values.yaml'), 'utf8')).toBe(
      valuesBefore,
    );
  }, 300_000);

  it('validates and renders in a scaffolder dry run, deploying nothing', async () => {
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(user)
      .send({
        template: {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: { name: 'dry-run' },
          spec: {
            type: 'service',
            parameters: [],
            steps: [
              {
                id: 'deploy',
                name: 'Deploy',
                action: 'ksml:app:deploy',
                input: {
                  tenant: 'scaf',
                  instance: 'it',
                  environment: 'dev',
                  application: 'dry-app',
                  definition:
                    'streams:\n  a: {topic: a, keyType: string, valueType: string}\n  b: {topic: b, keyType: string, valueType: string}\npipelines:\n  p:\n    from: a\n    to: b\n',
                  kafkaProperties: { 'bootstrap.servers': 'broker:9093' },
                },
              },
            ],
          },
        },
        values: {},
        directoryContents: [],
      });
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const messages = (res.body.log as Array<{ body: { message: string } }>)
      .map(l => l.body.message)
      .join('\n');
    expect(messages).toContain(
      `Dry run: scaf-it-dev-dry-app-ksml would be deployed to namespace ${devNs}; nothing was deployed`,
    );
    expect(await releasesIn(devNs)).not.toContain('scaf-it-dev-dry-app-ksml');
  }, 120_000);
});
