import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { parseAllDocuments } from 'yaml';
import { createKsmlCheckAction } from './actions/check';
import { createKsmlDeployAction } from './actions/deploy';
import { createKsmlPromoteAction } from './actions/promote';
import { createKsmlPromoteRenderAction } from './actions/promoteRender';
import { createKsmlPublishFolderAction } from './actions/publishFolder';
import { createKsmlRenderAction } from './actions/render';
import { createKsmlResetOffsetsAction } from './actions/resetOffsets';
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
  createKsmlResetOffsetsAction({ ksml, auth }),
  createKsmlPromoteAction({ ksml, auth }),
  createKsmlPromoteRenderAction({ ksml, auth }),
  createKsmlPublishFolderAction({}),
].map(a => a.id);
const builtInActions = ['fetch:template', 'catalog:register', 'publish:github'];
// The dev portal's app registers KsmlName, KsmlDefinition, KsmlTests and KsmlOwner; OwnerPicker is the
// scaffolder's.
const knownFields = [
  'KsmlName',
  'KsmlDefinition',
  'KsmlTests',
  'KsmlOwner',
  'OwnerPicker',
];

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

  /** The template's form fields by name, over all its pages. */
  const formFields = (template: any): Record<string, any> =>
    Object.assign(
      {},
      ...template.spec.parameters.map((page: any) => page.properties ?? {}),
    );
  const stepById = (template: any, id: string) =>
    template.spec.steps.find((s: { id: string }) => s.id === id);

  it("pre-fills the owner with the signed-in user, from the catalog's groups and users", () => {
    const template = parseAllDocuments(text)[0].toJS();
    expect(formFields(template).owner).toMatchObject({
      'ui:field': 'KsmlOwner',
      'ui:options': { catalogFilter: { kind: ['Group', 'User'] } },
    });
  });

  it('lets the user deploy despite missing input topics, on the Definition page the form checks them on', () => {
    const template = parseAllDocuments(text)[0].toJS();
    const definitionPage = template.spec.parameters.find(
      (page: any) => page.properties?.definition,
    );
    // The title the form's and the backend's refusals tell the user to tick.
    expect(definitionPage.properties.allowMissingTopics).toMatchObject({
      title: 'Deploy even if input topics are missing',
      type: 'boolean',
      default: false,
    });
    const applying = template.spec.steps.filter((s: { action: string }) =>
      ['ksml:app:deploy', 'ksml:app:render'].includes(s.action),
    );
    expect(applying.length).toBeGreaterThan(0);
    for (const step of applying) {
      expect(step.input.allowMissingTopics).toBe(
        '${{ parameters.allowMissingTopics }}',
      );
    }
  });

  it('checks a takeover over every environment the form offers, and undeploys the dropped ones only after applying', () => {
    const template = parseAllDocuments(text)[0].toJS();
    const fields = formFields(template);
    const check = stepById(template, 'check');
    expect(check.input.knownEnvironments).toEqual(
      fields.environments.items.enum,
    );
    expect(check.input.undeployDropped).toBe(
      '${{ parameters.undeployDropped }}',
    );
    // The title the check's refusal tells the user to tick.
    expect(fields.undeployDropped).toMatchObject({
      title: 'Undeploy from environments not chosen',
      type: 'boolean',
      default: false,
    });

    const ids = template.spec.steps.map((s: { id: string }) => s.id);
    const undeploy = stepById(template, 'undeployDropped');
    expect(undeploy).toMatchObject({
      action: 'ksml:app:undeploy',
      each: '${{ steps.check.output.droppedEnvironments }}',
      input: { environment: '${{ each.value }}' },
    });
    const applied = ids.indexOf(ids.includes('deploy') ? 'deploy' : 'render');
    expect(ids.indexOf('undeployDropped')).toBeGreaterThan(applied);
    expect(ids.indexOf('undeployDropped')).toBeLessThan(ids.indexOf('publish'));
  });

  it('has step titles without expressions (the task page shows them as written)', () => {
    const template = parseAllDocuments(text)[0].toJS();
    for (const step of template.spec.steps) {
      expect(step.name).not.toContain('${{');
    }
  });
});

describe('templates/ksml-promote/template.yaml', () => {
  const text = readFileSync(
    resolve(__dirname, '../../../templates/ksml-promote/template.yaml'),
    'utf8',
  );
  const template = () => parseAllDocuments(text)[0].toJS();

  it('is one valid YAML document', () => {
    const docs = parseAllDocuments(text);
    expect(docs.map(d => d.errors.map(e => e.message))).toEqual([[]]);
  });

  it('checks the promotion against the target (a dry run) before it promotes', () => {
    const steps = template().spec.steps as Array<{
      action: string;
      input: Record<string, unknown>;
    }>;
    expect(steps.map(s => [s.action, s.input.dryRun])).toEqual([
      ['ksml:app:promote', true],
      ['ksml:app:promote', undefined],
    ]);
    for (const step of steps) {
      expect([...ourActions, ...builtInActions]).toContain(step.action);
    }
  });

  it('asks for the app, from, to, replicas and the Kafka of the target, in fields the portal registers', () => {
    const { parameters } = template().spec;
    const asked = parameters.flatMap((page: { properties: object }) =>
      Object.keys(page.properties),
    );
    expect(asked).toEqual(
      expect.arrayContaining([
        'tenant',
        'instance',
        'application',
        'from',
        'to',
        'replicas',
        'bootstrapServers',
      ]),
    );
    for (const field of valuesOf(parameters, 'ui:field')) {
      expect(knownFields).toContain(field);
    }
    expect(valuesOf(parameters, 'pattern')).toEqual([]);
  });

  it('has step titles without expressions (the task page shows them as written)', () => {
    for (const step of template().spec.steps) {
      expect(step.name).not.toContain('${{');
    }
  });
});

