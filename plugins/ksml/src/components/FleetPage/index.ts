export { KsmlFleetPage } from './KsmlFleetPage';
