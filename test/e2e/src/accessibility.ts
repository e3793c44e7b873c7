import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's script, put into the page under test. */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The text in the page's `selector` whose contrast is under WCAG AA (4.5:1, 3:1 for large
 * text), as axe-core's `color-contrast` rule finds it: one line per element, with its ratio and
 * colours. Empty when every text there passes.
 */
export async function contrastViolations(
  page: Page,
  selector: string,
): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: axeSource });
  }
  return page.evaluate(async scope => {
    type AxeResult = {
      violations: Array<{
        nodes: Array<{ target: string[]; failureSummary?: string }>;
      }>;
    };
    const axe = (
      window as unknown as {
        axe: {
          run(context: unknown, options: unknown): Promise<AxeResult>;
        };
      }
    ).axe;
    const result = await axe.run(
      { include: [[scope]] },
      { runOnly: { type: 'rule', values: ['color-contrast'] } },
    );
    return result.violations.flatMap(violation =>
      violation.nodes.map(
        node =>
          `${node.target.join(' ')}: ${(node.failureSummary ?? '')
            .replace(/\s+/g, ' ')
            .trim()}`,
      ),
    );
  }, selector);
}
