import type { KsmlStatusResponse } from '@ksml-backstage/plugin-ksml-common';
import { statusResponse } from '../../__testUtils__/fixtures';
import {
  availableActions,
  NOT_DEPLOYED,
  replicasText,
  stateTone,
} from './state';

describe('stateTone', () => {
  it.each([
    ['Running', 'ok'],
    ['Completed', 'ok'],
    ['Starting', 'running'],
    ['Failing', 'error'],
    ['Stopped', 'aborted'],
    [NOT_DEPLOYED, 'none'],
  ] as const)('colours %s as %s', (state, tone) => {
    expect(stateTone(state)).toBe(tone);
  });
});

describe('replicasText', () => {
  it('shows ready of wanted', () => {
    expect(replicasText(statusResponse({ readyReplicas: 1 }).kubernetes)).toBe(
      '1/2 ready',
    );
  });
});

describe('availableActions', () => {
  const all = { canDeploy: true, canUndeploy: true };

  it('offers nothing without a release', () => {
    expect(availableActions({ ...all })).toEqual({
      redeploy: false,
      stop: false,
      start: false,
      undeploy: false,
    });
  });

  it('offers stop for a running StatefulSet', () => {
    expect(availableActions({ ...all, status: statusResponse() })).toEqual({
      redeploy: true,
      stop: true,
      start: false,
      undeploy: true,
    });
  });

  it('offers start for a stopped StatefulSet', () => {
    const status = statusResponse({
      status: 'Stopped',
      replicas: 0,
      readyReplicas: 0,
    });
    expect(availableActions({ ...all, status })).toMatchObject({
      stop: false,
      start: true,
    });
  });

  it('offers neither stop nor start for a Job', () => {
    const status: KsmlStatusResponse = statusResponse({
      deploymentMode: 'Job',
      status: 'Completed',
    });
    expect(availableActions({ ...all, status })).toMatchObject({
      redeploy: true,
      stop: false,
      start: false,
    });
  });

  it('follows the permissions', () => {
    const status = statusResponse();
    expect(
      availableActions({ status, canDeploy: false, canUndeploy: true }),
    ).toEqual({ redeploy: false, stop: false, start: false, undeploy: true });
    expect(
      availableActions({ status, canDeploy: true, canUndeploy: false }),
    ).toMatchObject({ redeploy: true, undeploy: false });
  });
});
