import type { TestbedEnv } from '@ksml-backstage/testbed';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A server certificate for 127.0.0.1 signed by the test bed's CA, as PEM content. */
export function serverCertificate(
  env: TestbedEnv,
  dir: string,
): { cert: string; key: string } {
  const pki = join(env.dir, 'pki');
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`openssl ${args[0]}: ${result.stderr}`);
  };
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const crt = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  writeFileSync(
    ext,
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    key,
    '-out',
    csr,
  ]);
  run([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(pki, 'ca.crt'),
    '-CAkey',
    join(pki, 'ca.key'),
    '-CAcreateserial',
    '-CAserial',
    join(dir, 'ca.srl'),
    '-days',
    '1',
    '-out',
    crt,
    '-extfile',
    ext,
  ]);
  return { cert: readFileSync(crt, 'utf8'), key: readFileSync(key, 'utf8') };
}
