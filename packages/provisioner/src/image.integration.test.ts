import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  mustSucceed,
  repoRoot,
  runHelmOnce,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, testbedReadmeEnv } from './testing';

// Integration: the provisioner's OCI image, built on this machine without a container engine
// (image/build.sh: Debian packages, Node.js and helm assembled and pushed with crane) into the
// test bed's registry under the chart's default name, then pulled back and run from its own
// filesystem (crane export, unpacked, started with chroot as its nonroot user) against the test
// bed: the readme sample with a SASL secret deploys, runs and undeploys.
describe('the provisioner image', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let work: string;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) {
      throw new Error(
        'the image test runs the image with chroot, which needs root (CI runs as root)',
      );
    }
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'prov-image');
    work = mkdtempSync(join(tmpdir(), 'ksml-image-'));
  }, 60_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('builds, pushes, and runs from its own filesystem: deploy, Running, undeploy', async () => {
    // The chart's default image name, in the test bed's registry.
    const chartImage = mustSucceed(
      await runHelmOnce(env, [
        'template',
        'prov',
        join(repoRoot, 'packages/provisioner/chart'),
        '--set',
        `image.registry=${env.registry.host}`,
        '--show-only',
        'templates/deployment.yaml',
      ]),
      'helm template',
    ).stdout.match(/image: "([^"]+)"/)![1];
    expect(chartImage).toBe(`${env.registry.host}/ksml/ksml-provisioner:0.1.0`);

    const registryEnv = {
      ...process.env,
      SSL_CERT_FILE: env.registry.caFile,
      KSML_IMAGE_REGISTRY_USERNAME: env.registry.username,
      KSML_IMAGE_REGISTRY_PASSWORD: env.registry.password,
    };
    const build = spawnSync(
      'bash',
      [join(repoRoot, 'packages/provisioner/image/build.sh'), chartImage],
      { env: registryEnv, encoding: 'utf8' },
    );
    expect(build.stderr).toMatch(
      /pushed .*@sha256:[0-9a-f]{64} \(\d+ MiB compressed/,
    );
    expect(build.status).toBe(0);

    // Pull it back and unpack its filesystem.
    const rootfs = join(work, 'rootfs');
    const docker = join(work, 'docker');
    const crane = join(env.bin, 'crane');
    const craneEnv = { ...registryEnv, DOCKER_CONFIG: docker };
    mustRun(
      spawnSync(
        crane,
        [
          'auth',
          'login',
          env.registry.host,
          '-u',
          env.registry.username,
          '--password-stdin',
        ],
        {
          env: craneEnv,
          input: env.registry.password,
          encoding: 'utf8',
        },
      ),
      'crane auth login',
    );
    const config = JSON.parse(
      mustRun(
        spawnSync(crane, ['config', chartImage], {
          env: craneEnv,
          encoding: 'utf8',
        }),
        'crane config',
      ),
    ).config;
    expect(config.User).toBe('65532:65532');
    expect(config.Env).toEqual(
      expect.arrayContaining([
        'KSML_POST_RENDERER_SCRIPT=/app/post-render.cjs',
        'HELM_BINARY=/usr/local/bin/helm',
      ]),
    );
    expect(config.Entrypoint).toEqual(['/nodejs/bin/node', '/app/main.cjs']);
    mustRun(
      spawnSync(
        'bash',
        [
          '-c',
          `mkdir -p "$1" && "$2" export --platform linux/amd64 "$3" - | tar -x -C "$1"`,
          '_',
          rootfs,
          crane,
          chartImage,
        ],
        {
          env: craneEnv,
          encoding: 'utf8',
        },
      ),
      'crane export',
    );

    // What the pod would get mounted: a self-contained kubeconfig and the registry CA file.
    const kubeconfig = mustRun(
      spawnSync(
        env.kubectlBinary,
        [
          'config',
          'view',
          '--raw',
          '--flatten',
          '--minify',
          '--kubeconfig',
          env.kubeconfig,
          '--context',
          env.kubeContext,
        ],
        { encoding: 'utf8' },
      ),
      'kubectl config view',
    );
    writeFileSync(join(rootfs, 'tmp/kubeconfig'), kubeconfig);
    copyFileSync(env.registry.caFileBase64, join(rootfs, 'tmp/ca.b64'));
    for (const f of ['tmp/kubeconfig', 'tmp/ca.b64'])
      chmodSync(join(rootfs, f), 0o644);

    const imageEnv = Object.fromEntries(
      (config.Env as string[]).map(e => [
        e.slice(0, e.indexOf('=')),
        e.slice(e.indexOf('=') + 1),
      ]),
    );
    // chroot(8) from the host's PATH; the server's own environment is the image's.
    const chroot = mustRun(
      spawnSync('bash', ['-c', 'command -v chroot'], { encoding: 'utf8' }),
      'finding chroot',
    ).trim();
    const server = spawn(
      chroot,
      ['--userspec=65532:65532', rootfs, ...config.Entrypoint],
      {
        env: {
          // The readme's variables, with the files and PATH as the image sees them.
          ...testbedReadmeEnv(env, { namespace }),
          ...imageEnv,
          PORT: '0',
          KUBECONFIG: '/tmp/kubeconfig',
          CLIENT_CA_FILE: '/tmp/ca.b64',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise(r => {
      server.on('exit', r);
      server.on('error', r);
    });
    const output: string[] = [];
    server.stdout.on('data', c => output.push(String(c)));
    server.stderr.on('data', c => output.push(String(c)));
    try {
      const url = await waitFor(
        async () => {
          const m = /"KSML provisioner listening".*"port":(\d+)/.exec(
            output.join(''),
          );
          return m ? `http://127.0.0.1:${m[1]}` : undefined;
        },
        {
          description: `the image's server to listen:\n${output.join('')}`,
          timeoutMs: 30_000,
        },
      );
      const app = {
        ...readmeDeployRequest,
        kafkaProperties: {
          ...readmeDeployRequest.kafkaProperties,
          'sasl.jaas.config':
            'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="image";',
        },
      };
      const deployed = await call(url, 'POST', '/deploy', { body: app });
      expect(deployed.body).toMatchObject({
        helm: { status: 'deployed', namespace },
      });
      const query =
        'tenant=dizzl&instance=sandbox&environment=dev&application=sensor-inspector';
      await waitFor(
        async () => {
          const res = await call(url, 'GET', `/status?${query}`);
          return res.body.kubernetes?.status === 'Running' ? true : undefined;
        },
        { description: 'Running', timeoutMs: 90_000 },
      );
      // The bundled post-renderer ran inside the image: the secret reaches the runner's env.
      const sts = await kube.apps.readNamespacedStatefulSet({
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
        namespace,
      });
      expect(sts.spec!.template.spec!.containers[0].env).toContainEqual(
        expect.objectContaining({ name: 'KSML_SECRET_SASL_JAAS_CONFIG' }),
      );
      expect(
        (await call(url, 'GET', `/logs?${query}&tailLines=1`)).status,
      ).toBe(200);
      expect((await call(url, 'DELETE', `/deploy?${query}`)).status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  }, 240_000);
});

function mustRun(result: ReturnType<typeof spawnSync>, what: string): string {
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status}): ${result.stderr}`);
  }
  return String(result.stdout);
}
