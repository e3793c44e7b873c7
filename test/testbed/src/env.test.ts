import { parseEnvFile } from './env';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines and keeps "=" inside values', () => {
    const text =
      '# comment\n\nKUBECONFIG=/x/kubeconfig\nKSML_REGISTRY_PASSWORD=a=b\nnot a pair\n';
    expect(parseEnvFile(text)).toEqual({
      KUBECONFIG: '/x/kubeconfig',
      KSML_REGISTRY_PASSWORD: 'a=b',
    });
  });
});
