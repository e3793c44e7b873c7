// Prints src/definitionKinds.ts, derived from KSML's language spec; definition-kinds.sh runs it.
import {
  definitionKindsFromSpec,
  definitionKindsModule,
  LANGUAGE_SPEC_PATH,
} from '../src/testing/definitionKindsFromSpec';
import { ksmlSourceLocation, readKsmlSource } from '../src/testing/ksmlSource';

const location = ksmlSourceLocation();
if (!location.found) {
  process.stderr.write(
    `KSML's source is not at ${location.path}: set KSML_SOURCE to a KSML source folder or .tar.gz\n`,
  );
  process.exit(1);
}
const spec = readKsmlSource(
  location.path,
  path => path === LANGUAGE_SPEC_PATH,
).get(LANGUAGE_SPEC_PATH);
if (!spec) {
  process.stderr.write(`${location.path} has no ${LANGUAGE_SPEC_PATH}\n`);
  process.exit(1);
}
const { root, kinds } = definitionKindsFromSpec(JSON.parse(spec));
process.stdout.write(definitionKindsModule(root, kinds));
