import {
  MAX_RELEASE_NAME_LENGTH,
  defaultApplicationId,
  releaseName,
  replicaLabel,
} from './naming';

const sample = {
  tenant: 'dizzl',
  instance: 'sandbox',
  environment: 'dev',
  application: 'sensor-inspector',
};

describe('releaseName', () => {
  it("gives the readme's sample name", () => {
    expect(releaseName(sample)).toBe('dizzl-sandbox-dev-sensor-inspector-ksml');
  });

  it('keeps a name of exactly the limit as it is', () => {
    const application = 'a'.repeat(
      MAX_RELEASE_NAME_LENGTH - 'dizzl-sandbox-dev--ksml'.length,
    );
    const name = releaseName({ ...sample, application });
    expect(name).toHaveLength(MAX_RELEASE_NAME_LENGTH);
    expect(name).toBe(`dizzl-sandbox-dev-${application}-ksml`);
  });

  it('shortens a long name with a stable hash, still ending in -ksml', () => {
    const long = {
      ...sample,
      application: 'an-application-with-a-really-long-descriptive-name',
    };
    const name = releaseName(long);
    expect(name.length).toBeLessThanOrEqual(MAX_RELEASE_NAME_LENGTH);
    expect(name).toMatch(
      /^dizzl-sandbox-dev-an-application-with-[0-9a-f]{8}-ksml$/,
    );
    expect(releaseName(long)).toBe(name);
  });

  it('keeps two long names that differ only at the end apart', () => {
    const a = releaseName({ ...sample, application: `${'x'.repeat(50)}-one` });
    const b = releaseName({ ...sample, application: `${'x'.repeat(50)}-two` });
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(MAX_RELEASE_NAME_LENGTH);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('defaultApplicationId', () => {
  it('joins the parts with dots', () => {
    expect(defaultApplicationId(sample)).toBe(
      'dizzl.sandbox.dev.sensor-inspector',
    );
  });
});

describe('replicaLabel', () => {
  it('names an ordinal as a replica, and keeps any other name', () => {
    expect(replicaLabel('0')).toBe('replica 0');
    expect(replicaLabel('sensor-inspector-abc12')).toBe(
      'sensor-inspector-abc12',
    );
  });
});
