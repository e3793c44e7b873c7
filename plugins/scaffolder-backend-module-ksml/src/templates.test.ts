import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { parseAllDocuments } from 'yaml';
import { createKsmlCheckAction } from './actions/check';
import { createKsmlDeployAction } from './actions/deploy';
import { createKsmlPublishFolderAction } from './actions/publishFolder';
import { createKsmlRenderAction } from './actions/render';
import { createKsmlUndeployAction } from './actions/undeploy';
import {
  createKsmlRollbackAction,
  createKsmlScaleAction,
} from './actions/operate';
import { fakeKsml } from './testing/fakeKsml';

// The repository's software templates, read as the catalog reads them: valid YAML, steps that
// use actions this module (or the scaffolder) has, form fields the dev portal registers.
const templatesDir = resolve(__dirname, '../../../templates/ksml-app');
const templateFiles = readdirSync(templatesDir).filter(f =>
  /^template.*\.yaml$/.test(f),
);

const ksml = fakeKsml();
const auth = mockServices.auth();
const ourActions = [
  createKsmlCheckAction({ ksml, auth }),
  createKsmlDeployAction({ ksml, auth }),
  createKsmlRenderAction({ ksml, auth }),
  createKsmlUndeployAction({ ksml, auth }),
  createKsmlRollbackAction({ ksml, auth }),
  createKsmlScaleAction({ ksml, auth }),
  createKsmlPublishFolderAction({}),
].map(a => a.id);
const builtInActions = ['fetch:template', 'catalog:register', 'publish:github'];
// The dev portal's app registers KsmlName and KsmlDefinition; OwnerPicker is the scaffolder's.
const knownFields = ['KsmlName', 'KsmlDefinition', 'OwnerPicker'];

/** Every value of `key` anywhere in a parsed document. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap(n => valuesOf(n, key));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) =>
      k === key ? [v, ...valuesOf(v, key)] : valuesOf(v, key),
    );
  }
  return [];
}

describe.each(templateFiles)('templates/ksml-app/%s', file => {
  const text = readFileSync(join(templatesDir, file), 'utf8');

  it('is one valid YAML document', () => {
    const docs = parseAllDocuments(text);
    expect(docs.map(d => d.errors.map(e => e.message))).toEqual([[]]);
  });

  it('uses only actions that exist, checking the name before anything else', () => {
    const template = parseAllDocuments(text)[0].toJS();
    const actions = template.spec.steps.map(
      (s: { action: string }) => s.action,
    );
    expect(actions[0]).toBe('ksml:app:check');
    for (const action of actions) {
      expect([...ourActions, ...builtInActions]).toContain(action);
    }
  });

  it('uses only form fields the portal registers, and no raw patterns', () => {
    const template = parseAllDocuments(text)[0].toJS();
    for (const field of valuesOf(template.spec.parameters, 'ui:field')) {
      expect(knownFields).toContain(field);
    }
    expect(valuesOf(template.spec.parameters, 'pattern')).toEqual([]);
  });

  it('has step titles without expressions (the task page shows them as written)', () => {
    const template = parseAllDocuments(text)[0].toJS();
    for (const step of template.spec.steps) {
      expect(step.name).not.toContain('${{');
    }
  });
});
