#!/usr/bin/env node
// Compares what the KSML test chart renders with what the public KSML chart renders, for the
// same values, object by object. Run by hand against a checkout of the public chart (GitHub
// Axual/ksml, folder packaging/helm-charts/ksml at a release tag); nothing of the public chart
// is kept in this repository:
//
//   node test/charts/compare-with-public-chart.mjs /path/to/ksml/packaging/helm-charts/ksml [helm]
//
// Prints one line per case and every difference, and exits 1 when any case differs. What is
// compared and what is ignored is described in docs/chart-compatibility.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const [publicChart, helm = 'helm'] = process.argv.slice(2);
if (!publicChart) {
  console.error(
    'usage: compare-with-public-chart.mjs <public chart folder> [helm binary]',
  );
  process.exit(2);
}
const ourChart = join(dirname(fileURLToPath(import.meta.url)), 'ksml');

const app = {
  ksmlRunnerConfig: {
    definitions: { inspector: 'inspector.yaml' },
    kafka: {
      'application.id': 'io.ksml.compare',
      'bootstrap.servers': 'broker:9093',
      'security.protocol': 'SASL_SSL',
      'sasl.jaas.config': '${env:KSML_SECRET_SASL_JAAS_CONFIG}',
    },
  },
  ksmlDefinitions: {
    'inspector.yaml':
      'streams:\n  s: {topic: t, keyType: string, valueType: string}\npipelines:\n  p: {from: s, forEach: {code: "log.info(key)"}}\n',
  },
  schemaDefinitions: {
    'SensorData.avsc': '{"type": "record", "name": "SensorData"}',
  },
};
const store = {
  store: {
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    },
  },
};

/** The cases: name, release, values. */
const cases = [
  [
    'readme sample (StatefulSet)',
    'dizzl-sandbox-dev-sensor-inspector-ksml',
    { ...app, replicaCount: 2 },
  ],
  ['release without "ksml"', 'orders', app],
  ['Job', 'batch-ksml', { ...app, deploymentMode: 'Job' }],
  [
    'Job in lower case, with store.spec (still an emptyDir)',
    'batch-ksml',
    { ...app, deploymentMode: 'job', ...store },
  ],
  [
    'StatefulSet with store.spec',
    'stateful-ksml',
    { ...app, ...store, podSecurityContext: { fsGroup: 0 } },
  ],
  [
    'everything optional on',
    'full-ksml',
    {
      ...app,
      prometheus: { enabled: true, port: '9998' },
      serviceMonitor: { enabled: true, labels: { team: 'x' } },
      prometheusRule: {
        enabled: true,
        defaultRules: { labels: { severity: 'page' } },
      },
      networkPolicy: { enabled: true },
      ingress: {
        enabled: true,
        className: 'nginx',
        tls: [{ hosts: ['a.example'], secretName: 'tls' }],
      },
      serviceAccount: {
        create: true,
        name: 'custom-sa',
        annotations: { a: 'b' },
      },
      podAnnotations: { 'kwok.x-k8s.io/usage-cpu': '300m' },
      podLabels: { team: 'x' },
      resources: { requests: { cpu: '100m', memory: '256Mi' } },
      volumes: [{ name: 'extra', emptyDir: {} }],
      volumeMounts: [{ name: 'extra', mountPath: '/extra' }],
      nodeSelector: { disk: 'ssd' },
      tolerations: [{ key: 'k', operator: 'Exists' }],
      runtimeClassName: 'gvisor',
      imagePullSecrets: [{ name: 'pull' }],
      logging: { jsonEnabled: true, loggers: { 'io.axual.ksml': 'DEBUG' } },
      ksmlRunnerConfig: {
        ...app.ksmlRunnerConfig,
        producersEnabled: false,
        errorHandling: { consume: { stopOnError: false } },
        notations: {
          avro: { type: 'confluent_avro', schemaRegistry: 'confluent' },
        },
        schemaRegistries: {
          confluent: { config: { 'schema.registry.url': 'http://sr:8081' } },
        },
      },
    },
  ],
  [
    'no service account',
    'nosa-ksml',
    { ...app, serviceAccount: { create: false } },
  ],
  [
    'a schema file named ksml-runner.yaml (a silent collision in both)',
    'collide-ksml',
    { ...app, schemaDefinitions: { 'ksml-runner.yaml': 'x: 1\n' } },
  ],
  [
    'a schema file named ksml-metrics-config.yml (a silent collision in both)',
    'collide-ksml',
    { ...app, schemaDefinitions: { 'ksml-metrics-config.yml': 'x: 1\n' } },
  ],
  [
    'extra claim templates with store.spec',
    'claims-ksml',
    {
      ...app,
      ...store,
      volumeClaimTemplates: [
        { metadata: { name: 'extra' }, spec: store.store.spec },
      ],
    },
  ],
];

/** Values the public chart cannot render: both charts must fail. */
const failingCases = [
  [
    'topologySpreadConstraints (mis-indented by the public template)',
    {
      ...app,
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
      ],
    },
  ],
  [
    'extra claim templates without store.spec',
    {
      ...app,
      volumeClaimTemplates: [
        { metadata: { name: 'extra' }, spec: store.store.spec },
      ],
    },
  ],
];

