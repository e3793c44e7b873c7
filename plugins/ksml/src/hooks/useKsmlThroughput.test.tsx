import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { appRef, fakeKsmlApi } from '../__testUtils__';
import { throughputResponse } from '../__testUtils__/throughputFixtures';
import { ksmlApiRef } from '../api';
import { useKsmlThroughput } from './useKsmlData';

describe('useKsmlThroughput', () => {
  it('reads the app’s throughput, and again at every interval', async () => {
    const api = fakeKsmlApi();
    api.throughput.mockResolvedValue(throughputResponse());
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[ksmlApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(
      () => useKsmlThroughput({ ...appRef() }, { refreshIntervalMs: 20 }),
      { wrapper },
    );
    await waitFor(() =>
      expect(result.current.value).toEqual(throughputResponse()),
    );
    expect(api.throughput).toHaveBeenCalledWith(appRef());
    await waitFor(() =>
      expect(api.throughput.mock.calls.length).toBeGreaterThanOrEqual(3),
    );
  });
});
