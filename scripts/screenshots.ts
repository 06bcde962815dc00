/**
 * Regenerates the README's pictures from the demo, so they show what the product shows today:
 * a demo page with an open popover, and the coverage dashboard after reading the demo's news pages
 * (and only those). Also rewrites the README's table of highlight kinds from lib/kinds.ts.
 *
 *   npm run screenshots        # builds the test build for Chrome first (see package.json)
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KIND_LOOK } from '../lib/kinds';
import { highlightName } from '../lib/overlay/model';
import { launchWithExtension, ROOT, serveStatic } from '../testkit/harness';
import { OverlayPage } from '../testkit/overlay-page';
import { kindsReadmeTable } from '../lib/kinds';

const DEMO = join(ROOT, 'assets/demo/pages');
const NEWS = ['wire-copy.html', 'rewritten.html', 'opinion.html'];
const POPOVER_PNG = join(ROOT, 'assets/screenshots/popover.png');
const DASHBOARD_PNG = join(ROOT, 'assets/screenshots/dashboard.png');
const README = join(ROOT, 'README.md');
/** The README's kinds table lives between these two lines. */
const TABLE_START = '<!-- kinds table: npm run screenshots writes it from lib/kinds.ts -->';
const TABLE_END = '<!-- end of kinds table -->';

/** The README with its kinds table rewritten; throws when the markers are missing. */
export function readmeWithKinds(readme: string): string {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a)
    throw new Error(`README.md: the lines ${TABLE_START} … ${TABLE_END} are missing`);
  return `${readme.slice(0, a + TABLE_START.length)}\n\n${kindsReadmeTable(highlightName)}\n\n${readme.slice(b)}`;
}

async function main() {
  const server = await serveStatic({ '/demo': DEMO });
  const browser = await launchWithExtension();
  try {
    // Read the demo's news pages: the dashboard compares them.
    for (const file of NEWS) {
      const page = await browser.context.newPage();
      await page.goto(server.url(`/demo/${file}`));
      await new OverlayPage(page).waitSettled();
      await page.close();
    }

    // A reworded quote's popover on rewritten.html: it shows the passage, the diff and the buttons.
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 760 });
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/rewritten.html'));
    await o.waitSettled();
    const [first] = await o.highlightTexts('variant');
    if (!first)
      throw new Error('rewritten.html has no reworded quote highlighted: nothing to show');
    const popover = await o.openPopover('variant', first.slice(0, 30));
    await popover.getByText('Loading the source…').waitFor({ state: 'detached' });
    // Two frames for the popover to settle next to its passage.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.screenshot({ path: POPOVER_PNG });
    await page.close();

    // The dashboard with a cell's details open next to it.
    const dash = await browser.context.newPage();
    await dash.setViewportSize({ width: 1200, height: 900 });
    await dash.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    const matrix = dash.getByTestId('coverage-matrix').first();
    await matrix.waitFor();
    // A cell where something differs says most; else any rendered cell.
    const flagged = matrix.locator('[data-testid="coverage-cell"][data-flagged="true"]');
    const rendered = matrix.locator('[data-testid="coverage-cell"]:not([data-kind="absent"])');
    await ((await flagged.count()) > 0 ? flagged : rendered).first().focus();
    await dash.getByTestId('cell-detail').waitFor();
    await dash.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await dash.screenshot({ path: DASHBOARD_PNG });
    await dash.close();
  } finally {
    await browser.close();
    await server.close();
  }
  writeFileSync(README, readmeWithKinds(readFileSync(README, 'utf8')));
  for (const p of [POPOVER_PNG, DASHBOARD_PNG])
    console.log(`${relative(ROOT, p)} (${Math.round(statSync(p).size / 1024)} KB)`);
  console.log(
    `README.md: kinds table rewritten from lib/kinds.ts (${Object.keys(KIND_LOOK).length} kinds)`,
  );
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