/** Schema cases: both charts must refuse (or accept) alike, naming the same paths. */
const schemaCases = [
  ['prometheus.port as a number', { ...app, prometheus: { port: 9999 } }],
  [
    'applicationServer.port as a number',
    { ...app, applicationServer: { port: 8080 } },
  ],
  ['negative ttl', { ...app, job: { ttlSecondsAfterFinished: -1 } }],
  ['unknown deploymentMode', { ...app, deploymentMode: 'Deployment' }],
  [
    'no definitions',
    { ...app, ksmlRunnerConfig: { ...app.ksmlRunnerConfig, definitions: {} } },
  ],
  [
    'no bootstrap.servers',
    {
      ...app,
      ksmlRunnerConfig: {
        ...app.ksmlRunnerConfig,
        kafka: { 'application.id': 'x' },
      },
    },
  ],
  ['replicaCount as a string', { ...app, replicaCount: '2' }],
  [
    'a Kafka value that is an object',
    {
      ...app,
      ksmlRunnerConfig: {
        ...app.ksmlRunnerConfig,
        kafka: { ...app.ksmlRunnerConfig.kafka, x: { a: 1 } },
      },
    },
  ],
  ['unknown log level', { ...app, logging: { rootLogLevel: 'LOUD' } }],
];

const work = mkdtempSync(join(tmpdir(), 'ksml-compare-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function template(chart, release, values) {
  const file = join(work, 'values.json');
  writeFileSync(file, JSON.stringify(values));
  const run = spawnSync(
    helm,
    ['template', release, chart, '--namespace', 'compare', '--values', file],
    {
      encoding: 'utf8',
    },
  );
  return { code: run.status, stderr: run.stderr, stdout: run.stdout };
}

/** Rendered objects keyed by kind/name, normalised where the charts may differ harmlessly. */
function objects(stdout) {
  const out = {};
  for (const doc of parseAllDocuments(stdout)) {
    const o = doc.toJS();
    if (!o) continue;
    normalise(o);
    out[`${o.kind}/${o.metadata.name}`] = o;
  }
  return out;
}

function normalise(o) {
  const strip = labels => {
    if (!labels) return;
    // The chart version and appVersion differ by design (1.3.0-testbed vs the public build).
    if (labels['helm.sh/chart']) labels['helm.sh/chart'] = '<chart>';
    if (labels['app.kubernetes.io/version'])
      labels['app.kubernetes.io/version'] = '<appVersion>';
  };
  strip(o.metadata.labels);
  const template = o.spec?.template;
  if (template) {
    strip(template.metadata.labels);
    // A digest of the ConfigMap's text: present in both, equal only if the text is byte-equal.
    if (template.metadata.annotations?.['checksum/config'])
      template.metadata.annotations['checksum/config'] = '<sha256>';
    const image = template.spec.containers?.[0];
    if (image?.image)
      image.image = image.image.replace(/:[^:]+$/, ':<appVersion>');
  }
  if (o.kind === 'ConfigMap') {
    for (const [key, value] of Object.entries(o.data ?? {})) {
      if (key === 'logback.xml')
        o.data[key] = value.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
      else if (/\.ya?ml$/.test(key))
        o.data[key] = parse(value, { uniqueKeys: true });
    }
  }
}

function diff(a, b, path = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = v => v && typeof v === 'object';
  if (!isObj(a) || !isObj(b))
    return [
      `${path || '/'}: public ${JSON.stringify(a)} vs ours ${JSON.stringify(
        b,
      )}`,
    ];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap(k => diff(a[k], b[k], `${path}/${k}`));
}

let failed = 0;
for (const [name, release, values] of cases) {
  const pub = template(publicChart, release, values);
  const ours = template(ourChart, release, values);
  if (pub.code !== 0 || ours.code !== 0) {
    failed++;
    console.log(
      `DIFF  ${name}: exit public ${pub.code} ours ${ours.code}\n${pub.stderr}${ours.stderr}`,
    );
    continue;
  }
  const problems = diff(objects(pub.stdout), objects(ours.stdout));
  if (problems.length) failed++;
  console.log(`${problems.length ? 'DIFF ' : 'same '} ${name}`);
  for (const p of problems) console.log(`        ${p}`);
}
for (const [name, values] of failingCases) {
  const pub = template(publicChart, 'failing-ksml', values);
  const ours = template(ourChart, 'failing-ksml', values);
  const same = pub.code !== 0 && ours.code !== 0;
  if (!same) failed++;
  console.log(
    `${same ? 'same ' : 'DIFF '} both fail: ${name} (exit public ${
      pub.code
    }, ours ${ours.code}: ${ours.stderr.trim().split('\n')[0]})`,
  );
}
const errorLines = stderr =>
  stderr
    .split('\n')
    .filter(l => l.startsWith('- at '))
    .sort();
for (const [name, values] of schemaCases) {
  const pub = template(publicChart, 'schema-ksml', values);
  const ours = template(ourChart, 'schema-ksml', values);
  const same =
    pub.code === ours.code &&
    JSON.stringify(errorLines(pub.stderr)) ===
      JSON.stringify(errorLines(ours.stderr));
  if (!same) failed++;
  console.log(
    `${same ? 'same ' : 'DIFF '} schema: ${name} (${
      pub.code
        ? errorLines(pub.stderr).join(' ') || pub.stderr.trim()
        : 'accepted'
    })`,
  );
  if (!same)
    console.log(
      `        public: ${pub.stderr.trim()}\n        ours:   ${ours.stderr.trim()}`,
    );
}
console.log(failed ? `${failed} case(s) differ` : 'no differences');
process.exit(failed ? 1 : 0);
