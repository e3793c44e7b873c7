import type { Browser, Page } from 'playwright-core';
import { signIn } from '@ksml-backstage/e2e';

/** The fleet page's first rows, timed in a browser: one run's samples (ms). */
export interface FleetPageSamples {
  /** From a click on the sidebar's KSML link (the portal already open) to the first rows. */
  fromSidebar: number[];
  /** From navigating to `/ksml` by its URL (a full page load, the bundle cached) to the first rows. */
  byUrl: number[];
}

/**
 * In the page: the time (its `performance.now()`) when the fleet table shows its title with at
 * least `apps` apps and a first app row, or false. Polled on every animation frame, so a reading
 * is late by one frame at most.
 */
function firstRowsShown(apps: number): number | false {
  const title = Array.from(document.querySelectorAll('h5, h6, h2')).find(
    element => / of (\d+) apps$/.test(element.textContent ?? ''),
  );
  const total = Number(/ of (\d+) apps$/.exec(title?.textContent ?? '')?.[1]);
  if (!(total >= apps)) return false;
  const row = document.querySelector('tbody tr td');
  return row ? performance.now() : false;
}

async function waitForFirstRows(page: Page, apps: number): Promise<number> {
  const handle = await page.waitForFunction(firstRowsShown, apps, {
    polling: 'raf',
    timeout: 60_000,
  });
  return (await handle.jsonValue()) as number;
}

/**
 * Opens the KSML fleet page `samples` times each way in Chromium, signed in as the dev portal's
 * guest, and times its first rows: what "loads in under a second at 1,000 apps" is judged on.
 * Times are taken in the page (`performance.now()`), not around Playwright's calls, so they hold
 * no round trip to the browser.
 */
export async function measureFleetPage(
  browser: Browser,
  baseUrl: string,
  options: { apps: number; samples: number },
): Promise<FleetPageSamples> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = await context.newPage();
    await signIn(page, baseUrl);
    const fromSidebar: number[] = [];
    const byUrl: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      // From the catalog (another page of the portal, its data loaded), as a user comes to it.
      await page.goto(`${baseUrl}/catalog`);
      await page
        .getByRole('link', { name: 'KSML', exact: true })
        .first()
        .waitFor();
      const clicked = await page.evaluate(() => {
        const link = Array.from(document.querySelectorAll('a')).find(
          a => a.textContent?.trim() === 'KSML',
        );
        if (!link) throw new Error('no KSML link in the sidebar');
        const at = performance.now();
        link.click();
        return at;
      });
      fromSidebar.push((await waitForFirstRows(page, options.apps)) - clicked);
      // A full load: the navigation starts the document's clock at 0.
      await page.goto(`${baseUrl}/ksml`);
      byUrl.push(await waitForFirstRows(page, options.apps));
    }
    return { fromSidebar, byUrl };
  } finally {
    await context.close();
  }
}
