import {
  buildOpenApiDocument,
  routeTable,
} from '@ksml-backstage/plugin-ksml-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from '../env';

/** The OpenAPI document's place, where Backstage's backend plugins keep theirs. */
export const OPENAPI_FILE = 'plugins/ksml-backend/src/schema/openapi.yaml';

const TABLE_BEGIN =
  '<!-- routes: made by `npm run contract` from plugins/ksml-common/src/contract/routes.ts; edit them there -->';
const TABLE_END = '<!-- /routes -->';

/** The OpenAPI document as the file holds it. */
export function openApiYaml(): string {
  return `# Made by \`npm run contract\` from plugins/ksml-common/src/contract/routes.ts; do not edit.\n${stringify(
    buildOpenApiDocument(),
    { lineWidth: 0 },
  )}`;
}

/** The README with its route table made from the contract (between its two markers). */
export function readmeWithRouteTable(readme: string): string {
  const begin = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (begin < 0 || end < begin) {
    throw new Error(
      `README.md has no route table markers (${TABLE_BEGIN} … ${TABLE_END})`,
    );
  }
  return `${readme.slice(
    0,
    begin,
  )}${TABLE_BEGIN}\n\n${routeTable()}\n\n${readme.slice(end)}`;
}

/** Each file the contract makes: its path below the repository and what it must hold. */
export function contractFiles(root = repoRoot): Array<{
  path: string;
  content: string;
}> {
  return [
    { path: OPENAPI_FILE, content: openApiYaml() },
    {
      path: 'README.md',
      content: readmeWithRouteTable(
        readFileSync(join(root, 'README.md'), 'utf8'),
      ),
    },
  ];
}
