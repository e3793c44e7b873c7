// Takes the README's screenshots of the running dev portal (`npm start` first, with the example
// apps deployed): the KSML tab's status, logs and metrics views of sensor-inspector, and the
// KSML app template. Debian's Chromium, driven by playwright-core.
//
//   npm run screenshots     # KSML_PORTAL_URL (http://localhost:3000), CHROMIUM_PATH, SCREENSHOTS_DIR
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const portal = process.env.KSML_PORTAL_URL ?? 'http://localhost:3000';
const outDir = resolve(
  process.env.SCREENSHOTS_DIR ?? join(root, 'docs/screenshots'),
);
const entity = `${portal}/catalog/default/component/sensor-inspector/ksml`;
// metrics-server reports a new pod after about a minute; allow some more.
const metricsTimeoutMs = Number(process.env.KSML_METRICS_TIMEOUT_MS ?? 180_000);

const log = message => console.error(`[screenshots] ${message}`);

async function signIn(page) {
  await page.goto(portal);
  // The sign-in page signs in as guest by itself (auto); click "Enter" if it is shown instead.
  const enter = page.getByRole('button', { name: 'Enter' });
  const catalog = page.getByRole('link', { name: 'Home' });
  await enter.or(catalog).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }
  await catalog.first().waitFor({ timeout: 60_000 });
}

async function shoot(page, name) {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  log(`wrote ${path}`);
}

async function main() {
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await signIn(page);

    // Status: one card per environment (dev and stag run, prod is not deployed).
    await page.goto(entity);
    await page.getByText('Running').nth(1).waitFor();
    await page.getByText('Not deployed').first().waitFor();
    await shoot(page, 'status');

    // Logs: the replica's log in Backstage's log viewer.
    await page.goto(`${entity}?view=logs`);
    await page.getByText('Consumed AVRO message').first().waitFor();
    await shoot(page, 'logs');

    // Metrics: reload until metrics-server has figures, then let the chart gather samples.
    const deadline = Date.now() + metricsTimeoutMs;
    for (;;) {
      await page.goto(`${entity}?view=metrics`);
      try {
        await page.getByTestId('ksml-total-cpu').waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `no metrics within ${metricsTimeoutMs / 1000}s: ${error}`,
          );
        }
        log('no metrics yet; waiting for metrics-server');
        await page.waitForTimeout(10_000);
      }
    }
    await page.waitForTimeout(25_000); // a few 10 s polls for the sparklines
    await shoot(page, 'metrics');

    // The KSML app template's first step.
    await page.goto(`${portal}/create/templates/default/ksml-app`);
    await page.getByText('Tenant').first().waitFor();
    await page.waitForTimeout(1_000);
    await shoot(page, 'template');
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
