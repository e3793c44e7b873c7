import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  connectKube,
  DevPortal,
  dropFinalizers,
  kubectl,
  loadTestbedEnv,
  prepareRealRunners,
  type RealNode,
  repoRoot,
  requirePrometheus,
  startDevPortal,
} from '@ksml-backstage/testbed';
import {
  startProvisionerProcess,
  testbedReadmeEnv,
} from '@ksml-backstage/provisioner/src/testing';

/** The dev portal the end-to-end suite runs: app and backend on one port, its own namespaces. */
export interface E2ePortal extends DevPortal {
  /** KSML environment → the namespace it deploys to. */
  namespaces: Record<string, string>;
  /** Where the templates' ksml:publish:folder writes (and the catalog reads). */
  publishFolder: string;
  /**
   * The node on which the real KSML runner runs stag's apps (the examples there read and write
   * for real), or why the test bed has none (then stag is on kwok's nodes too).
   */
  realNode: RealNode | { unavailable: string };
}

/** The newest modification time under the given folders (files only), in ms. */
function newestChange(folders: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  folders.filter(existsSync).forEach(walk);
  return newest;
}

/**
 * Builds the dev portal's frontend bundle (packages/app/dist) unless it is newer than every
 * source it is made of; the backend's app plugin serves it. A production build (rspack), the
 * bundle a real portal would serve, in about 10 s here.
 */
export function buildAppIfStale(log: (line: string) => void): void {
  const app = join(repoRoot, 'packages/app');
  const built = join(app, 'dist/index.html');
  const newestSource = Math.max(
    newestChange([
      join(app, 'src'),
      join(app, 'public'),
      join(repoRoot, 'plugins/ksml/src'),
      join(repoRoot, 'plugins/ksml-common/src'),
    ]),
    statSync(join(repoRoot, 'package-lock.json')).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs > newestSource) {
    log('app bundle is up to date');
    return;
  }
  log('building the app bundle (packages/app)');
  execFileSync(
    'bash',
    [
      join(repoRoot, 'scripts/with-node.sh'),
      'backstage-cli',
      'package',
      'build',
    ],
    {
      cwd: app,
      // A production build, whatever the caller's NODE_ENV (jest sets "test", which the app's
      // browserslist has no entry for).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

/**
 * The dev portal's configuration (app-config.yaml) made into the suite's own: one port for
 * app and backend, every environment in a namespace of this run (stag direct too: the
 * standalone provisioner has suites of its own; prod in operator mode), and a publish folder of
 * its own. stag runs real KSML runners, as with `npm start`, through its `customValuesFile`
 * when one is given.
 */
function e2eConfig(options: {
  port: number;
  namespaces: Record<string, string>;
  publishFolder: string;
  stagValuesFile?: string;
  /** The test bed's Prometheus, which scrapes stag's real runners: its longer trends. */
  stagPrometheusUrl?: string;
}): Record<string, any> {
  const config = parse(
    readFileSync(join(repoRoot, 'app-config.yaml'), 'utf8'),
  ) as Record<string, any>;
  const baseUrl = `http://localhost:${options.port}`;
  config.app.baseUrl = baseUrl;
  config.backend.baseUrl = baseUrl;
  config.backend.listen = { port: options.port };
  config.backend.cors.origin = baseUrl;
  config.catalog.locations = (
    config.catalog.locations as Array<{ type: string; target: string }>
  ).map(location =>
    location.target.includes('.ksml-portal/published')
      ? { ...location, target: `${options.publishFolder}/*/catalog-info.yaml` }
      : location,
  );
  config.ksml.namespace = options.namespaces.dev;
  config.ksml.scaffolder.publishFolder = options.publishFolder;
  config.ksml.environments = Object.fromEntries(
    Object.entries(options.namespaces).map(([env, namespace]) => [
      env,
      // prod in operator mode, as in app-config.yaml: the suite runs its operator.
      {
        namespace,
        ...(env === 'prod' ? { operator: true } : {}),
        ...(env === 'stag' && options.stagValuesFile
          ? { customValuesFile: options.stagValuesFile }
          : {}),
        ...(env === 'stag' && options.stagPrometheusUrl
          ? { prometheus: { url: options.stagPrometheusUrl } }
          : {}),
      },
    ]),
  );
  return config;
}

/**
 * Starts the dev portal for the end-to-end suite on the test bed: builds the app bundle when
 * stale, creates the run's namespaces, starts the backend serving the app, and deploys the
 * example apps through its API as `npm start` does (scripts/seed-examples.sh).
 */
export async function startE2ePortal(
  log: (line: string) => void,
): Promise<E2ePortal> {
  buildAppIfStale(log);
  const env = loadTestbedEnv();
  const run = Date.now().toString(36);
  const namespaces = {
    dev: `e2e-${run}-dev`,
    stag: `e2e-${run}-stag`,
    prod: `e2e-${run}-prod`,
  };
  for (const namespace of Object.values(namespaces)) {
    await kubectl(env, ['create', 'namespace', namespace]);
  }
  const publishFolder = join(repoRoot, '.ksml-portal', `e2e-${run}-published`);
  rmSync(publishFolder, { recursive: true, force: true });
  mkdirSync(publishFolder, { recursive: true });
  const stagValuesFile = join(
    repoRoot,
    '.ksml-portal',
    `e2e-${run}-stag-values.yaml`,
  );
  const realNode = await prepareRealRunners(
    await connectKube(env),
    env,
    namespaces.stag,
    stagValuesFile,
  );
  const real = !('unavailable' in realNode);
  if (!real) log(`stag on kwok's nodes: ${realNode.unavailable}`);
  // prod is in operator mode: a provisioner reconciles the KsmlApps of its namespace.
  const operator = await startProvisionerProcess({
    ...testbedReadmeEnv(env, { namespace: namespaces.prod }),
    OPERATOR_MODE: 'true',
    OPERATOR_LEASE_DURATION_SECONDS: '5',
  });
  log('starting the portal');
  const portal = await startDevPortal({
    name: 'e2e',
    configFiles: [],
    config: port =>
      e2eConfig({
        port,
        namespaces,
        publishFolder,
        stagValuesFile: real ? stagValuesFile : undefined,
        stagPrometheusUrl: real ? requirePrometheus(realNode) : undefined,
      }),
  }).catch(async error => {
    await operator.stop();
    throw error;
  });
  log('deploying the example apps');
  try {
    execFileSync('bash', [join(repoRoot, 'scripts/seed-examples.sh')], {
      env: {
        ...process.env,
        KSML_PORTAL_BACKEND_URL: portal.baseUrl,
        KSML_SEED_REAL_ENVIRONMENTS: real ? 'stag' : '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (error) {
    // Nobody gets the portal to stop it: stop it here.
    await portal.stop();
    await operator.stop();
    throw error;
  }
  return {
    ...portal,
    namespaces,
    publishFolder,
    realNode,
    stop: async () => {
      await portal.stop();
      await operator.stop();
      // The operator is gone: the prod namespace's KsmlApps must not hold its deletion.
      await dropFinalizers(env, namespaces.prod, 'ksmlapps').catch(
        () => undefined,
      );
      rmSync(publishFolder, { recursive: true, force: true });
      rmSync(stagValuesFile, { force: true });
      for (const namespace of Object.values(namespaces)) {
        await kubectl(env, [
          'delete',
          'namespace',
          namespace,
          '--wait=false',
        ]).catch(() => undefined);
      }
    },
  };
}
