import {
  mustSucceed,
  repoRoot,
  runHelmOnce,
  TestbedEnv,
  TestbedKube,
} from '@ksml-backstage/testbed';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `helm install` of the provisioner chart into `namespace` as a platform team would (admin
 * rights for the install), with its Role where the apps go (`appsNamespace`) and extra
 * `--set` values; resolves with the chart's Role rules.
 */
export async function installProvisionerChart(
  env: TestbedEnv,
  kube: TestbedKube,
  options: {
    release: string;
    namespace: string;
    appsNamespace: string;
    set?: string[];
  },
) {
  mustSucceed(
    await runHelmOnce(env, [
      'install',
      options.release,
      join(repoRoot, 'packages/provisioner/chart'),
      '--namespace',
      options.namespace,
      '--set',
      `rbac.namespace=${options.appsNamespace}`,
      ...(options.set ?? []).flatMap(value => ['--set', value]),
      '--wait',
      '--timeout',
      '60s',
    ]),
    'helm install ksml-provisioner chart',
  );
  const role = await kube.config
    .makeApiClient(kube.k8s.RbacAuthorizationV1Api)
    .readNamespacedRole({
      name: `${options.release}-ksml-provisioner`,
      namespace: options.appsNamespace,
    });
  return role.rules ?? [];
}

/**
 * A kubeconfig file (mode 0600, in `dir`) holding only a token of the ServiceAccount: a
 * process using it has exactly that account's rights.
 */
export async function serviceAccountKubeconfig(
  kube: TestbedKube,
  serviceAccount: { name: string; namespace: string },
  dir: string,
): Promise<string> {
  const token = await kube.core.createNamespacedServiceAccountToken({
    ...serviceAccount,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = kube.config.getCurrentCluster()!;
  const path = join(dir, `${serviceAccount.name}.kubeconfig`);
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'testbed',
          cluster: {
            server: cluster.server,
            'certificate-authority-data': Buffer.from(
              readFileSync(cluster.caFile!),
            ).toString('base64'),
          },
        },
      ],
      users: [{ name: 'provisioner', user: { token: token.status!.token } }],
      contexts: [
        {
          name: 'provisioner',
          context: { cluster: 'testbed', user: 'provisioner' },
        },
      ],
      'current-context': 'provisioner',
    }),
    { mode: 0o600 },
  );
  return path;
}
