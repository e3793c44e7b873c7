import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Test helper: KSML's own source, as the test bed's runner build finds it
 * (test/testbed/ksml/runner.sh), for tests that hold this package to the KSML runner.
 */

/** The KSML release the definition validator follows. */
export const KSML_VERSION = '1.3.0';

/** Where KSML's source is, and whether it is there. */
export interface KsmlSourceLocation {
  /** A KSML source folder or a .tar.gz of one (one top folder inside). */
  path: string;
  found: boolean;
}

/**
 * KSML_SOURCE (a source folder or a .tar.gz of one), else the archive vendored beside the clone
 * (`../shared/vendor/ksml-<version>-src.tar.gz`, where CI has it). Without either, tests that
 * need the source are skipped, naming the path they looked at.
 */
export function ksmlSourceLocation(
  env: NodeJS.ProcessEnv = process.env,
): KsmlSourceLocation {
  const path =
    env.KSML_SOURCE ||
    resolve(
      __dirname,
      '../../../../../shared/vendor',
      `ksml-${KSML_VERSION}-src.tar.gz`,
    );
  return { path, found: existsSync(path) };
}

/**
 * The text of the source's files whose path (inside the source, without its top folder, e.g.
 * `docs/ksml-language-spec.json`) `wanted` accepts.
 */
export function readKsmlSource(
  location: string,
  wanted: (path: string) => boolean,
): Map<string, string> {
  return statSync(location).isDirectory()
    ? readFolder(location, wanted)
    : readArchive(readFileSync(location), wanted);
}

function readFolder(
  root: string,
  wanted: (path: string) => boolean,
): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (relative: string) => {
    for (const entry of readdirSync(join(root, relative), {
      withFileTypes: true,
    })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && wanted(path)) {
        files.set(path, readFileSync(join(root, path), 'utf8'));
      }
    }
  };
  visit('');
  return files;
}

const BLOCK = 512;

/** The regular files of a gzipped tar archive (ustar, with pax or GNU long names). */
function readArchive(
  gzipped: Buffer,
  wanted: (path: string) => boolean,
): Map<string, string> {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, string>();
  let longName: string | undefined;
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every(byte => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    const prefix = field(345, 155);
    const name =
      longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type !== '0' && type !== '') continue;
    // Without the archive's top folder (`ksml-1.3.0/`).
    const path = name.split('/').slice(1).join('/');
    if (wanted(path)) files.set(path, body.toString('utf8'));
  }
  return files;
}
