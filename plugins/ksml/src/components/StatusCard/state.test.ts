import type { KsmlStatusResponse } from '@ksml-backstage/plugin-ksml-common';
import { statusResponse } from '../../__testUtils__/fixtures';
import {
  availableActions,
  NOT_DEPLOYED,
  replicasText,
  stateExplanation,
  stateTone,
  UNKNOWN,
} from './state';

describe('stateTone', () => {
  it.each([
    ['Running', 'ok'],
    ['Completed', 'ok'],
    ['Starting', 'running'],
    ['Failing', 'error'],
    ['Stopped', 'aborted'],
    [NOT_DEPLOYED, 'none'],
    [UNKNOWN, 'warning'],
  ] as const)('colours %s as %s', (state, tone) => {
    expect(stateTone(state)).toBe(tone);
  });
});

describe('stateExplanation', () => {
  it('says why a state is Unknown, with the error when there is one', () => {
    expect(stateExplanation(UNKNOWN, 'cluster dev unreachable')).toBe(
      'Its status could not be read: cluster dev unreachable',
    );
    expect(stateExplanation(UNKNOWN)).toBe('Its status could not be read');
  });

  it('explains a known state only with an error given', () => {
    expect(stateExplanation('Running')).toBeUndefined();
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
  const all = { canDeploy: true, canOperate: true, canUndeploy: true };
  const none = {
    redeploy: false,
    stop: false,
    start: false,
    scale: false,
    restart: false,
    undeploy: false,
  };

  it('offers nothing without a release', () => {
    expect(availableActions({ ...all })).toEqual(none);
  });

  it('offers only Redeploy without a release when a deploy was recorded, to those who may deploy', () => {
    expect(availableActions({ ...all, recordedDeploy: true })).toEqual({
      ...none,
      redeploy: true,
    });
    expect(
      availableActions({ ...all, canDeploy: false, recordedDeploy: true }),
    ).toEqual(none);
  });

  it('offers stop, scale and restart for a running StatefulSet', () => {
    expect(availableActions({ ...all, status: statusResponse() })).toEqual({
      redeploy: true,
      stop: true,
      start: false,
      scale: true,
      restart: true,
      undeploy: true,
    });
  });

  it('offers start and scale, not restart, for a stopped StatefulSet', () => {
    const status = statusResponse({
      status: 'Stopped',
      replicas: 0,
      readyReplicas: 0,
    });
    expect(availableActions({ ...all, status })).toMatchObject({
      stop: false,
      start: true,
      scale: true,
      restart: false,
    });
  });

  it('offers a Job neither stop, start nor scale, but a restart (a new run)', () => {
    const status: KsmlStatusResponse = statusResponse({
      deploymentMode: 'Job',
      status: 'Completed',
    });
    expect(availableActions({ ...all, status })).toMatchObject({
      redeploy: true,
      stop: false,
      start: false,
      scale: false,
      restart: true,
    });
  });

  it('follows the permissions: deploy, operate and undeploy each their own', () => {
    const status = statusResponse();
    expect(
      availableActions({ ...all, status, canDeploy: false, canOperate: false }),
    ).toEqual({ ...none, undeploy: true });
    expect(
      availableActions({
        ...all,
        status,
        canOperate: false,
        canUndeploy: false,
      }),
    ).toEqual({ ...none, redeploy: true });
    expect(
      availableActions({
        ...all,
        status,
        canDeploy: false,
        canUndeploy: false,
      }),
    ).toEqual({ ...none, stop: true, scale: true, restart: true });
  });
});
