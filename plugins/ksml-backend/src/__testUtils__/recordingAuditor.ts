import { mockServices } from '@backstage/backend-test-utils';

/**
 * An auditor that pushes onto `events` each event as it is created (`{eventId, meta}`) and how
 * it ended (`{success: meta}` or `{fail: message}`).
 */
export function recordingAuditor(events: unknown[]) {
  return mockServices.auditor.mock({
    createEvent: async options => {
      events.push({ eventId: options.eventId, meta: options.meta });
      return {
        success: async o => void events.push({ success: o?.meta }),
        fail: async o => void events.push({ fail: o.error.message }),
      };
    },
  });
}
