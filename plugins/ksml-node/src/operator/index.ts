export * from './ksmlApp';
