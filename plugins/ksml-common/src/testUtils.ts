/**
 * Test helpers for packages that build on the KSML plugins (import from
 * `@ksml-backstage/plugin-ksml-common/testUtils`).
 *
 * @packageDocumentation
 */
export { readmeDeployRequest } from './testing/readmeDeployRequest';
export { propertySettings } from './testing/propertySettings';
export { routeExamples } from './testing/routeExamples';
export { responseExamples } from './testing/responseExamples';
export {
  KSML_VERSION,
  ksmlSourceLocation,
  readKsmlSource,
} from './testing/ksmlSource';
export type { KsmlSourceLocation } from './testing/ksmlSource';
export { vendoredDefinitions } from './testing/vendoredDefinitions';
export { formatPath } from './definitionReferences';
