import { escapeRegExp } from '../util/escapeRegExp';

/** A StatefulSet pod's ordinal ("0", "1"); other pods (a Job's) keep their name. */
export function replicaNameOf(release: string, podName: string): string {
  const match = new RegExp(`^${escapeRegExp(release)}-(\\d+)$`).exec(podName);
  return match ? match[1] : podName;
}
