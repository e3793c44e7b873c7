import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { appRef, fakeKsmlApi, statusResponse } from '../__testUtils__';
import { ksmlApiRef } from '../api';
import { useKsmlLogs, useKsmlStatus } from './useKsmlData';

// The data hooks a platform team builds its own cards with.

describe('the KSML data hooks', () => {
  it('load the app’s status once for a ref made anew on each render, and again on retry', async () => {
    const api = fakeKsmlApi();
    api.status.mockResolvedValue(statusResponse());
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[ksmlApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result, rerender } = renderHook(
      () => useKsmlStatus({ ...appRef() }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.value).toEqual(statusResponse()));
    rerender();
    rerender();
    expect(api.status).toHaveBeenCalledTimes(1);
    expect(api.status).toHaveBeenCalledWith(appRef());
    act(() => result.current.retry());
    await waitFor(() => expect(api.status).toHaveBeenCalledTimes(2));
  });

  it('pass their options to the read, and show its error', async () => {
    const api = fakeKsmlApi();
    const failure = new Error('No pods found');
    api.logs.mockRejectedValue(failure);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[ksmlApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(
      () => useKsmlLogs(appRef(), { tailLines: 20, previous: true }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.error).toBe(failure));
    expect(api.logs).toHaveBeenCalledWith({
      ...appRef(),
      tailLines: 20,
      previous: true,
    });
  });
});
