import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ksmlRoutes } from '@ksml-backstage/plugin-ksml-common';
import { repoRoot } from '../env';
import { contractFiles, OPENAPI_FILE } from './contractFiles';

// The files made from the contract are current: the OpenAPI document and the README's table.

describe('the files made from the contract', () => {
  it.each(contractFiles().map(file => [file.path, file.content]))(
    '%s is current (else run `npm run contract`)',
    (path, content) => {
      expect(readFileSync(join(repoRoot, path), 'utf8')).toBe(content);
    },
  );

  it('the OpenAPI document holds every route, its parameters and its body', () => {
    const document = parse(readFileSync(join(repoRoot, OPENAPI_FILE), 'utf8'));
    for (const route of ksmlRoutes) {
      const operation = document.paths[route.path]?.[route.method];
      expect(operation?.operationId).toBe(route.operationId);
    }
    expect(
      document.paths['/logs'].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual([
      'tenant',
      'instance',
      'environment',
      'application',
      'tailLines',
      'previous',
    ]);
    expect(
      document.paths['/deploy'].post.requestBody.content['application/json']
        .schema.required,
    ).toEqual([
      'tenant',
      'instance',
      'environment',
      'application',
      'kafkaProperties',
    ]);
  });
});
