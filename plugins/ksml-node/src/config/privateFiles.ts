import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Values } from '../chart/mergeValues';

/**
 * A private 0700 folder for files derived from configuration (a decoded CA, a kubeconfig for
 * URL + token clusters). Removed by `remove()` at shutdown.
 */
export class PrivateFiles {
  readonly #dir = mkdtempSync(join(tmpdir(), 'ksml-private-'));
  #count = 0;

  /** Writes content to a new 0600 file and returns its path. */
  write(name: string, content: string): string {
    const file = join(this.#dir, `${++this.#count}-${name}`);
    writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * The readme's CLIENT_CA_FILE is "a base64-encoded PEM file"; many operators pass a plain
 * PEM. Accepts both: a PEM file is used as it is, a base64 one is decoded into a PEM copy.
 */
export function pemCaFile(path: string, files: PrivateFiles): string {
  const content = readFileSync(path, 'utf8');
  if (content.includes('-----BEGIN')) return path;
  const decoded = Buffer.from(content.replace(/\s+/g, ''), 'base64').toString(
    'utf8',
  );
  if (!decoded.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(
      `CA file ${path} is neither a PEM file nor a base64-encoded PEM file`,
    );
  }
  return files.write('ca.pem', decoded);
}

/**
 * Reads a YAML file of chart values (the readme's CUSTOM_VALUES_FILE); `setting` names the
 * configuration that pointed at it, for the error.
 */
export function readValuesFile(file: string, setting: string): Values {
  const values = parse(readFileSync(file, 'utf8')) as unknown;
  if (values === null || values === undefined) return {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new Error(
      `${setting}: ${file} must hold a YAML mapping of chart values`,
    );
  }
  return values as Values;
}
