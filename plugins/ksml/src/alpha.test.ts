import ksmlFrontendPlugin from './alpha';

describe('ksml frontend plugin (new frontend system)', () => {
  it('is the ksml plugin with the API, the entity tab and the status card', () => {
    expect(ksmlFrontendPlugin.pluginId).toBe('ksml');
    expect(ksmlFrontendPlugin.getExtension('api:ksml')).toBeDefined();
    expect(
      ksmlFrontendPlugin.getExtension('entity-content:ksml'),
    ).toBeDefined();
    expect(
      ksmlFrontendPlugin.getExtension('entity-card:ksml/status'),
    ).toBeDefined();
  });
});
