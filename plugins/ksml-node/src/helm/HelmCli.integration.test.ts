import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  runHelm,
  tempHelmHome,
  TestbedEnv,
  TestbedKube,
} from '@ksml-backstage/testbed';
import { readFile } from 'node:fs/promises';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HelmCli } from './HelmCli';
import { ChartSource } from './types';

const values = {
  ksmlRunnerConfig: {
    definitions: { app: 'app.yaml' },
    kafka: { 'application.id': 'x', 'bootstrap.servers': 'b:9092' },
  },
  ksmlDefinitions: { 'app.yaml': 'pipelines: {p: {from: s}}' },
};

// The chart sources beside OCI: a classic Helm repository (index.yaml + .tgz over HTTPS with
// basic auth, as Nexus or ChartMuseum serve it) and a local chart folder, with the real helm.
describe('HelmCli chart sources', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let repo: {
    server: Server;
    url: string;
    home: Awaited<ReturnType<typeof tempHelmHome>>;
  };
  const password = 'repo-secret';

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'helm-sources');

    // A classic repository: helm package + helm repo index, served over TLS (the test bed's
    // certificate for 127.0.0.1) behind basic auth.
    const home = await tempHelmHome();
    await runHelm(
      env,
      [
        'package',
        env.chart.dir,
        '-d',
        home.home,
        '--version',
        env.chart.version,
      ],
      { home: home.home },
    );
    const server = createServer(
      {
        cert: await readFile(join(env.dir, 'pki/registry.crt')),
        key: await readFile(join(env.dir, 'pki/registry.key')),
      },
      async (req, res) => {
        const expected = `Basic ${Buffer.from(`ksml:${password}`).toString(
          'base64',
        )}`;
        if (req.headers.authorization !== expected) {
          res
            .writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' })
            .end();
          return;
        }
        try {
          res.end(
            await readFile(
              join(
                home.home,
                (req.url ?? '/').split('?')[0].replace(/^\/+/, ''),
              ),
            ),
          );
        } catch {
          res.writeHead(404).end();
        }
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await runHelm(env, ['repo', 'index', home.home, '--url', url], {
      home: home.home,
    });
    repo = { server, url, home };
  }, 60_000);

  afterAll(async () => {
    repo?.server.closeAllConnections();
    repo?.server.close();
    await repo?.home.cleanup();
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
  }, 60_000);

  const repositoryChart = (repoPassword: string): ChartSource => ({
    kind: 'repository',
    url: repo.url,
    name: 'ksml',
    version: env.chart.version,
    username: 'ksml',
    password: repoPassword,
    caFile: env.registry.caFile,
  });
  const target = () => ({
    namespace,
    kubeconfigPath: env.kubeconfig,
    context: env.kubeContext,
  });
  const withHelm = async <T>(
    chart: ChartSource,
    use: (helm: HelmCli) => Promise<T>,
  ): Promise<T> => {
    const helm = HelmCli.create({
      binary: env.helmBinary,
      chart,
      timeoutSeconds: 60,
    });
    try {
      return await use(helm);
    } finally {
      await helm.close();
    }
  };

  it('installs from a classic Helm repository with credentials and a CA', async () => {
    const chart = repositoryChart(password);
    const release = await withHelm(chart, helm =>
      helm.upgradeInstall({
        release: 'from-repo-ksml',
        target: target(),
        values,
      }),
    );
    expect(release).toMatchObject({
      name: 'from-repo-ksml',
      chart: 'ksml',
      version: env.chart.version,
      revision: 1,
    });
  }, 60_000);

  it('reports a wrong repository password as a registry error (502)', async () => {
    const chart = repositoryChart('wrong');
    await expect(
      withHelm(chart, helm =>
        helm.upgradeInstall({
          release: 'never-ksml',
          target: target(),
          values,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ChartRegistryError', statusCode: 502 });
  }, 60_000);

  it('installs from a local chart folder, and renders it with helm template', async () => {
    const chart: ChartSource = {
      kind: 'path',
      path: env.chart.dir,
    };
    const release = await withHelm(chart, helm =>
      helm.upgradeInstall({
        release: 'from-path-ksml',
        target: target(),
        values,
      }),
    );
    expect(release).toMatchObject({
      name: 'from-path-ksml',
      chart: 'ksml',
      revision: 1,
    });
    const manifest = await withHelm(chart, helm =>
      helm.template({ release: 'rendered-ksml', namespace, values }),
    );
    expect(manifest).toContain('kind: StatefulSet');
    expect(manifest).toContain('name: rendered-ksml-runner');
  }, 60_000);

  it('lists the releases of the namespace', async () => {
    const chart: ChartSource = {
      kind: 'path',
      path: env.chart.dir,
    };
    const releases = await withHelm(chart, helm => helm.list(target()));
    expect(releases.map(r => r.name).sort()).toEqual([
      'from-path-ksml',
      'from-repo-ksml',
    ]);
    expect(releases[0]).toMatchObject({
      namespace,
      status: 'deployed',
      revision: 1,
    });
  });
});
