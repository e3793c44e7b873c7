import { loadTestbedEnv, TestbedEnv } from '../env';
import { registryLogin, runHelm, tempHelmHome, tlsArgs } from '../helm';

// The registry is a real distribution server with TLS from the test bed's own CA and bcrypt
// htpasswd auth: wrong credentials and untrusted certificates must fail as they would in
// production.
describe('OCI registry authentication and TLS', () => {
  let env: TestbedEnv;
  let helmHome: Awaited<ReturnType<typeof tempHelmHome>>;

  beforeAll(() => {
    env = loadTestbedEnv();
  });
  beforeEach(async () => {
    helmHome = await tempHelmHome();
  }, 60_000);
  afterEach(async () => {
    await helmHome.cleanup();
  }, 60_000);

  const showChart = (tls: 'ca' | 'insecure' | 'system') =>
    runHelm(
      env,
      [
        'show',
        'chart',
        `${env.registry.url}/${env.chart.name}`,
        '--version',
        env.chart.version,
        ...tlsArgs(env, tls),
      ],
      { home: helmHome.home },
    );

  it('rejects a wrong password with an authentication error', async () => {
    const login = await registryLogin(env, helmHome.home, {
      password: 'not-the-password',
    });
    expect(login.code).not.toBe(0);
    expect(login.stderr).toMatch(/401|unauthorized/i);
  }, 30_000);

  it('refuses to pull without credentials', async () => {
    const show = await showChart('ca');
    expect(show.code).not.toBe(0);
    expect(show.stderr).toMatch(/401|unauthorized|credential not found/i);
  }, 30_000);

  it('fails on the untrusted CA unless TLS verification is skipped', async () => {
    // Login with the CA, so only the TLS trust differs between the pulls below.
    expect(await registryLogin(env, helmHome.home)).toMatchObject({ code: 0 });

    const untrusted = await showChart('system');
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/x509|certificate/i);

    const insecure = await showChart('insecure');
    expect(insecure).toMatchObject({ code: 0 });
    expect(insecure.stdout).toMatch(/^name: ksml$/m);

    const trusted = await showChart('ca');
    expect(trusted).toMatchObject({ code: 0 });
    expect(trusted.stdout).toContain(`version: ${env.chart.version}`);
  }, 60_000);
});
