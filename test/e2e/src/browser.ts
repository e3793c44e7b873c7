import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { repoRoot } from '@ksml-backstage/testbed';

/** Where failed steps leave their screenshot: `.ksml-portal/e2e-failures/<step>.png`. */
export const FAILURES_DIR = join(repoRoot, '.ksml-portal', 'e2e-failures');

/** Debian's Chromium (CHROMIUM_PATH to use another), which scripts/chromium.sh installs. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: run 'bash scripts/chromium.sh' (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return path;
}

/** Headless Chromium without a sandbox (the tests run as root in CI). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The dev portal's sign-in identities (see docs/permissions.md). */
export type Identity = 'Guest' | 'Outsider';

/**
 * Signs in on the portal's sign-in page with the card of `identity`: Guest (a member of the
 * team that owns the example apps) or Outsider (in no team that owns an app).
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  identity: Identity = 'Guest',
): Promise<void> {
  await page.goto(baseUrl);
  await page
    .locator('[class*="MuiCard-root"]', { hasText: identity })
    .getByRole('button')
    .click();
  await page.getByRole('link', { name: 'Home' }).first().waitFor();
}

/**
 * Runs one step of a journey; when it fails, the page is saved as a screenshot named after the
 * step (see {@link FAILURES_DIR}) and the error says where, and what the page's main content said.
 */
export async function step<T>(
  page: Page,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    mkdirSync(FAILURES_DIR, { recursive: true });
    const file = join(
      FAILURES_DIR,
      `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`,
    );
    await page
      .screenshot({ path: file, fullPage: true })
      .catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    // What the page said, for a CI log read without the screenshot (the status card's reason
    // and hint, the log lines shown): its main content's last characters.
    const text = await page
      .locator('main')
      .first()
      .innerText({ timeout: 2_000 })
      .catch(() => '(no page text)');
    throw new Error(
      `${name}: ${message}\n(screenshot: ${file})\nthe page said: …${text
        .slice(-1500)
        .replace(/\s*\n\s*/g, ' ⏎ ')}`,
    );
  }
}

/** Picks an environment in the KSML view's Environment select. */
export async function chooseEnvironment(
  page: Page,
  environment: string,
): Promise<void> {
  await page.getByLabel('Environment').click();
  await page.getByRole('option', { name: environment }).click();
}

/** The total lag the KSML Lag view shows now. */
export async function totalLag(page: Page): Promise<number> {
  const text = await page.getByTestId('ksml-total-lag').innerText();
  return Number(text.replace(/\D/g, ''));
}
