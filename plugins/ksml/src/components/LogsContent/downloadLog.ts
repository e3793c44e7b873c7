import { safeFileNamePart } from '../common/download';

/** File name of a replica's downloaded log: `<release>-<replica>.log`, safe for any file system. */
export function logFileName(release: string, replicaName: string): string {
  return `${safeFileNamePart(release)}-${safeFileNamePart(replicaName)}.log`;
}
