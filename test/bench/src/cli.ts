import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  mustSucceed,
  registryLogin,
  runHelm,
  runProcess,
  tempHelmHome,
  TestbedEnv,
  tlsArgs,
} from '@ksml-backstage/testbed';
import { stringify } from 'yaml';

/**
 * What a platform engineer runs by hand, each call a fresh helm or kubectl process as in a
 * shell: the other side of every comparison.
 */
export class Cli {
  readonly #env: TestbedEnv;
  readonly #namespace: string;
  readonly #home: string;

  static async create(env: TestbedEnv, namespace: string): Promise<Cli> {
    const { home } = await tempHelmHome();
    mustSucceed(await registryLogin(env, home), 'helm registry login');
    return new Cli(env, namespace, home);
  }

  private constructor(env: TestbedEnv, namespace: string, home: string) {
    this.#env = env;
    this.#namespace = namespace;
    this.#home = home;
  }

  /** `helm status -o json` then `kubectl get sts -o json`: one app's status by hand. */
  async status(release: string): Promise<void> {
    await this.#helm(['status', release, '-o', 'json']);
    await this.#kubectl(['get', 'sts', release, '-o', 'json']);
  }

  /** Every app at once: `helm list -a -o json` then the chart's objects with `kubectl get`. */
  async allApps(): Promise<void> {
    await this.#helm(['list', '-a', '-o', 'json', '--max', '0']);
    await this.#kubectl([
      'get',
      'sts,jobs,pods',
      '-l',
      'app.kubernetes.io/name=ksml',
      '-o',
      'json',
    ]);
  }

  /** Every replica's last lines: `kubectl logs -l … --prefix`. */
  async logs(release: string, tailLines: number): Promise<void> {
    await this.#kubectl([
      'logs',
      '-l',
      `app.kubernetes.io/instance=${release}`,
      '-c',
      'ksml',
      `--tail=${tailLines}`,
      '--prefix',
      '--max-log-requests=10',
    ]);
  }

  /** `kubectl top pod -l …`. */
  async metrics(release: string): Promise<void> {
    await this.#kubectl([
      'top',
      'pod',
      '-l',
      `app.kubernetes.io/instance=${release}`,
    ]);
  }

  /** `helm upgrade --install` of the chart with these values, as the backend would install. */
  async deploy(release: string, values: unknown): Promise<void> {
    const file = join(this.#home, `${release}-values.yaml`);
    await writeFile(file, stringify(values), { mode: 0o600 });
    await this.#helm([
      'upgrade',
      '--install',
      release,
      `${this.#env.registry.url}/${this.#env.chart.name}`,
      '--version',
      this.#env.chart.version,
      '--values',
      file,
      ...tlsArgs(this.#env, 'ca'),
    ]);
  }

  async #helm(args: string[]): Promise<void> {
    mustSucceed(
      await runHelm(
        this.#env,
        [
          ...args,
          '--namespace',
          this.#namespace,
          '--kube-context',
          this.#env.kubeContext,
        ],
        { home: this.#home },
      ),
      `helm ${args[0]}`,
    );
  }

  async #kubectl(args: string[]): Promise<void> {
    const result = await runProcess(
      this.#env.kubectlBinary,
      [
        '--kubeconfig',
        this.#env.kubeconfig,
        '--context',
        this.#env.kubeContext,
        '--namespace',
        this.#namespace,
        ...args,
      ],
      { env: { PATH: process.env.PATH, HOME: this.#home } },
    );
    if (result.code !== 0)
      throw new Error(`kubectl ${args[0]} failed: ${result.stderr.trim()}`);
  }
}
