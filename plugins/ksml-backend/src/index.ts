/**
 * Backstage backend plugin for KSML: provision KSML apps with Helm and observe them.
 *
 * @packageDocumentation
 */
export { ksmlPlugin as default } from './plugin';
