import type { KsmlApi } from '@ksml-backstage/plugin-ksml-common';

/** A KsmlApi whose every method is a jest.fn, to be given answers per test. */
export type FakeKsmlApi = { [K in keyof KsmlApi]: jest.Mock };

/** A KsmlApi of jest.fn; unconfigured methods never settle, so a view stays loading. */
export function fakeKsmlApi(): FakeKsmlApi {
  const pending = () => new Promise<never>(() => {});
  return {
    deploy: jest.fn(pending),
    render: jest.fn(pending),
    redeploy: jest.fn(pending),
    undeploy: jest.fn(pending),
    status: jest.fn(pending),
    logs: jest.fn(pending),
    metrics: jest.fn(pending),
    history: jest.fn(pending),
    apps: jest.fn(pending),
  };
}
