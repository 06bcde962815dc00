/**
 * Real browser: read three pages that quote one demo source (verbatim, reworded, and not that quote
 * at all), then open the coverage dashboard and find each outlet's rendering of the quote in the
 * matrix. Also takes the README screenshot when SOURCELIGHT_SCREENSHOT is set.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceUnits } from '../../lib/coverage/index';
import {
  ROOT,
  launchWithExtension,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';

const SOURCE_ID = 'demo-dam-courier';
const SOURCE_TEXT = readFileSync(join(ROOT, 'assets/demo/library', `${SOURCE_ID}.txt`), 'utf8');
const QUOTE =
  'The treaty requires forty-eight hours. That is not a technicality, it is the whole point of the agreement';
const REWORDED =
  'The treaty demands forty-eight hours. That is not a technicality, it is the whole point of the agreement';
const OTHER_QUOTE =
  'Whole streets went under in less than an hour. People left with whatever they could carry, and many of them left in the dark';

// Narrative written for this test (not from the library), so only the quotes can match.
const FILLER = [
  'Residents of the river towns spent the weekend shovelling mud out of ground-floor rooms while volunteers handed out bottled water from the backs of vans parked along the embankment.',
  'Insurance assessors began arriving on Sunday, and shopkeepers said they expected to stay closed for at least a fortnight while walls dried out and wiring was checked.',
  'Local schools will reopen on Wednesday in temporary rooms, the education office said, and buses will run on a reduced timetable until the bridges are inspected.',
];

function page(site: string, headline: string, quoted: string, speaker: string): string {
  const paras = [
    `Officials in Strenna sharpened their criticism of the dam operator this week. “${quoted},” ${speaker}.`,
    ...FILLER,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${headline}</title>
<meta property="og:site_name" content="${site}"><meta property="og:title" content="${headline}">
<meta property="article:published_time" content="2026-03-15T09:00:00Z"></head>
<body><header><nav><a href="/">Home</a> · <a href="/world">World</a></nav></header>
<main><article><h1>${headline}</h1><p class="byline">By Staff</p>
${paras.map((p) => `<p>${p}</p>`).join('\n')}
</article></main><footer>© ${site}</footer></body></html>`;
}

/** Page object for the dashboard: selectors live here. */
class DashboardPage {
  constructor(readonly page: Page) {}
  cell(rowId: string, outlet: string) {
    return this.page.locator(
      `[data-testid="coverage-cell"][data-row-id="${rowId}"][data-outlet="${outlet}"]`,
    );
  }
  columns(sourceId: string) {
    return this.page.locator(
      `[data-testid="coverage-matrix"][data-source-id="${sourceId}"] [data-testid="coverage-column"]`,
    );
  }
  detail() {
    return this.page.getByTestId('cell-detail');
  }
}