describe('templates/ksml-promote/template-gitops.yaml', () => {
  const text = readFileSync(
    resolve(__dirname, '../../../templates/ksml-promote/template-gitops.yaml'),
    'utf8',
  );
  const template = () => parseAllDocuments(text)[0].toJS();
  const step = (id: string) =>
    template().spec.steps.find((s: { id: string }) => s.id === id);

  it('is one valid YAML document', () => {
    const docs = parseAllDocuments(text);
    expect(docs.map(d => d.errors.map(e => e.message))).toEqual([[]]);
  });

  it('renders the promotion into deploy/<to>, then publishes that folder alone unless the user only checks', () => {
    const steps = template().spec.steps as Array<{
      action: string;
      if?: string;
      input: Record<string, unknown>;
    }>;
    expect(steps.map(s => [s.action, s.if])).toEqual([
      ['ksml:app:promote-render', undefined],
      ['ksml:publish:folder', '${{ not parameters.checkOnly }}'],
    ]);
    for (const { action } of steps) {
      expect([...ourActions, ...builtInActions]).toContain(action);
    }
    expect(step('render').input).toMatchObject({
      from: '${{ parameters.from }}',
      to: '${{ parameters.to }}',
      targetPath: 'deploy/${{ parameters.to }}',
      kafkaProperties: {
        'bootstrap.servers': '${{ parameters.bootstrapServers }}',
      },
      dryRun: '${{ parameters.checkOnly }}',
    });
    // Only the target's folder of the app's earlier publish is replaced: its entity and the
    // other environments' files stay.
    expect(step('publish').input).toEqual({
      name: '${{ parameters.application }}',
      sourcePath: 'deploy/${{ parameters.to }}',
      targetPath: 'deploy/${{ parameters.to }}',
      replace: true,
    });
  });

  it("asks for the app, from, to, replicas and the target's Kafka, which it needs, in fields the portal registers", () => {
    const { parameters } = template().spec;
    const pages = parameters as Array<{
      required?: string[];
      properties: object;
    }>;
    expect(pages.flatMap(page => Object.keys(page.properties))).toEqual(
      expect.arrayContaining([
        'tenant',
        'instance',
        'application',
        'from',
        'to',
        'replicas',
        'bootstrapServers',
        'checkOnly',
      ]),
    );
    expect(pages.flatMap(page => page.required ?? [])).toContain(
      'bootstrapServers',
    );
    for (const field of valuesOf(parameters, 'ui:field')) {
      expect(knownFields).toContain(field);
    }
    expect(valuesOf(parameters, 'pattern')).toEqual([]);
  });

  it('has step titles without expressions (the task page shows them as written)', () => {
    for (const s of template().spec.steps) {
      expect(s.name).not.toContain('${{');
    }
  });
});

describe('templates/ksml-replay/template.yaml', () => {
  const text = readFileSync(
    resolve(__dirname, '../../../templates/ksml-replay/template.yaml'),
    'utf8',
  );
  const actions = [
    createKsmlScaleAction({ ksml, auth }),
    createKsmlResetOffsetsAction({ ksml, auth }),
  ];

  it('is one valid YAML document', () => {
    const docs = parseAllDocuments(text);
    expect(docs.map(d => d.errors.map(e => e.message))).toEqual([[]]);
  });

  it('plans first, then stops, resets and starts the app, with inputs its actions take', () => {
    const template = parseAllDocuments(text)[0].toJS();
    const steps: Array<{ id: string; action: string; input: object }> =
      template.spec.steps;
    expect(steps.map(s => `${s.id}: ${s.action}`)).toEqual([
      'plan: ksml:app:reset-offsets',
      'stop: ksml:app:scale',
      'reset: ksml:app:reset-offsets',
      'start: ksml:app:scale',
    ]);
    expect(steps[0].input).toMatchObject({ dryRun: true });
    expect(steps[1].input).toMatchObject({ replicas: 0 });
    for (const step of steps) {
      const schema = actions.find(a => a.id === step.action)!.schema!.input as {
        properties: object;
      };
      expect(
        Object.keys(step.input).filter(key => !(key in schema.properties)),
      ).toEqual([]);
    }
  });

  it('uses only form fields the portal registers, and no raw patterns', () => {
    const template = parseAllDocuments(text)[0].toJS();
    for (const field of valuesOf(template.spec.parameters, 'ui:field')) {
      expect(knownFields).toContain(field);
    }
    expect(valuesOf(template.spec.parameters, 'pattern')).toEqual([]);
  });
});
