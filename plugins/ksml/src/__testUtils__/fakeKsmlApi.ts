import type { KsmlApi } from '@ksml-backstage/plugin-ksml-common';
import { statusResponse } from './fixtures';

/** A KsmlApi whose every method is a jest.fn, to be given answers per test. */
export type FakeKsmlApi = { [K in keyof KsmlApi]: jest.Mock };

/** A KsmlApi of jest.fn; unconfigured methods never settle, so a view stays loading. */
export function fakeKsmlApi(): FakeKsmlApi {
  const pending = () => new Promise<never>(() => {});
  return {
    deploy: jest.fn(pending),
    render: jest.fn(pending),
    test: jest.fn(pending),
    redeploy: jest.fn(pending),
    undeploy: jest.fn(pending),
    status: jest.fn(pending),
    logs: jest.fn(pending),
    metrics: jest.fn(pending),
    throughput: jest.fn(pending),
    history: jest.fn(pending),
    apps: jest.fn(pending),
    revisions: jest.fn(pending),
    rollback: jest.fn(pending),
    scale: jest.fn(pending),
    restart: jest.fn(pending),
    events: jest.fn(pending),
    gitopsFiles: jest.fn(pending),
    lag: jest.fn(pending),
    records: jest.fn(pending),
    resetOffsets: jest.fn(pending),
    topology: jest.fn(pending),
    followLogs: jest.fn(pending),
    definition: jest.fn(pending),
    promote: jest.fn(pending),
    preflight: jest.fn(pending),
    changes: jest.fn(pending),
  };
}

/**
 * A fake API, made afresh and passed to `configure` before each test of the calling describe
 * block. The object handed out stays the same; its methods are replaced per test.
 */
export function withFakeKsmlApi(
  configure?: (api: FakeKsmlApi) => void,
): FakeKsmlApi {
  const api = fakeKsmlApi();
  beforeEach(() => {
    Object.assign(api, fakeKsmlApi());
    configure?.(api);
  });
  return api;
}

/** Configures a fake API for a running app: status answers {@link statusResponse}. */
export function running(api: FakeKsmlApi): void {
  api.status.mockResolvedValue(statusResponse());
}
