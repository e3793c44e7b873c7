// `npm run contract`: writes the files made from the KSML API's contract
// (plugins/ksml-common/src/contract/routes.ts): the OpenAPI document and the README's route
// table. contract.test.ts fails while they differ from the contract.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../env';
import { contractFiles } from './contractFiles';

for (const file of contractFiles()) {
  writeFileSync(join(repoRoot, file.path), file.content);
  process.stdout.write(`[contract] wrote ${file.path}\n`);
}
