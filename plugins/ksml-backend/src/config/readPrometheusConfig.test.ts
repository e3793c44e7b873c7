import { ConfigReader } from '@backstage/config';
import { PrivateFiles } from '@ksml-backstage/plugin-ksml-node';
import { readKsmlConfig } from './readKsmlConfig';
import { readPrometheusConfig } from './readPrometheusConfig';

const files = new PrivateFiles();
afterAll(() => files.remove());
const key = 'ksml.environments.prod.prometheus';
const read = (data: object) =>
  readPrometheusConfig(new ConfigReader(data), key, files);

describe('readPrometheusConfig', () => {
  it('is undefined without a prometheus block', () => {
    expect(readPrometheusConfig(undefined, key, files)).toBeUndefined();
  });

  it("reads the URL, credentials, labels and matchers a platform's Prometheus needs", () => {
    expect(
      read({
        url: 'https://prometheus.monitoring:9090',
        auth: { username: 'ksml', password: 'p' },
        timeoutSeconds: 3,
        labels: {
          namespace: 'kubernetes_namespace',
          pod: 'kubernetes_pod_name',
        },
        matchers: 'cluster="prod", region=~"eu-.*"',
      }),
    ).toEqual({
      url: 'https://prometheus.monitoring:9090',
      username: 'ksml',
      password: 'p',
      timeoutSeconds: 3,
      namespaceLabel: 'kubernetes_namespace',
      podLabel: 'kubernetes_pod_name',
      matchers: 'cluster="prod", region=~"eu-.*"',
    });
  });

  it.each([
    [
      { url: 'prometheus:9090' },
      `${key}.url: must be an http:// or https:// URL`,
    ],
    [
      { url: 'http://p', token: 't', auth: { username: 'u' } },
      `${key}: set either token or auth, not both`,
    ],
    [
      { url: 'http://p', timeoutSeconds: 0 },
      `${key}.timeoutSeconds: must be more than 0`,
    ],
    [
      { url: 'http://p', labels: { pod: 'pod-name' } },
      `${key}.labels.pod: must be a Prometheus label name`,
    ],
    [
      { url: 'http://p', matchers: 'cluster=prod} or vector(1) #' },
      `${key}.matchers: must be PromQL label matchers`,
    ],
    [
      { url: 'https://ops:hunter2@prometheus:9090' },
      `${key}.url: must not hold credentials (user:password@); use ${key}.token or ${key}.auth`,
    ],
  ])('refuses %j at start-up, naming the key', (data, message) => {
    expect(() => read(data)).toThrow(message);
  });

  it("needs a provisioner environment's namespace, which its series name", () => {
    const settings = (namespace?: string) =>
      readKsmlConfig(
        new ConfigReader({
          ksml: {
            chart: { path: '/charts/ksml' },
            environments: {
              prod: {
                ...(namespace ? { namespace } : {}),
                provisioner: { url: 'https://provisioner:8080' },
                prometheus: { url: 'http://prometheus:9090' },
              },
            },
          },
        }),
        files,
      );
    expect(() => settings()).toThrow(
      `${key}: needs ksml.environments.prod.namespace`,
    );
    expect(settings('ksml-prod').prometheus).toEqual({
      prod: { url: 'http://prometheus:9090' },
    });
  });
});
