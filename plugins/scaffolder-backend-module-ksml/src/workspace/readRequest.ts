import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { DeployRequestInput } from '@ksml-backstage/plugin-ksml-common';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';

/** The action input a deploy request is built from: the request, with files instead of texts. */
export interface AppInput {
  tenant: string;
  instance: string;
  environment: string;
  application: string;
  replicas?: number;
  deploymentMode?: 'StatefulSet' | 'Job';
  definition?: string;
  definitionFile?: string;
  definitionFiles?: Record<string, string>;
  kafkaProperties: Record<string, string | number | boolean>;
  schemaFiles?: string[];
  testFiles?: string[];
  requireTests?: boolean;
  resources?: DeployRequestInput['resources'];
  storage?: DeployRequestInput['storage'];
}

/**
 * Builds the KSML backend's deploy request from an action's input, reading definition and
 * schema files from the task workspace. Paths may not leave the workspace. Only one way of
 * giving definitions is allowed, and a missing file is an InputError naming the input.
 */
export async function readDeployRequest(
  input: AppInput,
  workspacePath: string,
): Promise<DeployRequestInput> {
  const {
    definition,
    definitionFile,
    definitionFiles,
    schemaFiles,
    testFiles,
    ...rest
  } = input;
  const given = [
    definition !== undefined && 'definition',
    definitionFile !== undefined && 'definitionFile',
    definitionFiles !== undefined && 'definitionFiles',
  ].filter(Boolean);
  if (given.length !== 1) {
    throw new InputError(
      given.length === 0
        ? 'definition: give the KSML definition as definition, definitionFile or definitionFiles'
        : `${given.join(', ')}: give only one of them`,
    );
  }

  const read = (field: string, path: string) =>
    readText(workspacePath, field, path);
  const request: DeployRequestInput = { ...rest };
  if (definition !== undefined) request.definition = definition;
  if (definitionFile !== undefined)
    request.definition = await read('definitionFile', definitionFile);
  if (definitionFiles !== undefined) {
    request.definitions = {};
    for (const [name, path] of Object.entries(definitionFiles)) {
      request.definitions[name] = await read(`definitionFiles.${name}`, path);
    }
  }
  if (schemaFiles) {
    request.schemas = [];
    for (const [index, path] of schemaFiles.entries()) {
      const field = `schemaFiles[${index}]`;
      for (const file of await filesAt(workspacePath, field, path)) {
        request.schemas.push({
          schemaFileName: basename(file),
          schemaBody: await read(field, file),
        });
      }
    }
  }
  if (testFiles) {
    const tests: Record<string, string> = {};
    for (const [index, path] of testFiles.entries()) {
      const field = `testFiles[${index}]`;
      for (const file of await filesAt(workspacePath, field, path)) {
        const text = await read(field, file);
        // A blank file holds no suite (a template's starter without a test writes one).
        if (text.trim() !== '') tests[suiteName(file)] = text;
      }
    }
    if (Object.keys(tests).length > 0) request.tests = tests;
  }
  return request;
}

/** A suite's name: its file's name without `.yaml` or `.yml`. */
function suiteName(path: string): string {
  return basename(path).replace(/\.ya?ml$/, '');
}

/** A file, or the regular files directly inside a folder (sorted), as workspace paths. */
async function filesAt(
  workspacePath: string,
  field: string,
  path: string,
): Promise<string[]> {
  const full = safePath(workspacePath, field, path);
  const info = await stat(full).catch(() => {
    throw new InputError(`${field}: ${path} does not exist in the workspace`);
  });
  if (!info.isDirectory()) return [path];
  const entries = await readdir(full, { withFileTypes: true });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => `${path.replace(/\/+$/, '')}/${entry.name}`)
    .sort();
}

async function readText(
  workspacePath: string,
  field: string,
  path: string,
): Promise<string> {
  try {
    return await readFile(safePath(workspacePath, field, path), 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${field}: cannot read ${path} in the workspace`);
  }
}

function safePath(workspacePath: string, field: string, path: string): string {
  try {
    return resolveSafeChildPath(workspacePath, path);
  } catch {
    throw new InputError(`${field}: ${path} is outside the workspace`);
  }
}