describe('coverage dashboard', () => {
  let browser: ExtensionBrowser;
  let server: StaticServer;
  const dir = mkdtempSync(join(tmpdir(), 'sourcelight-dashboard-'));
  const quoteRow = sourceUnits({
    id: SOURCE_ID,
    title: '',
    outlet: null,
    url: null,
    published: null,
    language: 'en',
    text: SOURCE_TEXT,
  }).find((u) => u.kind === 'quote' && u.text === QUOTE);

  beforeAll(async () => {
    writeFileSync(
      join(dir, 'verbatim.html'),
      page(
        'Alder Ledger',
        'Strenna says treaty warning came too late',
        QUOTE,
        'Foreign Minister Maren Oskelund told reporters',
      ),
    );
    writeFileSync(
      join(dir, 'reworded.html'),
      page(
        'Birchfield Courant',
        'Belvoria presses Zarhan over treaty notice',
        REWORDED,
        'Foreign Minister Maren Oskelund told reporters',
      ),
    );
    writeFileSync(
      join(dir, 'other.html'),
      page(
        'Cedar Valley Times',
        'Flood towns count the cost',
        OTHER_QUOTE,
        'a resident of Lower Sarn said',
      ),
    );
    writeFileSync(
      join(dir, 'later.html'),
      page('Dunmore Post', 'Treaty row deepens', QUOTE, 'Foreign Minister Maren Oskelund said'),
    );
    server = await serveStatic({ '/news': dir });
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows each outlet’s rendering of the quote in the matrix', async () => {
    expect(quoteRow, 'the demo source still has the treaty quote').toBeDefined();
    for (const name of ['verbatim', 'reworded', 'other']) {
      const tab = await browser.context.newPage();
      await tab.goto(server.url(`/news/${name}.html`));
      // The overlay marks what it found; wait for the analysis to be recorded.
      await tab.waitForTimeout(1500);
      await tab.close();
    }
    const tab = await browser.context.newPage();
    const dashboard = new DashboardPage(tab);
    await tab.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    // Visits are stored asynchronously: reload until all three outlets are columns.
    await expect
      .poll(
        async () => {
          await tab.reload();
          await tab.waitForSelector(
            '[data-testid="coverage-matrix"], [data-testid="coverage-empty"], [data-testid="coverage-error"]',
          );
          return dashboard.columns(SOURCE_ID).count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(3);
    // Once loaded, the page's static loading line is gone.
    expect(await tab.getByText('Loading coverage…').count()).toBe(0);
    const rowId = quoteRow!.id;
    await expect
      .poll(() => dashboard.cell(rowId, 'Alder Ledger').getAttribute('data-kind'))
      .toBe('verbatim');
    expect(await dashboard.cell(rowId, 'Cedar Valley Times').getAttribute('data-kind')).toBe(
      'absent',
    );
    // The reworded quote is shown as changed: a variant, or (when the matcher links only its unchanged
    // words) a verbatim part marked as cut. Never as the whole quote verbatim, never as absent.
    const reworded = dashboard.cell(rowId, 'Birchfield Courant');
    const kind = await reworded.getAttribute('data-kind');
    expect(
      kind === 'variant' ||
        (kind === 'verbatim' && (await reworded.getAttribute('data-flagged')) === 'true'),
    ).toBe(true);

    // Pointing at the reworded cell shows the page's words and the diff against the source quote.
    await reworded.hover();
    await expect.poll(() => dashboard.detail().textContent()).toContain('Birchfield Courant');
    expect(
      (await tab.getByTestId('cell-diff').locator('del').allTextContents()).join(' '),
    ).toContain('requires');

    // The export holds the same cells.
    const [download] = await Promise.all([
      tab.waitForEvent('download'),
      tab.getByTestId('export-csv').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const line = csv
      .split('\r\n')
      .find((l) => l.includes(`,${rowId},`) && l.includes(',Birchfield Courant,'));
    expect(line).toMatch(new RegExp(`,Birchfield Courant,[^,]*,${kind},`));

    // A page read while the dashboard is open shows up on Refresh, without reloading the dashboard.
    const later = await browser.context.newPage();
    await later.goto(server.url('/news/later.html'));
    await later.waitForTimeout(1500);
    await later.close();
    await expect
      .poll(
        async () => {
          await tab.getByTestId('coverage-refresh').click();
          return dashboard.columns(SOURCE_ID).count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(4);
    expect(await dashboard.cell(rowId, 'Dunmore Post').getAttribute('data-kind')).toBe('verbatim');

    if (process.env.SOURCELIGHT_SCREENSHOT) {
      // The README picture: add the demo pages so the matrix shows every kind of cell.
      const demo = await serveStatic({ '/demo': join(ROOT, 'assets/demo/pages') });
      for (const name of ['wire-copy', 'rewritten', 'opinion']) {
        const p = await browser.context.newPage();
        await p.goto(demo.url(`/demo/${name}.html`));
        await p.waitForTimeout(1500);
        await p.close();
      }
      void demo.close();
      await tab.reload();
      await tab.getByTestId('filter-source').selectOption(SOURCE_ID);
      await tab.setViewportSize({ width: 1200, height: 1000 });
      await tab.screenshot({ path: process.env.SOURCELIGHT_SCREENSHOT, fullPage: false });
    }
  });
});
