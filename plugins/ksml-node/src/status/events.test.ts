import type { CoreV1Event } from '@kubernetes/client-node';
import { mapEvents } from './events';

describe('mapEvents', () => {
  it('keeps every type, newest first, with object, count and source', () => {
    const events = [
      {
        type: 'Normal',
        reason: 'Scheduled',
        message: 'Successfully assigned ns/app-ksml-0 to node\n',
        involvedObject: { kind: 'Pod', name: 'app-ksml-0' },
        eventTime: '2026-11-25T10:00:01.000000Z',
        reportingComponent: 'default-scheduler',
        metadata: {},
      },
      {
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        involvedObject: { kind: 'Pod', name: 'app-ksml-0' },
        firstTimestamp: '2026-11-25T10:00:05Z',
        lastTimestamp: '2026-11-25T10:05:00Z',
        count: 7,
        source: { component: 'kubelet' },
        metadata: {},
      },
      {
        reason: 'SuccessfulCreate',
        involvedObject: { kind: 'StatefulSet', name: 'app-ksml' },
        metadata: { creationTimestamp: '2026-11-25T09:59:59Z' },
      },
    ] as unknown as CoreV1Event[];
    expect(mapEvents(events)).toEqual([
      {
        time: '2026-11-25T10:05:00.000Z',
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        object: 'Pod/app-ksml-0',
        count: 7,
        source: 'kubelet',
      },
      {
        time: '2026-11-25T10:00:01.000Z',
        type: 'Normal',
        reason: 'Scheduled',
        message: 'Successfully assigned ns/app-ksml-0 to node',
        object: 'Pod/app-ksml-0',
        source: 'default-scheduler',
      },
      {
        time: '2026-11-25T09:59:59.000Z',
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: '',
        object: 'StatefulSet/app-ksml',
      },
    ]);
  });
});
