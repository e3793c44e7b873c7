import { tmpdir } from 'node:os';
import { loadTestbedEnv, TestbedEnv } from './env';
import { runProcess } from './process';

/** What a finished {@link dryRunApply} left behind. */
export interface DryRunResult {
  /** True when kubectl exited 0: the API server accepted every object. */
  ok: boolean;
  /** kubectl's exit code. */
  code: number;
  /** One `kind.group/name` line per accepted object. */
  stdout: string;
  /** kubectl's messages; for a refused object they name the offending field. */
  stderr: string;
}

/** Options for {@link dryRunApply}. */
export interface DryRunApplyOptions {
  /** Namespace for objects that name none; kubectl's default (`default`) otherwise. */
  namespace?: string;
  /** The test bed to ask; the running one (`.testbed/env`) by default. */
  env?: TestbedEnv;
  /**
   * `name` (default): one line per accepted object; `json`: the objects as the server would
   * store them, with its defaults filled in (a List when there are several).
   */
  output?: 'name' | 'json';
}

/**
 * Validates manifests with the test bed's real API server, without storing anything: runs
 * `kubectl create --dry-run=server --validate=strict -o name -f -` with the YAML on stdin.
 *
 * The server decodes each object strictly and checks it against its schema, built-in or CRD
 * (the test bed installs Flux's OCIRepository, HelmRepository and HelmRelease and Argo CD's
 * Application, see
 * `test/testbed/crds.sh`), and runs admission: unknown fields, wrong types and missing required
 * fields are refused with a message naming the field. As with a real `create`, an object that
 * already exists in the cluster is refused too, so validate in a namespace of the test's own.
 *
 * Resolves with kubectl's exit status and output; it does not throw when objects are refused.
 *
 * @param manifests - one or more YAML documents (separated by `---`)
 */
export async function dryRunApply(
  manifests: string,
  options: DryRunApplyOptions = {},
): Promise<DryRunResult> {
  const env = options.env ?? loadTestbedEnv();
  const args = [
    '--kubeconfig',
    env.kubeconfig,
    '--context',
    env.kubeContext,
    ...(options.namespace ? ['--namespace', options.namespace] : []),
    'create',
    '--dry-run=server',
    '--validate=strict',
    '-o',
    options.output ?? 'name',
    '-f',
    '-',
  ];
  const result = await runProcess(env.kubectlBinary, args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME, // kubectl's discovery cache
      KUBECONFIG: env.kubeconfig,
    },
    input: manifests,
  });
  return { ok: result.code === 0, ...result };
}

/** Options for {@link kustomizeBuild}. */
export interface KustomizeBuildOptions {
  env?: TestbedEnv;
  /**
   * Inflate `helmCharts` with the test bed's helm, as Argo CD does with
   * `kustomize.buildOptions: --enable-helm`. The helm home must hold a registry login
   * (`registry.json`); the test bed CA is trusted for the chart pull.
   */
  helmHome?: string;
}

/**
 * `kubectl kustomize` (kustomize built into kubectl) of a folder holding a kustomization.yaml:
 * resolves with the built manifests, or rejects with kustomize's message.
 */
export async function kustomizeBuild(
  dir: string,
  options: KustomizeBuildOptions = {},
): Promise<string> {
  const env = options.env ?? loadTestbedEnv();
  const helm = options.helmHome
    ? ['--enable-helm', '--helm-command', env.helmBinary]
    : [];
  const result = await runProcess(
    env.kubectlBinary,
    ['kustomize', ...helm, dir],
    {
      env: {
        PATH: process.env.PATH,
        HOME: options.helmHome ?? process.env.HOME,
        ...(options.helmHome
          ? {
              HELM_REGISTRY_CONFIG: `${options.helmHome}/registry.json`,
              // Go's TLS trusts SSL_CERT_FILE: kustomize passes helm no --ca-file.
              SSL_CERT_FILE: env.registry.caFile,
            }
          : {}),
      },
    },
  );
  if (result.code !== 0) {
    throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Runs the test bed's kubectl against its API server (an argument array, never a shell);
 * throws with kubectl's message when it fails, else resolves with its output.
 */
export async function kubectl(
  env: TestbedEnv,
  args: string[],
): Promise<string> {
  const result = await runProcess(
    env.kubectlBinary,
    ['--kubeconfig', env.kubeconfig, '--context', env.kubeContext, ...args],
    // HOME for kubectl's discovery cache: never the working directory (a repository folder).
    { env: { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir() } },
  );
  if (result.code !== 0) {
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

/**
 * Removes the finalizers of every object of `resource` in `namespace` (e.g. `ksmlapps` whose
 * operator is stopped), so deleting the namespace does not wait for a controller that is gone.
 */
export async function dropFinalizers(
  env: TestbedEnv,
  namespace: string,
  resource: string,
): Promise<void> {
  const names = (
    await kubectl(env, [
      '--namespace',
      namespace,
      'get',
      resource,
      '-o',
      'name',
    ])
  )
    .split('\n')
    .filter(Boolean);
  for (const name of names) {
    await kubectl(env, [
      '--namespace',
      namespace,
      'patch',
      name,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]).catch(() => undefined);
  }
}
