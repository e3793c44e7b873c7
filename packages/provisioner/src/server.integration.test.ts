import { readmeDeployRequest } from '@ksml-backstage/plugin-ksml-common/testUtils';
import {
  connectKube,
  createTestNamespace,
  loadTestbedEnv,
  TestbedEnv,
  TestbedKube,
  waitFor,
} from '@ksml-backstage/testbed';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './testing/call';
import {
  serverCertificate,
  startProvisionerProcess,
  testbedReadmeEnv,
} from './testing';

// Integration: the standalone provisioner as a process, configured only by the KSML Provisioner
// 0.5.0 readme's environment variables (plus PATH for helm and KUBECONFIG for a local run),
// driven over HTTP(S) like an outside client, against the real test bed.
describe('standalone provisioner against the test bed', () => {
  let env: TestbedEnv;
  let kube: TestbedKube;
  let namespace: string;
  let work: string;

  /** The readme's variables for the test bed's registry, cluster and a namespace. */
  const readmeEnv = () => testbedReadmeEnv(env, { namespace });
  const query =
    'tenant=dizzl&instance=sandbox&environment=dev&application=sensor-inspector';

  beforeAll(async () => {
    env = loadTestbedEnv();
    kube = await connectKube(env);
    namespace = await createTestNamespace(kube, 'provisioner-server');
    work = mkdtempSync(join(tmpdir(), 'ksml-provisioner-test-'));
  }, 60_000);

  afterAll(async () => {
    await kube?.core
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('stops at start-up naming a missing or wrong variable', async () => {
    for (const [override, message] of [
      [{ CHART_VERSION: '' }, 'CHART_VERSION is required'],
      [
        { REGISTRY_PASSWORD: '' },
        'REGISTRY_PASSWORD is required when REGISTRY_AUTH_ENABLED is true',
      ],
      [
        { BASIC_AUTH_ENABLED: 'true' },
        'BASIC_AUTH_USERNAME is required when BASIC_AUTH_ENABLED is true',
      ],
      [
        { SERVER_TLS_CERTIFICATE: 'x' },
        'SERVER_TLS_PRIVATE_KEY is required with SERVER_TLS_CERTIFICATE',
      ],
      [
        { INSECURE_SKIP_TLS_VERIFY: 'yes' },
        'INSECURE_SKIP_TLS_VERIFY must be true or false',
      ],
    ] as const) {
      const started = startProvisionerProcess({ ...readmeEnv(), ...override });
      await expect(started).rejects.toThrow(message);
    }
  }, 60_000);

  it('serves the readme sample over HTTPS with basic auth: deploy, status Running, logs, metrics, undeploy', async () => {
    const { cert, key } = serverCertificate(env, work);
    const credentials = {
      username: 'pipeline',
      password: randomBytes(12).toString('hex'),
    };
    const server = await startProvisionerProcess({
      ...readmeEnv(),
      BASIC_AUTH_ENABLED: 'true',
      BASIC_AUTH_USERNAME: credentials.username,
      BASIC_AUTH_PASSWORD: credentials.password,
      SERVER_TLS_CERTIFICATE: cert,
      SERVER_TLS_PRIVATE_KEY: key,
    });
    const ca = readFileSync(env.registry.caFile, 'utf8');
    const as = (method: string, path: string, body?: unknown) =>
      call(server.url, method, path, { body, auth: credentials, ca });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // Health probes need no credentials.
      expect((await call(server.url, 'GET', '/healthz', { ca })).status).toBe(
        200,
      );

      const anonymous = await call(server.url, 'GET', `/status?${query}`, {
        ca,
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
      const wrong = await call(server.url, 'GET', `/status?${query}`, {
        ca,
        auth: { ...credentials, password: 'wrong' },
      });
      expect(wrong.status).toBe(401);
      // A client that does not trust our CA cannot even connect.
      await expect(call(server.url, 'GET', '/healthz')).rejects.toThrow(
        /self-signed|unable to verify|certificate/i,
      );

      const bad = await as('POST', '/deploy', {
        ...readmeDeployRequest,
        replicas: -1,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('replicas: must be 0 or more');

      const deployed = await as('POST', '/deploy', {
        ...readmeDeployRequest,
        replicas: 2,
      });
      expect(deployed.status).toBe(200);
      expect(deployed.body.helm).toMatchObject({
        name: 'dizzl-sandbox-dev-sensor-inspector-ksml',
        namespace,
        revision: 1,
        status: 'deployed',
      });

      const running = await waitFor(
        async () => {
          const res = await as('GET', `/status?${query}`);
          return res.body.kubernetes?.status === 'Running'
            ? res.body
            : undefined;
        },
        { description: 'Running', timeoutMs: 90_000 },
      );
      expect(running.kubernetes).toMatchObject({
        replicas: 2,
        readyReplicas: 2,
      });

      const logs = await as('GET', `/logs?${query}&tailLines=1`);
      expect(logs.status).toBe(200);
      expect(logs.body.tailLines).toBe(1);
      expect(
        logs.body.logs.map((l: { replicaName: string }) => l.replicaName),
      ).toEqual(['0', '1']);

      const metrics = await waitFor(
        async () => {
          const res = await as(
            'GET',
            `/metrics?${query}&deploymentMode=StatefulSet`,
          );
          // Both replicas measured: metrics-server scrapes new pods one by one.
          return res.status === 200 && res.body.replicas?.length === 2
            ? res.body
            : undefined;
        },
        { description: 'metrics', timeoutMs: 150_000, intervalMs: 5000 },
      );
      expect(metrics.memory.usedMb).toBe('1024');
      expect(Number(metrics.cpu.usedMillicores)).toBeGreaterThan(0);

      // What the release runs, read back from Helm's record of it (the backend edits from it).
      const definition = await as('GET', `/definition?${query}`);
      expect(definition.status).toBe(200);
      expect(definition.body).toEqual({
        revision: 1,
        status: 'deployed',
        deployedAt: expect.stringMatching(/Z$/),
        applicationId: readmeDeployRequest.kafkaProperties['application.id'],
        definitions: {
          [readmeDeployRequest.application]: readmeDeployRequest.definition,
        },
        schemas: readmeDeployRequest.schemas,
        replicas: 2,
        deploymentMode: 'StatefulSet',
      });
      const noSuchRevision = await as('GET', `/definition?${query}&revision=2`);
      expect(noSuchRevision.status).toBe(404);
      expect(noSuchRevision.body.error).toMatchObject({
        reason: 'RevisionNotFound',
        message:
          'revision: dizzl-sandbox-dev-sensor-inspector-ksml has no revision 2; Helm keeps 1',
      });

      const undeployed = await as('DELETE', `/deploy?${query}`);
      expect(undeployed.status).toBe(200);
      const gone = await as('GET', `/status?${query}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.reason).toBe('NotDeployed');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // Structured JSON logs, one object per line, and no credential in them.
    const lines = server.output.filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.join('\n')).not.toContain(credentials.password);
    expect(lines.join('\n')).not.toContain(env.registry.password);
  }, 300_000);

  it('lets a running deploy finish on SIGTERM, then exits 0', async () => {
    const server = await startProvisionerProcess(readmeEnv());
    const deploy = call(server.url, 'POST', '/deploy', {
      body: { ...readmeDeployRequest, application: 'shutdown-app' },
    });
    // The request has reached the server; helm takes far longer than this.
    await new Promise(r => setTimeout(r, 150));
    const exit = server.stop();
    const answer = await deploy;
    expect(answer.status).toBe(200);
    expect(answer.body.helm.name).toBe('dizzl-sandbox-dev-shutdown-app-ksml');
    expect(await exit).toBe(0);
    // The deploy finished after the shutdown began.
    const shutdownAt = server.output.findIndex(l =>
      l.includes('Shutting down'),
    );
    const deployLoggedAt = server.output.findIndex(
      l => l.includes('"path":"/deploy"') && l.includes('"status":200'),
    );
    expect(shutdownAt).toBeGreaterThanOrEqual(0);
    expect(deployLoggedAt).toBeGreaterThan(shutdownAt);
  }, 60_000);

  it('exports spans of the request, helm and Kubernetes calls over OTLP/HTTP when tracing is on', async () => {
    const received: any[] = [];
    const collector: Server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') received.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>(r => collector.listen(0, '127.0.0.1', r));
    const server = await startProvisionerProcess({
      ...readmeEnv(),
      DISTRIBUTED_TRACING_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${
        (collector.address() as AddressInfo).port
      }`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=ksml-test',
      OTEL_SERVICE_NAME: 'provisioner-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    try {
      const deployed = await call(server.url, 'POST', '/deploy', {
        body: { ...readmeDeployRequest, application: 'traced-app' },
      });
      expect(deployed.status).toBe(200);
    } finally {
      await server.stop(); // flushes the exporter
      await new Promise(r => collector.close(r));
    }
    const spans = received.flatMap(batch =>
      batch.resourceSpans.flatMap((rs: any) =>
        rs.scopeSpans.flatMap((ss: any) =>
          ss.spans.map((s: any) => ({ ...s, service: serviceName(rs) })),
        ),
      ),
    );
    const byName = (name: string) => spans.find(s => s.name === name);
    const request = byName('POST /deploy');
    expect(request).toBeDefined();
    expect(request.service).toBe('provisioner-under-test');
    const helm = byName('helm upgrade --install');
    expect(helm).toBeDefined();
    const kubeCall = spans.find(s => s.name.startsWith('kubernetes '));
    expect(kubeCall).toBeDefined();
    // One trace: helm and Kubernetes calls belong to the request's.
    expect(helm.traceId).toBe(request.traceId);
    expect(kubeCall.traceId).toBe(request.traceId);
  }, 120_000);
});

function serviceName(resourceSpans: any): string | undefined {
  return resourceSpans.resource?.attributes?.find(
    (a: any) => a.key === 'service.name',
  )?.value?.stringValue;
}
