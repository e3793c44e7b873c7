/**
 * The KSML frontend plugin: entity tabs that show a KSML app's status in every environment,
 * its logs and its metrics, with redeploy, stop, start and undeploy for those allowed; and a
 * fleet page listing every app the backend manages.
 *
 * @packageDocumentation
 */
export { ksmlApiRef } from './api';
export {
  ksmlPlugin,
  EntityKsmlContent,
  EntityKsmlStatusCard,
  EntityKsmlLogsContent,
  EntityKsmlMetricsContent,
  KsmlFleetPage,
} from './plugin';
export { isKsmlAvailable } from './components/common/ksmlEntity';
export type { KsmlContentProps } from './components/EntityKsmlContent/EntityKsmlContent';
export type { KsmlStatusCardProps } from './components/StatusCard/StatusCard';
export type { KsmlLogsContentProps } from './components/LogsContent/LogsContent';
export type { KsmlMetricsContentProps } from './components/MetricsContent/MetricsContent';
export { KsmlDefinitionFieldExtension } from './scaffolder/KsmlDefinitionField';
export { KsmlNameFieldExtension } from './scaffolder/KsmlNameField';
export { KsmlOwnerFieldExtension } from './scaffolder/KsmlOwnerField';
export { KsmlReviewStep } from './scaffolder/KsmlReviewStep';
export { KsmlTestsFieldExtension } from './scaffolder/KsmlTestsField';
export {
  useKsmlStatus,
  useKsmlLogs,
  useKsmlMetrics,
  useKsmlThroughput,
  useKsmlLag,
  useKsmlTopology,
  useKsmlRevisions,
  useKsmlEvents,
  useKsmlHistory,
} from './hooks/useKsmlData';
export type { KsmlDataOptions } from './hooks/useKsmlData';
