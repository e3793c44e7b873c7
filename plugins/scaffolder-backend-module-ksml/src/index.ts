/**
 * Scaffolder actions for KSML golden paths: `ksml:app:deploy`, `ksml:app:render` (GitOps with
 * Flux or Argo CD) and `ksml:app:undeploy`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleKsml as default } from './module';
export { createKsmlCheckAction } from './actions/check';
export { createKsmlDeployAction } from './actions/deploy';
export type { KsmlDeployActionOptions } from './actions/deploy';
export { createKsmlRenderAction } from './actions/render';
export { createKsmlPromoteAction } from './actions/promote';
export { createKsmlPromoteRenderAction } from './actions/promoteRender';
export { createKsmlUndeployAction } from './actions/undeploy';
export {
  createKsmlRollbackAction,
  createKsmlScaleAction,
} from './actions/operate';
export { createKsmlResetOffsetsAction } from './actions/resetOffsets';
export { createKsmlPublishFolderAction } from './actions/publishFolder';
export type { KsmlPublishFolderOptions } from './actions/publishFolder';
export type { KsmlActionOptions } from './actions/ksmlActionOptions';
export {
  argoCdFiles,
  fluxManifests,
  secretInstructions,
} from './gitops/manifests';
export { renderedFiles } from './gitops/renderedFiles';
export type { RenderedFilesOptions } from './gitops/renderedFiles';
export type {
  ArgoCdFiles,
  ArgoCdOptions,
  FluxOptions,
  Manifest,
} from './gitops/manifests';
