export * from './fakeKsmlApi';
export * from './fixtures';
export * from './layout';
export * from './permissions';
export * from './readStates';
export * from './renderKsml';
export * from './responseError';
export * from './select';
