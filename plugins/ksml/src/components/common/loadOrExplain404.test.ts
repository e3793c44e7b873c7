import { appRef, responseError, statusResponse } from '../../__testUtils__';
import { loadOrExplain404 } from './loadOrExplain404';

const ref = appRef();

describe('loadOrExplain404', () => {
  it('passes an answer through without asking for the status', async () => {
    const api = { status: jest.fn() };
    await expect(loadOrExplain404(api, ref, async () => 42)).resolves.toEqual({
      kind: 'loaded',
      value: 42,
    });
    expect(api.status).not.toHaveBeenCalled();
  });

  it('tells a 404 by its reason code, without asking for the status', async () => {
    const api = { status: jest.fn() };
    const noPods = await responseError(404, 'No pods found', 'NoPods');
    await expect(
      loadOrExplain404(api, ref, () => Promise.reject(noPods)),
    ).resolves.toEqual({ kind: 'unavailable', message: 'No pods found' });
    const notDeployed = await responseError(404, 'not deployed', 'NotDeployed');
    await expect(
      loadOrExplain404(api, ref, () => Promise.reject(notDeployed)),
    ).rejects.toBe(notDeployed);
    expect(api.status).not.toHaveBeenCalled();
  });

  it('explains a 404 without a reason (an older backend) by asking for the status', async () => {
    const api = { status: jest.fn().mockResolvedValue(statusResponse()) };
    const notFound = await responseError(404, 'metrics-server has no figures');
    await expect(
      loadOrExplain404(api, ref, () => Promise.reject(notFound)),
    ).resolves.toEqual({
      kind: 'unavailable',
      message: 'metrics-server has no figures',
    });
    expect(api.status).toHaveBeenCalledWith(ref);
  });

  it("throws the status' 404 when the app is not deployed", async () => {
    const statusNotFound = await responseError(404, 'no release');
    const api = { status: jest.fn().mockRejectedValue(statusNotFound) };
    const notFound = await responseError(404, 'no pods');
    await expect(
      loadOrExplain404(api, ref, () => Promise.reject(notFound)),
    ).rejects.toBe(statusNotFound);
  });

  it('throws other errors as they are', async () => {
    const api = { status: jest.fn() };
    const denied = await responseError(403, 'Not allowed');
    await expect(
      loadOrExplain404(api, ref, () => Promise.reject(denied)),
    ).rejects.toBe(denied);
    expect(api.status).not.toHaveBeenCalled();
  });
});
