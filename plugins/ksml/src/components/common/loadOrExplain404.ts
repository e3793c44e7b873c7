import type { KsmlApi, KsmlAppRef } from '@ksml-backstage/plugin-ksml-common';
import { errorKind, errorMessage } from './errors';

/** A read's answer, or why the release has nothing to answer with although it exists. */
export type Explained<T> =
  | { kind: 'loaded'; value: T }
  | { kind: 'unavailable'; message: string };

/**
 * Runs a read whose 404 is ambiguous (logs: no pods; metrics: no figures) and tells the cases
 * apart by asking for the status: when that is 404 too, the app is not deployed and the
 * status' 404 is thrown (views show "not deployed" for it); otherwise the release exists and
 * the read's own message says why it has no data.
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
    await api.status(ref);
    return { kind: 'unavailable', message: errorMessage(error) };
  }
}
