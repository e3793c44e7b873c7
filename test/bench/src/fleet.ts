import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import { Portal } from './portal';

/** The benchmark's apps: the readme's sample under other names, 2 replicas each. */
export function appRequest(environment: string, index: number) {
  return {
    ...readmeDeployRequest,
    environment,
    application: `app-${String(index).padStart(4, '0')}`,
    replicas: 2,
  };
}

/** The query string of an app. */
export function appQuery(environment: string, index: number): string {
  const r = appRequest(environment, index);
  return `tenant=${r.tenant}&instance=${r.instance}&environment=${r.environment}&application=${r.application}`;
}

/** The release of an app (the readme's naming). */
export function appRelease(environment: string, index: number): string {
  const r = appRequest(environment, index);
  return `${r.tenant}-${r.instance}-${r.environment}-${r.application}-ksml`;
}

/**
 * Deploys apps `from` … `to - 1` through the backend, `concurrency` at a time, then waits until
 * `GET /apps` shows every one Running with 2 of 2 replicas ready.
 */
export async function deployFleet(
  portal: Portal,
  environment: string,
  range: { from: number; to: number },
  options: { concurrency: number; log: (line: string) => void },
): Promise<{ deploySeconds: number; runningSeconds: number }> {
  const start = performance.now();
  let next = range.from;
  let done = 0;
  const total = range.to - range.from;
  const worker = async () => {
    while (next < range.to) {
      const index = next++;
      for (let attempt = 1; ; attempt++) {
        const res = await portal.call(
          'POST',
          '/deploy',
          appRequest(environment, index),
        );
        if (res.status === 200) break;
        if (attempt === 3)
          throw new Error(
            `deploy of app ${index} failed: ${JSON.stringify(res.body)}`,
          );
      }
      done++;
      if (done % 50 === 0 || done === total)
        options.log(`deployed ${done}/${total}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const deployed = performance.now();
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    const apps = await portal.call('GET', '/apps');
    const mine = (apps.body.items as any[]).filter(
      a => a.ref.environment === environment,
    );
    const running = mine.filter(
      a =>
        a.status?.kubernetes.status === 'Running' &&
        a.status.kubernetes.readyReplicas === 2,
    ).length;
    if (running >= range.to) break;
    if (Date.now() > deadline)
      throw new Error(
        `only ${running} of ${range.to} apps Running after 20 min`,
      );
    options.log(`${running}/${range.to} apps Running`);
    await new Promise(r => setTimeout(r, 5000));
  }
  return {
    deploySeconds: (deployed - start) / 1000,
    runningSeconds: (performance.now() - deployed) / 1000,
  };
}
