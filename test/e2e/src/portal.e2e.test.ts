import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  loadTestbedEnv,
  requireRealNode,
  waitFor,
} from '@ksml-backstage/testbed';
import {
  chooseEnvironment,
  launchBrowser,
  signIn,
  step,
  totalLag,
} from './browser';
import { contrastViolations } from './accessibility';
import { E2ePortal, startE2ePortal } from './e2ePortal';

// The dev portal in a real browser, on the test bed: what a developer does on the KSML tab and
// with the templates. Failed steps leave a screenshot in .ksml-portal/e2e-failures/.
/** The colour codes of the dev portal's log lines. */
const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

/**
 * Next, in a loop that then looks at the page again. The form disables Next while it checks a
 * page (the Definition step asks the backend), and when the check passes the next page takes
 * its place: a click still waiting for the old button would wait for one the last page has not
 * got (it has Review). So a click that cannot happen soon is given up, and the loop looks again.
 */
async function pressNext(page: Page) {
  await page
    .getByRole('button', { name: 'Next' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
}

/** Through a template form's pages with their defaults, as many as it has; then Create. */
async function throughTheForm(page: Page) {
  const next = page.getByRole('button', { name: 'Next' });
  const review = page.getByRole('button', { name: 'Review' });
  for (;;) {
    await next.or(review).first().waitFor();
    if (await review.isVisible()) break;
    await pressNext(page);
  }
  await review.click();
  await page.getByRole('button', { name: 'Create' }).click();
}

/** On to a template form's Definition page, through the pages before it with their answers. */
async function toTheDefinition(page: Page) {
  const definition = page.getByLabel('KSML definition');
  for (;;) {
    await page
      .getByRole('button', { name: 'Next' })
      .or(definition)
      .first()
      .waitFor();
    if (await definition.isVisible()) break;
    await pressNext(page);
  }
}

describe('the dev portal in a browser', () => {
  let portal: E2ePortal;
  let browser: Browser;
  let page: Page;
  const app = `e2e-app-${Date.now().toString(36)}`;
  const entity = (name: string) =>
    `${portal.baseUrl}/catalog/default/component/${name}/ksml`;
  /** The status card of an environment on the KSML tab. */
  const card = (environment: string) =>
    page.getByRole('region', { name: `${environment} status` });
  /**
   * The line of the portal's log where Backstage's auditor recorded a change that succeeded
   * and holds every one of `needles` (its event id, app, …); waits up to 10 s for it.
   */
  const auditEvent = (description: string, ...needles: string[]) =>
    waitFor(
      async () =>
        readFileSync(portal.logFile, 'utf8')
          .replace(ANSI_COLOURS, '')
          .split('\n')
          .find(
            line =>
              needles.every(needle => line.includes(needle)) &&
              line.includes('status="succeeded"'),
          ),
      { description, timeoutMs: 10_000 },
    );

  /** Runs a template from its page with the defaults and an application name; waits for the end. */
  const runTemplate = async (template: string, name: string) => {
    await page.goto(`${portal.baseUrl}/create/templates/default/${template}`);
    await page.getByLabel('Application name').fill(name);
    await page.getByLabel('Owner').click();
    await page.getByRole('option', { name: 'Platform team' }).click();
    await throughTheForm(page);
    await page
      .getByRole('link', { name: 'Open in catalog' })
      .waitFor({ timeout: 180_000 });
  };

  beforeAll(async () => {
    portal = await startE2ePortal(log);
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, portal.baseUrl);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  }, 60_000);

  it('shows an example app Running with its replicas, and its logs', async () => {
    await step(page, 'example status', async () => {
      await page.goto(entity('sensor-inspector'));
      await card('dev')
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 120_000 });
      await card('dev').getByText('1/1 ready').waitFor();
      await card('dev').getByText('Helm, from the portal').waitFor();
    });
    // prod is in operator mode: the seed's deploy wrote a KsmlApp, which the operator installed.
    await step(page, 'example in operator mode', async () => {
      await card('prod')
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 120_000 });
      await card('prod').getByText('Operator, from a KsmlApp').waitFor();
      await card('prod')
        .getByText(
          `${portal.namespaces.prod}/dizzl-sandbox-prod-sensor-inspector-ksml`,
        )
        .waitFor();
    });
    await step(page, 'example logs', async () => {
      await page.goto(`${entity('sensor-inspector')}?view=logs`);
      await page.getByText('Consumed AVRO message').first().waitFor();
    });
  }, 300_000);

  // sensor-producer in dev runs on kwok, and no other test reads its definition there: its
  // edit disturbs nothing. The interval flips between 3s and 5s, so a rerun on the same test
  // bed edits it too.
  it('shows an example app’s definition, deploys an edit of it, and History shows the diff', async () => {
    const producer = entity('sensor-producer');
    const file = page.getByRole('region', { name: 'sensor-producer.yaml' });
    const [from, to] = await step(page, 'definition', async () => {
      await page.goto(`${producer}?view=definition`);
      await file.getByText(/interval: \ds/).waitFor({ timeout: 60_000 });
      return (await file.innerText()).includes('interval: 3s')
        ? ['3s', '5s']
        : ['5s', '3s'];
    });
    await step(page, 'edit', async () => {
      await page.getByRole('button', { name: 'Edit' }).click();
      const field = page.getByRole('textbox', {
        name: 'Definition sensor-producer',
      });
      await field.fill(
        (
          await field.inputValue()
        ).replace(`interval: ${from}`, `interval: ${to}`),
      );
      const changes = page.getByRole('region', { name: 'Changes to deploy' });
      await changes.getByText(`- interval: ${from}`).waitFor();
      await changes.getByText(`+ interval: ${to}`).waitFor();
    });
    const revision = await step(page, 'deploy the edit', async () => {
      await page.getByRole('button', { name: 'Deploy', exact: true }).click();
      const deployed = page.getByText(/^Deployed \S+ as revision \d+$/);
      await deployed.waitFor({ timeout: 120_000 });
      const n = Number(/revision (\d+)$/.exec(await deployed.innerText())![1]);
      await page.getByText(`Revision ${n} (deployed)`).waitFor();
      await file.getByText(`interval: ${to}`).waitFor();
      return n;
    });
    await step(page, 'history diff', async () => {
      await page.goto(`${producer}?view=history`);
      await page
        .getByRole('button', { name: `Show diff of revision ${revision}` })
        .click();
      const dialog = page.getByRole('dialog', {
        name: `Definition changes in revision ${revision}`,
      });
      await dialog.getByText(`- interval: ${from}`).waitFor();
      await dialog.getByText(`+ interval: ${to}`).waitFor();
    });
  }, 300_000);

  it('lists the fleet on the KSML page and filters it', async () => {
    // A row of the table with a cell of exactly this text (a row's own text runs its cells
    // together: "dizzl / sandboxdev").
    const rowsWith = (text: string) =>
      page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: text, exact: true }) });
    const appRows = () =>
      page.getByRole('row').filter({ has: page.getByRole('cell') });
    await step(page, 'fleet page', async () => {
      await page.goto(portal.baseUrl);
      await page
        .getByRole('link', { name: 'KSML', exact: true })
        .first()
        .click();
      await page.getByRole('heading', { name: 'KSML', exact: true }).waitFor();
      // The seeded example, in each of its environments, linked to its entity.
      for (const environment of ['dev', 'stag', 'prod']) {
        await rowsWith(environment)
          .filter({ hasText: 'sensor-inspector' })
          .first()
          .waitFor({ timeout: 60_000 });
      }
      await appRows()
        .getByRole('link', { name: 'sensor-inspector', exact: true })
        .first()
        .waitFor();
    });
    await step(page, 'fleet lag', async () => {
      // The seed's records and commits leave sensor-inspector's group 32 behind in dev (the
      // topology test below sees the same). The table reads the lag of its current page only,
      // after it shows the rows: narrowed to the app, its row is on that page in any fleet.
      await page.goto(
        `${portal.baseUrl}/ksml?environment=dev&q=sensor-inspector`,
      );
      const row = rowsWith('dev')
        .filter({
          has: page.getByRole('link', {
            name: 'sensor-inspector',
            exact: true,
          }),
        })
        .first();
      await row.waitFor({ timeout: 60_000 });
      await row
        .getByText('32', { exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
    });
    await step(page, 'fleet filter', async () => {
      await page.goto(`${portal.baseUrl}/ksml?environment=prod`);
      await rowsWith('prod').first().waitFor();
      const shown = await appRows().count();
      expect(shown).toBeGreaterThan(0);
      expect(await rowsWith('prod').count()).toBe(shown);
      expect(await rowsWith('dev').count()).toBe(0);
    });
  }, 180_000);

  it('lists the example apps’ deploys with who made them in the fleet page’s Changes, and narrows them to one person', async () => {
    const changes = page.getByRole('table', { name: 'Changes' });
    /** The change log's rows of a deploy of sensor-inspector in an environment. */
    const deploysIn = (environment: string) =>
      changes
        .getByRole('row')
        .filter({
          has: page.getByRole('cell', { name: environment, exact: true }),
        })
        .filter({ hasText: 'sensor-inspector' })
        // In prod, operator mode, the deploy writes a KsmlApp: no Helm revision to name.
        .filter({ hasText: /deploy succeeded/ });
    await step(page, 'change log', async () => {
      await page.goto(`${portal.baseUrl}/ksml`);
      await page.getByRole('tab', { name: 'Changes' }).click();
      // The seed deployed the examples as the guest: each deploy names the guest, linked.
      for (const environment of ['dev', 'stag', 'prod']) {
        const row = deploysIn(environment).first();
        await row.waitFor({ timeout: 60_000 });
        expect(
          await row.getByRole('link', { name: 'guest', exact: true }).count(),
        ).toBe(1);
        expect(
          await row
            .getByRole('link', { name: 'sensor-inspector', exact: true })
            .count(),
        ).toBe(1);
      }
      expect(page.url()).toContain('view=changes');
    });
    await step(page, 'change log by person', async () => {
      const filter = page.getByRole('search', { name: 'Filter changes' });
      await filter.getByRole('button', { name: /Who/ }).click();
      await page.getByRole('option', { name: /^guest \(\d+\)$/ }).click();
      await page.waitForURL(/actor=user%3Adefault%2Fguest/);
      await deploysIn('dev').first().waitFor();
      const rows = changes
        .getByRole('row')
        .filter({ has: page.getByRole('cell') });
      const shown = await rows.count();
      expect(shown).toBeGreaterThan(0);
      expect(
        await rows
          .filter({
            has: page.getByRole('link', { name: 'guest', exact: true }),
          })
          .count(),
      ).toBe(shown);
    });
  }, 120_000);

  it('keeps the text of the KSML views and the fleet page at WCAG AA contrast', async () => {
    const ours = '[data-testid="ksml-content"]';
    // A page of its own that may run axe-core's script: the portal's Content Security Policy
    // refuses inline scripts, rightly, and this check is the test's, not the portal's.
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      bypassCSP: true,
    });
    const checked = await context.newPage();
    checked.setDefaultTimeout(30_000);
    await signIn(checked, portal.baseUrl);
    const views: Array<[string, string]> = [
      ['status', 'Running'],
      ['logs', 'Consumed AVRO message'],
      ['definition', 'Application ID'],
      ['topology', 'ksml_sensordata_avro'],
      ['lag', 'Partition'],
      ['events', 'Reason'],
      ['history', 'Revision'],
    ];
    const contrastOf = (view: string, shown: string) =>
      step(checked, `contrast of ${view}`, async () => {
        await checked.goto(
          view === 'status'
            ? entity('sensor-inspector')
            : `${entity('sensor-inspector')}?view=${view}`,
        );
        // Shown text only: a topology node's tooltip (an SVG <title>, hidden) holds its topic's
        // name too, and comes first once the lag has come.
        await checked
          .locator(ours)
          .getByText(shown)
          .filter({ visible: true })
          .first()
          .waitFor();
        expect(await contrastViolations(checked, ours)).toEqual([]);
      });
    for (const [view, shown] of views) await contrastOf(view, shown);
    await step(checked, 'contrast of followed logs', async () => {
      await checked.goto(`${entity('sensor-inspector')}?view=logs`);
      await checked.getByLabel('Follow').check();
      await checked
        .locator(ours)
        .getByText('Consumed AVRO message')
        .first()
        .waitFor();
      expect(await contrastViolations(checked, ours)).toEqual([]);
    });
    await step(checked, 'contrast of the fleet page', async () => {
      await checked.goto(`${portal.baseUrl}/ksml`);
      await checked
        .locator(ours)
        .getByText('sensor-inspector')
        .first()
        .waitFor();
      expect(await contrastViolations(checked, ours)).toEqual([]);
    });
    await step(checked, 'contrast of the change log', async () => {
      await checked.goto(`${portal.baseUrl}/ksml?view=changes`);
      await checked
        .locator(ours)
        .getByRole('table', { name: 'Changes' })
        .getByText('sensor-inspector')
        .first()
        .waitFor();
      expect(await contrastViolations(checked, ours)).toEqual([]);
    });
    await context.close();
  }, 240_000);

  it('creates an app with the ksml-app template and shows it Running', async () => {
    await step(page, 'name rules in words', async () => {
      await page.goto(`${portal.baseUrl}/create/templates/default/ksml-app`);
      await page.getByLabel('Application name').fill('Sensor_App');
      await page.getByLabel('Owner').click();
      await page.getByRole('option', { name: 'Platform team' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page
        .getByText('Use lowercase letters only', { exact: true })
        .waitFor();
    });
    await step(page, 'definition step', async () => {
      // Still on the form, with a valid name now: on to the Definition step.
      await page.getByLabel('Application name').fill(app);
      const definition = page.getByLabel('KSML definition');
      for (;;) {
        await page
          .getByRole('button', { name: 'Next' })
          .or(definition)
          .first()
          .waitFor();
        if (await definition.isVisible()) break;
        await pressNext(page);
      }
      // The copy starter, made from the answers.
      expect(await definition.inputValue()).toContain(
        `# KSML definition of ${app} (starter: copy)`,
      );
      await definition.fill('pipelines:\n  p:\n    to: somewhere\n');
      await page.getByRole('button', { name: 'Next' }).click();
      await page
        .getByText(
          'Not a valid KSML definition: line 2: pipelines.p.from: is required',
          { exact: true },
        )
        .waitFor();
      // A misspelt key is refused, naming the key meant (KSML would drop the step silently).
      await definition.fill(
        'streams:\n  s: {topic: a, keyType: string, valueType: json}\npipelines:\n  p:\n    from: s\n    vai:\n      - type: filter\n        if: {expression: True}\n    to: b\n',
      );
      await page.getByRole('button', { name: 'Next' }).click();
      await page
        .getByText(
          /pipelines\.p\.vai: unknown key "vai" \(did you mean "via"\?\)/,
        )
        .first()
        .waitFor();
      await page
        .getByRole('button', { name: 'Start from the starter again' })
        .click();
      expect(await definition.inputValue()).toContain('copy_sensors');
    });
    await step(page, 'template run', () => runTemplate('ksml-app', app));
    await step(page, 'open in catalog', async () => {
      await page.getByRole('link', { name: 'Open in catalog' }).click();
      await page.getByRole('tab', { name: 'KSML' }).click();
      await card('dev')
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 120_000 });
    });
  }, 400_000);

  it('stops, starts, rolls back, undeploys and redeploys the new app from the KSML tab', async () => {
    await page.goto(entity(app));
    const dev = card('dev');
    await step(page, 'stop', async () => {
      await dev.getByRole('button', { name: 'Stop' }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Stop' })
        .click();
      // Two waits, so a failure says which part was slow: the backend's helm upgrade to 0
      // replicas (as long as Helm takes on a loaded machine), then the card showing the pods
      // gone (the card reloads as soon as the action ends).
      await dev
        .getByText(/^Stopped \S+ \(scaled to 0 replicas\)$/)
        .waitFor({ timeout: 120_000 });
      await dev
        .getByText('Stopped', { exact: true })
        .waitFor({ timeout: 60_000 });
    });
    // Backstage's auditor recorded who stopped which app, and how it ended.
    const stopAudit = await auditEvent(
      'the audit event of the stop',
      'eventId="app-scale"',
      `"application":"${app}"`,
    );
    expect(stopAudit).toContain('"actorId":"user:default/guest"');
    expect(stopAudit).toContain('"replicas":0');
    await step(page, 'start', async () => {
      await dev.getByRole('button', { name: 'Start' }).click();
      await dev
        .getByText(/^Started \S+ with \d+ replicas?$/)
        .waitFor({ timeout: 120_000 });
      await dev
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 60_000 });
    });
    await step(page, 'rollback', async () => {
      await page.goto(`${entity(app)}?view=history`);
      await page
        .getByRole('button', { name: 'Roll back to revision 1' })
        .click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Roll back' })
        .click();
      await page.getByText(/back to revision 1 \(now revision/).waitFor();
    });
    await step(page, 'undeploy', async () => {
      await page.goto(entity(app));
      await dev.getByRole('button', { name: 'Undeploy' }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Undeploy' })
        .click();
      await dev
        .getByText('Not deployed', { exact: true })
        .waitFor({ timeout: 60_000 });
    });
    // The history keeps the app's recorded deploy: Redeploy installs it again.
    await step(page, 'redeploy after undeploy', async () => {
      await dev.getByRole('button', { name: 'Redeploy' }).click();
      await dev
        .getByText(/^Redeployed \S+ as revision \d+$/)
        .waitFor({ timeout: 120_000 });
      await dev
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 120_000 });
    });
  }, 600_000);

  it('renders GitOps files with the ksml-app-gitops template', async () => {
    const gitopsApp = `${app}-gitops`;
    await step(page, 'gitops template', async () => {
      await runTemplate('ksml-app-gitops', gitopsApp);
    });
    const folder = join(portal.publishFolder, gitopsApp);
    expect(existsSync(join(folder, 'deploy/dev/flux/helmrelease.yaml'))).toBe(
      true,
    );
    expect(readFileSync(join(folder, 'catalog-info.yaml'), 'utf8')).toContain(
      'ksml/deployed-by: gitops',
    );
    // Its KSML tab says Flux or Argo CD install it, not the direct-deploy template.
    await step(page, 'gitops entity', async () => {
      await page.getByRole('link', { name: 'Open in catalog' }).click();
      await page.getByRole('tab', { name: 'KSML' }).click();
      await card('dev')
        .getByText(/This app is deployed by GitOps: Flux or Argo CD/)
        .waitFor();
    });
    // Its rendered files, shown and downloadable in the portal (no Git host here).
    await step(page, 'gitops files', async () => {
      await page.getByRole('tab', { name: 'GitOps' }).click();
      await page.getByText('deploy/dev/flux/helmrelease.yaml').waitFor();
      await page
        .getByText(/kind: HelmRelease/)
        .first()
        .waitFor();
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Download deploy/dev/values.yaml' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('values.yaml');
    expect(readFileSync(await download.path(), 'utf8')).toBe(
      readFileSync(join(folder, 'deploy/dev/values.yaml'), 'utf8'),
    );
  }, 300_000);

  // The ksml-app template checks the chosen environments on its Definition page, before Create:
  // the seeded sensor-inspector runs in dev, stag and prod.
  it('reports a name already running in a chosen environment on the form, before Create', async () => {
    await step(page, 'name in use on the form', async () => {
      await page.goto(`${portal.baseUrl}/create/templates/default/ksml-app`);
      await page.getByLabel('Application name').fill('sensor-inspector');
      await toTheDefinition(page);
      const inUse =
        'sensor-inspector already runs in dev (dizzl-sandbox-dev-sensor-inspector-ksml): choose another name, or tick "Take over an existing app of this name" if it is yours to change';
      // Shown as the page opens, and refused (a second time on the page) when the user goes on.
      await page.getByText(inUse).first().waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(inUse).nth(1).waitFor();
      expect(await page.getByLabel('KSML definition').isVisible()).toBe(true);
    });
  }, 120_000);

  it('reports a missing input topic on the form, naming the environment and its Kafka, and goes on when told to deploy anyway', async () => {
    const topic = `e2e-missing-${Date.now().toString(36)}`;
    await step(page, 'missing topic on the form', async () => {
      await page.goto(`${portal.baseUrl}/create/templates/default/ksml-app`);
      await page.getByLabel('Application name').fill(`${app}-topics`);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Input topic', { exact: true }).fill(topic);
      await toTheDefinition(page);
      const missing = new RegExp(
        `Topic ${topic}, which the definition reads, does not exist on the Kafka cluster of environment dev \\(\\S+ from ksml\\.kafka\\): create it first, or tick "Deploy even if input topics are missing"`,
      );
      await page.getByText(missing).first().waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(missing).nth(1).waitFor();
      expect(await page.getByLabel('KSML definition').isVisible()).toBe(true);
    });
    await step(page, 'deploy anyway', async () => {
      await page.getByLabel('Deploy even if input topics are missing').check();
      await page
        .getByText(
          new RegExp(
            `^Topic ${topic} does not exist on the Kafka cluster of environment dev .*: the app fails there until it exists$`,
          ),
        )
        .waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Bootstrap servers').waitFor();
    });
    // The review: the owner is the signed-in user unless changed, and the definition is shown
    // as written (lines and indentation kept), not as one paragraph. Nothing is created.
    await step(page, 'review', async () => {
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByText('user:default/guest').first().waitFor();
      const definition = page.getByRole('region', { name: 'KSML definition' });
      const shown = await definition.innerText();
      expect(shown).toContain(`# KSML definition of ${app}-topics`);
      expect(shown).toMatch(new RegExp(`\\n\\s+topic: ${topic}\\n`));
      // The starter's KSML test, shown as written and run by KSML's own test runner (beside
      // the dev portal's backend), passes.
      const tests = page.getByRole('region', { name: 'KSML tests' });
      expect(await tests.innerText()).toContain(`name: ${app}-topics`);
      await page
        .getByText('All 1 KSML tests passed', { exact: false })
        .waitFor({ timeout: 90_000 });
      const result = page
        .getByRole('list', { name: 'KSML test results' })
        .getByRole('listitem');
      expect(await result.innerText()).toContain(
        `PASS ${app}-topics › every reading reaches the output topic`,
      );
      expect(
        await page.getByRole('button', { name: 'Create' }).isEnabled(),
      ).toBe(true);
    });
  }, 180_000);

  it('refuses a template run that would leave the app running in an environment not chosen, saying why', async () => {
    await step(page, 'dropped environment refused', async () => {
      await page.goto(`${portal.baseUrl}/create/templates/default/ksml-app`);
      await page.getByLabel('Application name').fill('sensor-inspector');
      await page.getByLabel('Owner').click();
      await page.getByRole('option', { name: 'Platform team' }).click();
      // Taken over in dev only; it also runs in stag (and prod).
      await page.getByLabel('Take over an existing app of this name').check();
      await throughTheForm(page);
      await page
        .getByText(
          /environments: the catalog entity would no longer list stag(, prod)?, where sensor-inspector still runs \(.*\): tick 'Undeploy from environments not chosen', or choose stag(, prod)? too/,
        )
        .first()
        .waitFor({ timeout: 120_000 });
    });
    // Refused before anything was applied: still the seeded revision in dev.
    await step(page, 'dev unchanged', async () => {
      await page.goto(entity('sensor-inspector'));
      await card('dev').getByText('1 (deployed)').waitFor();
    });
  }, 240_000);

  describe('signed in as someone who owns no app', () => {
    let outsiderPage: Page;
    const outsiderCard = (environment: string) =>
      outsiderPage.getByRole('region', { name: `${environment} status` });

    beforeAll(async () => {
      outsiderPage = await (
        await browser.newContext({ viewport: { width: 1400, height: 900 } })
      ).newPage();
      outsiderPage.setDefaultTimeout(30_000);
      await signIn(outsiderPage, portal.baseUrl, 'Outsider');
    }, 60_000);

    it('sees the example app but no action, and not its logs', async () => {
      await step(outsiderPage, 'outsider status', async () => {
        await outsiderPage.goto(entity('sensor-inspector'));
        await outsiderCard('dev')
          .getByText('Running', { exact: true })
          .waitFor({ timeout: 60_000 });
      });
      // Only the card's refresh button: no Redeploy, Stop, Scale, Restart or Undeploy.
      expect(
        await outsiderCard('dev').getByRole('button').allInnerTexts(),
      ).toEqual(['']);
      await step(outsiderPage, 'outsider history', async () => {
        await outsiderPage.goto(`${entity('sensor-inspector')}?view=history`);
        await outsiderPage.getByRole('table', { name: 'Revisions' }).waitFor();
      });
      expect(
        await outsiderPage.getByRole('button', { name: /Roll back/ }).count(),
      ).toBe(0);
      await step(outsiderPage, 'outsider logs', async () => {
        await outsiderPage.goto(`${entity('sensor-inspector')}?view=logs`);
        await outsiderPage.getByText('Permission denied').waitFor();
      });
    }, 120_000);

    it('is refused by the routes, with the permission and the entity named', async () => {
      const outsider = await portal.signIn('outsider');
      const guest = await portal.signIn();
      const ref = {
        tenant: 'dizzl',
        instance: 'sandbox',
        environment: 'dev',
        application: 'sensor-inspector',
      };
      const call = (
        token: string,
        method: string,
        path: string,
        body?: unknown,
      ) =>
        fetch(`${portal.baseUrl}/api/ksml${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).then(async r => ({ status: r.status, body: await r.json() }));
      const q = new URLSearchParams(ref).toString();
      const refusals = await Promise.all([
        call(outsider, 'POST', '/scale', { ...ref, replicas: 0 }),
        call(outsider, 'POST', '/restart', ref),
        call(outsider, 'POST', '/rollback', { ...ref, revision: 1 }),
        call(outsider, 'DELETE', `/deploy?${q}`),
        call(outsider, 'GET', `/logs?${q}`),
        call(outsider, 'GET', `/records?${q}&topic=ksml_sensordata_avro`),
        call(outsider, 'POST', '/reset-offsets', {
          ...ref,
          to: 'earliest',
          dryRun: true,
        }),
      ]);
      expect(refusals.map(r => [r.status, r.body.error?.message])).toEqual([
        [
          403,
          'Not allowed: ksml.app.operate on component:default/sensor-inspector',
        ],
        [
          403,
          'Not allowed: ksml.app.operate on component:default/sensor-inspector',
        ],
        [
          403,
          'Not allowed: ksml.app.operate on component:default/sensor-inspector',
        ],
        [
          403,
          'Not allowed: ksml.app.undeploy on component:default/sensor-inspector',
        ],
        [
          403,
          'Not allowed: ksml.app.logs.read on component:default/sensor-inspector',
        ],
        [
          403,
          'Not allowed: ksml.app.data.read on component:default/sensor-inspector',
        ],
        [
          403,
          'Not allowed: ksml.app.operate on component:default/sensor-inspector',
        ],
      ]);
      // Reads are everyone's; the owner's team may read the logs and the records.
      expect((await call(outsider, 'GET', `/status?${q}`)).status).toBe(200);
      expect((await call(guest, 'GET', `/logs?${q}`)).status).toBe(200);
      const records = await call(
        guest,
        'GET',
        `/records?${q}&topic=ksml_sensordata_avro&limit=5`,
      );
      expect(records.status).toBe(200);
      expect(records.body.topic).toBe('ksml_sensordata_avro');
    }, 60_000);

    it('cannot take over an app it does not own with a template', async () => {
      await step(outsiderPage, 'outsider takeover', async () => {
        await outsiderPage.goto(
          `${portal.baseUrl}/create/templates/default/ksml-app`,
        );
        await outsiderPage
          .getByLabel('Application name')
          .fill('sensor-inspector');
        await outsiderPage.getByLabel('Owner').click();
        await outsiderPage.getByRole('option').first().click();
        await outsiderPage
          .getByLabel('Take over an existing app of this name')
          .check();
        // It runs in stag and prod too: without this the check refuses before the deploy.
        await outsiderPage
          .getByLabel('Undeploy from environments not chosen')
          .check();
        await throughTheForm(outsiderPage);
        await outsiderPage
          .getByText('KSML backend refused the deploy (403 NotAllowedError)')
          .first()
          .waitFor({ timeout: 120_000 });
      });
      // Nothing changed: still the seeded revision.
      await step(outsiderPage, 'unchanged', async () => {
        await outsiderPage.goto(entity('sensor-inspector'));
        await outsiderCard('dev').getByText('1 (deployed)').waitFor();
      });
    }, 180_000);
  });

  // The seed (scripts/seed-examples.sh) wrote 40, 25 and 30 records to the three partitions
  // of ksml_sensordata_avro and committed 38 and 25 as sensor-inspector's group: lag 2 + 0 + 30.
  it('draws the example app’s topology and its consumer lag from the real broker', async () => {
    await step(page, 'topology', async () => {
      await page.goto(`${entity('sensor-inspector')}?view=topology`);
      const graph = page.locator('svg').filter({ hasText: 'consume_avro' });
      // Exact: each node's tooltip (<title>, hidden) holds the same words and more.
      await graph.getByText('ksml_sensordata_avro', { exact: true }).waitFor();
      await graph.getByText('lag 32', { exact: true }).waitFor();
      await graph.getByText('sensor_source_avro', { exact: true }).waitFor();
      await graph.getByText('forEach', { exact: true }).waitFor();
    });
    await step(page, 'lag', async () => {
      await page.getByRole('tab', { name: 'Lag' }).click();
      await page.getByTestId('ksml-total-lag').getByText('32').waitFor();
      const table = page.getByRole('table', {
        name: 'Lag of ksml_sensordata_avro',
      });
      // Partition 2: never committed, so counted from its earliest offset.
      await table
        .getByRole('row')
        .filter({ hasText: /^2\s*0\s*30\s*none\s*30$/ })
        .waitFor();
    });
    await step(page, 'lag on the status card', async () => {
      await page.getByRole('tab', { name: 'Status' }).click();
      await card('dev').getByText('Lag').waitFor();
      await card('dev').getByText('32', { exact: true }).waitFor();
    });
  }, 120_000);

  it('shows the example app’s CPU and memory once metrics-server has measured it', async () => {
    await step(page, 'metrics', async () => {
      const deadline = Date.now() + 180_000;
      for (;;) {
        await page.goto(`${entity('sensor-inspector')}?view=metrics`);
        try {
          await page.getByTestId('ksml-total-cpu').waitFor({ timeout: 15_000 });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
      await page
        .getByText(/\d+(\.\d+)? ?(m|cores?)\b/)
        .first()
        .waitFor();
    });
  }, 300_000);

  // stag runs the real KSML runner on the test bed's real node, as with `npm start` (last in
  // the file: the runners the seed started have had the other tests' time to come up):
  // sensor-producer writes a JSON reading every 3 s, sensor-inspector reads and logs them.
  it('runs the examples on real KSML runners in stag: the runner logs the producer’s readings, and the lag falls', async () => {
    requireRealNode(loadTestbedEnv());
    await step(page, 'real runners running', async () => {
      await page.goto(entity('sensor-inspector'));
      // A JVM's start on a loaded machine: the runner reports ready once Kafka Streams runs.
      await card('stag')
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 240_000 });
      await card('stag').getByText('1/1 ready').waitFor();
    });
    await step(page, 'Kafka Streams state from the runner', async () => {
      // Read from the runner's metrics endpoint through the pod proxy, in the background: the
      // card's next poll (10 s) shows it.
      await card('stag')
        .getByLabel('replica 0 Kafka Streams')
        .filter({ hasText: /replica 0: Running since (about )?.+ · 1 thread/ })
        .waitFor({ timeout: 60_000 });
    });
    await step(page, 'throughput from the runner', async () => {
      // The producer writes a reading every 3 s: the runner reports records coming in, its
      // functions' timings and a trend, read through the pod proxy.
      await page.goto(`${entity('sensor-inspector')}?view=throughput`);
      await chooseEnvironment(page, 'stag');
      await waitFor(
        async () => {
          const text = await page
            .getByTestId('ksml-records-in')
            .innerText({ timeout: 5_000 })
            .catch(() => '');
          return Number.parseFloat(text) > 0 ? true : undefined;
        },
        {
          description: 'records in per second above 0',
          timeoutMs: 120_000,
          intervalMs: 2_000,
        },
      );
      await page.getByRole('img', { name: /^Records per second, / }).waitFor();
      // stag has a Prometheus (the test bed's, scraping the real node's runners): a longer
      // range comes from it.
      await page
        .getByRole('combobox', { name: 'Trend range' })
        .selectOption({ label: '6 hours' });
      await page
        .getByText("Over all replicas, from the environment's Prometheus")
        .waitFor({ timeout: 30_000 });
      await page.getByRole('img', { name: /^Records per second, / }).waitFor();
      await page.getByRole('table', { name: 'Processor nodes' }).waitFor();
      await page
        .getByRole('table', { name: 'Functions' })
        .getByRole('row')
        .nth(1)
        .waitFor();
    });
    await step(page, 'records of the topic the runner reads', async () => {
      // The producer's readings, read back from the real broker decoded as the definition
      // declares them (JSON), by the app's owner.
      await page.goto(`${entity('sensor-inspector')}?view=records`);
      await chooseEnvironment(page, 'stag');
      await page.getByRole('button', { name: 'Read records' }).click();
      const table = page.getByRole('table', { name: 'Records' });
      await table.waitFor({ timeout: 30_000 });
      await table
        .getByRole('row')
        .filter({ hasText: /"name":"sensor\d"/ })
        .first()
        .waitFor();
      await page
        .getByText(/^\d+ records? of ksml_sensordata_json( of \d+ scanned)?\.$/)
        .waitFor();
    });
    await step(page, 'throughput on the topology', async () => {
      // The same readings on the drawn topology: the input topic's node carries its rate.
      await page.goto(`${entity('sensor-inspector')}?view=topology`);
      await chooseEnvironment(page, 'stag');
      await page
        .getByText(/^\d+(\.\d+)?\/s( · .+ ms)?$/)
        .first()
        .waitFor({ timeout: 60_000 });
    });
    await step(page, 'real runner logs', async () => {
      await page.goto(`${entity('sensor-inspector')}?view=logs`);
      await chooseEnvironment(page, 'stag');
      // Followed live: the runner's own line for each reading the producer made (key
      // sensor0..9, and its fields).
      await page.getByLabel('Follow').click();
      await page
        .getByText(/Consumed JSON message - key=sensor\d, value=.*TEMPERATURE/)
        .first()
        .waitFor({ timeout: 120_000 });
    });
    await step(page, 'lag falls', async () => {
      await page.goto(`${entity('sensor-inspector')}?view=lag`);
      await chooseEnvironment(page, 'stag');
      // Kafka Streams commits every 30 s: between commits the lag grows with each reading (one
      // every 3 s), and a commit brings it down. So the lag is seen to fall below the highest
      // seen so far. (Waiting for it to fall below the first lag seen above 0 failed when that
      // was 1, read just after a commit: a lag of 0 then lasts under 3 s in every 30.)
      let highest = -1;
      await waitFor(
        async () => {
          const lag = await totalLag(page);
          if (lag < highest) return true;
          highest = Math.max(highest, lag);
          return undefined;
        },
        {
          description: 'the lag to fall below the highest seen',
          timeoutMs: 180_000,
        },
      );
    });
  }, 600_000);

  // After the real-runner test: stag is rolled back to its own revision at the end, so its
  // runner reads the producer's JSON again wherever a test runs after this one.
  it('promotes the example app from dev to stag after seeing the diff and the dry run, recorded and audited', async () => {
    const dialog = page.getByRole('dialog');
    let promotedRevision = 0;
    await step(page, 'promote dialog', async () => {
      await page.goto(entity('sensor-inspector'));
      await card('dev')
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 120_000 });
      await card('dev').getByRole('button', { name: 'Promote to …' }).click();
      await dialog.getByText('Promote sensor-inspector from dev?').waitFor();
      // stag, the next environment, is chosen; what changes there is shown (a diff of the
      // files, or that none changes where stag runs the same).
      const changes = dialog.getByRole('region', { name: 'Changes in stag' });
      await changes
        .getByRole('region', { name: /^Changes to / })
        .or(changes.getByText('No changes'))
        .first()
        .waitFor();
      // stag's own check, against its cluster and Kafka, before Promote can be pressed.
      await dialog
        .getByText(/^stag accepts it: \d+ replicas?, /)
        .waitFor({ timeout: 60_000 });
    });
    await step(page, 'promote', async () => {
      await dialog
        .getByRole('button', { name: 'Promote', exact: true })
        .click();
      const done = card('dev').getByText(
        /^Promoted sensor-inspector from dev \(revision \d+\) to stag as revision \d+/,
      );
      await done.waitFor({ timeout: 120_000 });
      promotedRevision = Number(
        /as revision (\d+)/.exec(await done.innerText())?.[1],
      );
      expect(promotedRevision).toBeGreaterThan(1);
    });
    // Backstage's auditor recorded who promoted what where; never the Kafka properties.
    const audit = await auditEvent(
      'the audit event of the promotion',
      'eventId="app-promote"',
      '"application":"sensor-inspector"',
      '"dryRun":"false"',
    );
    expect(audit).toContain('"actorId":"user:default/guest"');
    expect(audit).toContain('"to":"stag"');
    expect(audit).not.toContain('bootstrap');
    await step(page, 'promotion in the history of stag', async () => {
      await page.goto(`${entity('sensor-inspector')}?view=history`);
      await chooseEnvironment(page, 'stag');
      const row = page
        .getByRole('row')
        .filter({
          has: page.getByRole('cell', {
            name: String(promotedRevision),
            exact: true,
          }),
        })
        .first();
      await row.getByText('promote by user:default/guest').waitFor();
    });
    await step(page, 'stag back to its own revision', async () => {
      await page
        .getByRole('button', {
          name: `Roll back to revision ${promotedRevision - 1}`,
        })
        .click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Roll back' })
        .click();
      await page
        .getByText(
          new RegExp(
            `back to revision ${promotedRevision - 1} \\(now revision`,
          ),
        )
        .waitFor({ timeout: 120_000 });
    });
  }, 400_000);

  // Last: it moves the dev example app's group to its end (lag 0), which the lag test reads.
  it('resets the example app’s offsets from the Lag view: previewed, refused while it runs, applied once stopped', async () => {
    const dialog = page.getByRole('dialog', {
      name: 'Reset offsets of sensor-inspector in dev',
    });
    await step(page, 'reset offsets preview', async () => {
      await page.goto(`${entity('sensor-inspector')}?view=lag`);
      await chooseEnvironment(page, 'dev');
      await page.getByRole('button', { name: 'Reset offsets…' }).click();
      await dialog.getByRole('radio', { name: 'Latest' }).check();
      await dialog.getByRole('button', { name: 'Preview' }).click();
      const preview = dialog.getByRole('table', { name: 'Offsets previewed' });
      await preview.waitFor({ timeout: 30_000 });
      // Partition 2 never committed: no current offset, its 30 records would be skipped.
      await preview
        .getByRole('row')
        .filter({ hasText: /^ksml_sensordata_avro\s*2\s*—\s*30/ })
        .waitFor();
      // It runs: the dialog says so before anything is tried, and offers to stop it.
      await dialog.getByText(/^sensor-inspector is Running in dev/).waitFor();
    });
    const apply = async () => {
      await dialog.getByRole('button', { name: 'Reset offsets' }).click();
      await page
        .getByRole('dialog', {
          name: 'Reset the offsets of sensor-inspector in dev?',
        })
        .getByRole('button', { name: 'Reset offsets' })
        .click();
    };
    await step(page, 'reset offsets refused while running', async () => {
      await apply();
      await dialog
        .getByText(
          /^sensor-inspector in dev is Running \(\d+ of \d+ replicas ready\): its offsets are reset only while it is stopped/,
        )
        .waitFor({ timeout: 30_000 });
    });
    await step(page, 'reset offsets after stop', async () => {
      await dialog.getByRole('button', { name: 'Stop the app' }).click();
      await dialog
        .getByText(/^Stopped \S+ \(scaled to 0 replicas\)/)
        .waitFor({ timeout: 120_000 });
      // The pods take a moment to go: until then the backend still says it runs.
      const result = dialog.getByRole('table', { name: 'Offsets reset' });
      await waitFor(
        async () => {
          if (await result.isVisible()) return true;
          await apply();
          await dialog
            .getByText('Resetting offsets…')
            .waitFor({ state: 'hidden', timeout: 30_000 });
          return (await result.isVisible()) || undefined;
        },
        {
          description: 'the reset to apply',
          timeoutMs: 120_000,
          intervalMs: 3000,
        },
      );
      await dialog.getByRole('button', { name: 'Close' }).click();
      await page
        .getByTestId('ksml-total-lag')
        .getByText('0', { exact: true })
        .waitFor({ timeout: 30_000 });
    });
    // Backstage's auditor recorded who reset which app, and how it ended.
    const audit = await auditEvent(
      'the audit event of the reset',
      'eventId="app-reset-offsets"',
      '"dryRun":"false"',
    );
    expect(audit).toContain('"actorId":"user:default/guest"');
    expect(audit).toContain('"to":"latest"');
    await step(page, 'start after reset', async () => {
      await page.goto(entity('sensor-inspector'));
      await card('dev').getByRole('button', { name: 'Start' }).click();
      await card('dev')
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 120_000 });
    });
  }, 400_000);
});
