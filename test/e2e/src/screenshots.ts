// `npm run screenshots`: the README's pictures of the dev portal, taken in Debian's Chromium
// from a portal this script starts on the test bed (as the end-to-end suite does): the KSML
// tab's status, logs (one replica, and followed live), metrics, events, history, topology, lag
// and definition of sensor-inspector, its Promote dialog, the fleet page and its change log, the
// catalog and some views at 1280 px and 390 px, and the KSML app template. Writes
// docs/screenshots/*.png (SCREENSHOTS_DIR to write elsewhere).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '@ksml-backstage/testbed';
import { chooseEnvironment, launchBrowser, signIn, totalLag } from './browser';
import { startE2ePortal } from './e2ePortal';

const outDir =
  process.env.SCREENSHOTS_DIR ?? join(repoRoot, 'docs/screenshots');
const log = (line: string) => process.stderr.write(`[screenshots] ${line}\n`);

async function shoot(
  page: Page,
  name: string,
  options: { end?: Locator } = {},
) {
  const path = join(outDir, `${name}.png`);
  if (options.end) {
    // Down to where `end` is in view (the page scrolls inside Backstage's content container).
    await options.end.scrollIntoViewIfNeeded();
  } else {
    // From the top (a click may have scrolled the page's own scrolling container).
    await page.evaluate(() => {
      for (const element of Array.from(document.querySelectorAll('*'))) {
        if (element.scrollTop > 0) element.scrollTop = 0;
      }
    });
  }
  await page.screenshot({ path });
  log(`wrote ${path}`);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const portal = await startE2ePortal(log);
  const browser = await launchBrowser();
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(60_000);
    await signIn(page, portal.baseUrl);
    const entity = `${portal.baseUrl}/catalog/default/component/sensor-inspector/ksml`;
    const dev = page.getByRole('region', { name: 'dev status' });

    // A day-2 history first: scale to 2 replicas (a new revision), so History and Events have
    // more than the first deploy to show.
    await page.goto(entity);
    await dev.getByText('Running', { exact: true }).waitFor();
    await dev.getByRole('button', { name: 'Scale' }).click();
    await page.getByRole('dialog').getByLabel('Replicas').fill('2');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Scale' })
      .click();
    await dev.getByText('2/2 ready').waitFor();
    await dev.getByRole('button', { name: 'Close' }).click(); // the success message
    // prod is in operator mode: its card says the operator's KsmlApp manages it.
    await page
      .getByRole('region', { name: 'prod status' })
      .getByText('Operator, from a KsmlApp')
      .waitFor();
    // stag runs real KSML runners (when the test bed has its real node): a JVM's start.
    if (!('unavailable' in portal.realNode)) {
      await page
        .getByRole('region', { name: 'stag status' })
        .getByText('Running', { exact: true })
        .waitFor({ timeout: 240_000 });
    }
    await shoot(page, 'status');

    await page.goto(`${entity}?view=logs`);
    await page.getByText('Consumed AVRO message').first().waitFor();
    await shoot(page, 'logs');

    await page.getByLabel('Follow').click();
    await page.getByText(/Following 2 replicas live/).waitFor();
    await page.getByText('Consumed AVRO message').first().waitFor();
    await shoot(page, 'live-logs');

    // stag on real KSML runners (when the test bed has its real node): the runner's own lines
    // for sensor-producer's readings, followed live, and the lag rising between Kafka Streams'
    // commits and falling at each.
    if (!('unavailable' in portal.realNode)) {
      await page.goto(`${entity}?view=logs`);
      await chooseEnvironment(page, 'stag');
      await page.getByLabel('Follow').click();
      // Only the inspector's own lines (its function's logger), not the runner's start.
      await page.getByLabel('Logger').fill('log_message');
      await page.getByLabel('Wrap lines').click();
      await page
        .getByText(/Consumed JSON message - key=sensor\d/)
        .nth(4)
        .waitFor({ timeout: 120_000 });
      await shoot(page, 'real-runner-logs');

      await page.goto(`${entity}?view=lag`);
      await chooseEnvironment(page, 'stag');
      let peak = 0;
      for (const deadline = Date.now() + 180_000; ; ) {
        const now = await totalLag(page);
        if (peak > 0 && now < peak) break;
        peak = Math.max(peak, now);
        if (Date.now() > deadline)
          throw new Error('the lag in stag never fell');
        await page.waitForTimeout(2_000);
      }
      await shoot(page, 'real-runner-lag');

      // The runner's own view: the status card's Kafka Streams row, and the Throughput view
      // once its trend has a few minutes (each reading 15 s apart).
      await page.goto(entity);
      const stag = page.getByRole('region', { name: 'stag status' });
      await stag
        .getByLabel('replica 0 Kafka Streams')
        .filter({ hasText: /Running since/ })
        .waitFor({ timeout: 60_000 });
      await stag.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(outDir, 'streams-status.png'),
        clip: (await stag.boundingBox()) ?? undefined,
      });
      log(`wrote ${join(outDir, 'streams-status.png')}`);
      await page.goto(`${entity}?view=throughput`);
      await chooseEnvironment(page, 'stag');
      await page
        .getByRole('table', { name: 'Functions' })
        .getByRole('row')
        .nth(1)
        .waitFor({ timeout: 120_000 });
      // A trend of a few points: the view polls every 15 s.
      await page.waitForTimeout(60_000);
      await page.reload();
      await chooseEnvironment(page, 'stag');
      await page.getByRole('table', { name: 'Functions' }).waitFor();
      await shoot(page, 'throughput');
      // The producer's readings on the topic the runner reads, decoded, as the owner reads them.
      await page.goto(`${entity}?view=records`);
      await chooseEnvironment(page, 'stag');
      await page.getByLabel('How many records').selectOption('10');
      await page.getByRole('button', { name: 'Read records' }).click();
      await page.getByRole('table', { name: 'Records' }).waitFor();
      await shoot(page, 'records');
    } else {
      log(`no real-runner pictures: ${portal.realNode.unavailable}`);
    }

    await page.goto(`${entity}?view=events`);
    await page.getByText('Scheduled').first().waitFor();
    await shoot(page, 'events');

    await page.goto(`${entity}?view=history`);
    await page
      .getByRole('button', { name: 'Roll back to revision 1' })
      .waitFor();
    await shoot(page, 'history');

    // Topology and lag: the seed's records and commits on the real broker (lag 32).
    await page.goto(`${entity}?view=topology`);
    await page.getByText('lag 32', { exact: true }).waitFor();
    await shoot(page, 'topology');

    await page.goto(`${entity}?view=lag`);
    await page.getByTestId('ksml-total-lag').getByText('32').waitFor();
    await shoot(page, 'lag');
    // The offset reset's preview (a dry run: nothing is applied), as an owner sees it.
    await page.getByRole('button', { name: 'Reset offsets…' }).click();
    const reset = page.getByRole('dialog', { name: /^Reset offsets of / });
    await reset.getByRole('radio', { name: 'Earliest' }).check();
    await reset.getByRole('button', { name: 'Preview' }).click();
    await reset.getByRole('table', { name: 'Offsets previewed' }).waitFor();
    await shoot(page, 'reset-offsets');
    await reset.getByRole('button', { name: 'Cancel' }).click();

    // Metrics: reload until metrics-server has figures, then let the chart gather samples.
    const deadline = Date.now() + 240_000;
    for (;;) {
      await page.goto(`${entity}?view=metrics`);
      try {
        await page.getByTestId('ksml-total-cpu').waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        log('no metrics yet; waiting for metrics-server');
      }
    }
    await page.waitForTimeout(25_000); // a few 10 s polls for the sparklines
    await shoot(page, 'metrics');

    // What dev runs, read from its release; and the Promote dialog's diff and dry run for stag
    // (cancelled: the pictures change nothing).
    await page.goto(`${entity}?view=definition`);
    await page
      .getByRole('region', { name: 'sensor-inspector.yaml' })
      .first()
      .waitFor();
    await shoot(page, 'definition');
    await page.goto(entity);
    await dev.getByText('Running', { exact: true }).waitFor();
    await dev.getByRole('button', { name: 'Promote to …' }).click();
    await page
      .getByRole('dialog')
      .getByText(/^stag accepts it: /)
      .waitFor({ timeout: 60_000 });
    await shoot(page, 'promote');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Cancel' })
      .click();

    // The fleet page; then the layouts at 1280 px and at 390 px (a phone): the catalog, the
    // fleet and its change log, and the KSML views that were squeezed there (history, events, topology).
    const fleet = async (name: string) => {
      await page.goto(`${portal.baseUrl}/ksml`);
      await page.getByText('sensor-inspector').first().waitFor();
      await shoot(page, name);
    };
    await fleet('fleet');
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto(`${portal.baseUrl}/catalog`);
      await page.getByText('sensor-inspector').first().waitFor();
      await shoot(page, `catalog-${width}`);
      await fleet(`fleet-${width}`);
      await page.goto(`${portal.baseUrl}/ksml?view=changes`);
      await page
        .getByRole('table', { name: 'Changes' })
        .getByText('sensor-inspector')
        .first()
        .waitFor();
      await shoot(page, `changes-${width}`);
      await page.goto(`${entity}?view=history`);
      await page
        .getByRole('button', { name: 'Roll back to revision 1' })
        .waitFor();
      await shoot(page, `history-${width}`);
      await page.goto(`${entity}?view=events`);
      await page.getByText('Scheduled').first().waitFor();
      await shoot(page, `events-${width}`);
      await page.goto(`${entity}?view=topology`);
      await page.getByText('lag 32', { exact: true }).waitFor();
      await shoot(page, `topology-${width}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    await page.goto(`${portal.baseUrl}/create/templates/default/ksml-app`);
    await page.getByText('Tenant').first().waitFor();
    await page.waitForTimeout(1_000);
    await shoot(page, 'template');

    // Its Definition step: the filter starter made from the answers, ready to edit.
    await page.getByLabel('Application name').fill('blue-sensors');
    await page.getByLabel('Owner').click();
    await page.getByRole('option', { name: 'Platform team' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Starter definition').click();
    await page.getByRole('option', { name: /Filter a topic/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('KSML definition').waitFor();
    await shoot(page, 'template-definition');

    // Its review: the definition and the starter's KSML test as written, and the test's
    // result from KSML's own test runner (beside the backend).
    await page.getByLabel('Deploy even if input topics are missing').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Bootstrap servers').waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await page
      .getByText('All 1 KSML tests passed', { exact: false })
      .waitFor({ timeout: 90_000 });
    await shoot(page, 'template-tests', {
      end: page.getByRole('button', { name: 'Create' }),
    });
  } finally {
    await browser.close();
    await portal.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
