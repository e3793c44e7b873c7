import {
  type KsmlApi,
  type KsmlAppRef,
  responseReasonOf,
} from '@ksml-backstage/plugin-ksml-common';
import { errorKind, errorMessage } from './errors';

/** A read's answer, or why the release has nothing to answer with although it exists. */
export type Explained<T> =
  | { kind: 'loaded'; value: T }
  | { kind: 'unavailable'; message: string };

/**
 * Runs a read whose 404 has several meanings (logs: no pods; metrics: no figures yet, no
 * metrics API) and tells them apart by the answer's reason code: `NotDeployed` is thrown (views
 * show "not deployed" for it); any other reason means the release exists, and the read's own
 * message says why it has no data. A backend from before reason codes is asked for the status
 * instead: when that is 404 too, the app is not deployed and the status' 404 is thrown.
 */
export async function loadOrExplain404<T>(
  api: Pick<KsmlApi, 'status'>,
  ref: KsmlAppRef,
  read: () => Promise<T>,
): Promise<Explained<T>> {
  try {
    return { kind: 'loaded', value: await read() };
  } catch (error) {
    if (errorKind(error) !== 'not-found') {
      throw error;
    }
    const reason = responseReasonOf(error);
    if (reason === 'NotDeployed') throw error;
    if (!reason) await api.status(ref);
    return { kind: 'unavailable', message: errorMessage(error) };
  }
}
