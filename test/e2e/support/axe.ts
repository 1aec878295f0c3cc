import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core, the accessibility engine browsers' own audits use, run inside the page. Evaluated as a
// DevTools script: the app's Content-Security-Policy (script-src 'self') refuses an inline tag.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 A and AA rules, contrast and labels included. */
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** The WCAG violations on the page as it is drawn now, each in words a person can act on. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async (rules) =>
      (
        await (
          window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: Violation[] }> } }
        ).axe.run(document, { runOnly: { type: 'tag', values: rules }, resultTypes: ['violations'] })
      ).violations,
    RULES,
  );
  return violations.flatMap((v) =>
    v.nodes.map(
      (node) =>
        `${v.id} (${v.impact}): ${v.help} — at ${node.target.join(' ')}\n    ${node.failureSummary.replace(/\n/g, '\n    ')}`,
    ),
  );
}
