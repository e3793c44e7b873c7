/**
 * Shared parts of the KSML plugins: app identity and naming, request schemas and definition
 * validation, response types, catalog annotations and permissions.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './changedDefinitions';
export * from './chartValuesDefinitions';
export * from './client/KsmlApi';
export * from './client/KsmlClient';
export * from './client/serverSentEvents';
export * from './definition';
export * from './ksmlApp';
export * from './ksmlTests';
export * from './naming';
export * from './permissions';
export * from './quantity';
export * from './redaction';
export * from './schema/deployRequest';
export * from './schema/fields';
export * from './schema/parse';
export * from './schema/queries';
export * from './schema/promoteRequest';
export * from './schema/preflightRequest';
export * from './schema/resetOffsetsRequest';
export * from './topology';
export * from './types';
export * from './starters';
export * from './contract/routes';
export * from './contract/openapi';
export * from './contract/errors';
export * from './contract/responses';
