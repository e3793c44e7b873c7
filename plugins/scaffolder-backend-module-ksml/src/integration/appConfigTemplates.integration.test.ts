import { repoRoot } from '@ksml-backstage/testbed';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// The dev portal loads the templates from app-config.yaml, with paths relative to
// packages/backend (where the backend runs): they must point at the templates the
// scaffolder tests run.
describe("the dev portal's app-config.yaml", () => {
  const config = parse(
    readFileSync(resolve(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const backendDir = resolve(repoRoot, 'packages/backend');
  const templates = (config.catalog.locations as Array<{ target: string }>)
    .map(location => resolve(backendDir, location.target))
    .filter(path => path.startsWith(resolve(repoRoot, 'templates')));

  it('lists the KSML templates as catalog locations', () => {
    const names = templates.map(path => {
      expect(existsSync(path)).toBe(true);
      const template = parse(readFileSync(path, 'utf8'));
      expect(template.kind).toBe('Template');
      return template.metadata.name;
    });
    expect(names.sort()).toEqual([
      'ksml-app',
      'ksml-app-gitops',
      'ksml-promote',
      'ksml-promote-gitops',
      'ksml-replay',
    ]);
  });

  it('publishes generated apps where a catalog location reads them', () => {
    const publishFolder = resolve(
      backendDir,
      config.ksml.scaffolder.publishFolder,
    );
    const targets = (config.catalog.locations as Array<{ target: string }>).map(
      location => resolve(backendDir, location.target),
    );
    expect(targets).toContain(resolve(publishFolder, '*/catalog-info.yaml'));
  });
});
