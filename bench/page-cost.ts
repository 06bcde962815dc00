/**
 * What Sourcelight costs the page itself, and the reader's whole wait: each page is loaded in
 * Chromium without the extension and with each given build, turn by turn, and three moments are
 * read from the page's own clock, counted from the end of its HTML response (so time spent before
 * DOMContentLoaded, where a document_start content script runs, is counted too):
 * DOMContentLoaded, the first paint, and our highlights drawn (the end of our run on a page with
 * nothing to draw).
 *
 *   npx tsx bench/page-cost.ts [pages] [turns]
 *   SOURCELIGHT_BENCH_BUILDS=.output-bench,.output-old npx tsx bench/page-cost.ts
 *
 * pages: demo page names or readability fixture names, comma-separated (default: two demo pages,
 * wikipedia-2 and salon-1); turns: loads of each page per build (default 8). Builds default to
 * the bench's own (`npx tsx bench/run.ts --build` makes it). Prints medians per page and build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { BENCH_OUT_DIR } from './browser';
import { DEMO_PAGES_DIR, READABILITY_DIR } from './fixtures';
import { median } from './stats';

process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
const { chromiumPath, launchWithExtension, ROOT, serveStatic } = await import('../testkit/harness');
const { OverlayPage } = await import('../testkit/overlay-page');
const { chromium } = await import('playwright-core');

const names = (process.argv[2] ?? 'opinion,wire-copy,wikipedia-2,salon-1').split(',');
const turns = Number(process.argv[3] ?? 8);
const builds = (process.env.SOURCELIGHT_BENCH_BUILDS ?? BENCH_OUT_DIR).split(',');
if (!Number.isInteger(turns) || turns < 1) {
  console.error(`page-cost: turns must be a whole number of at least 1, not ${process.argv[3]}`);
  process.exit(2);
}
for (const b of builds)
  if (!existsSync(join(ROOT, b, 'chrome-mv3/manifest.json'))) {
    console.error(`page-cost: no build in ${b}/ (make one with: npx tsx bench/run.ts --build)`);
    process.exit(2);
  }
const paths = names.map((n) =>
  existsSync(join(DEMO_PAGES_DIR, `${n}.html`))
    ? `/demo/${n}.html`
    : READABILITY_DIR && existsSync(join(READABILITY_DIR, n, 'source.html'))
      ? `/readability/${n}/source.html`
      : null,
);
const unknown = names.filter((_, i) => paths[i] === null);
if (unknown.length) {
  console.error(
    `page-cost: no such page: ${unknown.join(', ')} (readability pages need ../shared)`,
  );
  process.exit(2);
}

/** Page-world source: the three moments from responseEnd (NaN when it did not happen). */
const MOMENTS = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const end = performance.getEntriesByName('sourcelight:drawn').at(-1) || performance.getEntriesByName('sourcelight:done').at(-1);
  const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-paint');
  return [nav.domContentLoadedEventStart - nav.responseEnd, paint ? paint.startTime - nav.responseEnd : NaN, end ? end.startTime - nav.responseEnd : NaN];
})()`;

interface Runner {
  name: string;
  open(): Promise<Page>;
  close(): Promise<void>;
  ours: boolean;
}

const server = await serveStatic({
  '/demo': DEMO_PAGES_DIR,
  ...(READABILITY_DIR ? { '/readability': READABILITY_DIR } : {}),
});
const runners: Runner[] = [];
const plain = await chromium.launchPersistentContext('', {
  executablePath: chromiumPath(),
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu'],
});
runners.push({
  name: 'no extension',
  open: () => plain.newPage(),
  close: () => plain.close(),
  ours: false,
});
for (const b of builds) {
  const browser = await launchWithExtension({ extensionDir: join(ROOT, b, 'chrome-mv3') });
  runners.push({
    name: b,
    open: () => browser.context.newPage(),
    close: () => browser.close(),
    ours: true,
  });
}

try {
  console.log(
    `Each page ${turns} times per build, turn by turn; medians in ms from the end of the page's HTML response:`,
  );
  console.log('page                       build            DOMContentLoaded  first paint  drawn');
  for (const [i, path] of (paths as string[]).entries()) {
    const rows = new Map<string, number[][]>(runners.map((r) => [r.name, []]));
    for (let t = 0; t < turns; t++)
      for (const r of runners) {
        const page = await r.open();
        await page.goto(server.url(path), { waitUntil: 'domcontentloaded', timeout: 60_000 });
        if (r.ours) await new OverlayPage(page).waitSettled(1, 60_000).catch(() => null);
        else await page.waitForLoadState('load').catch(() => null);
        rows.get(r.name)!.push((await page.evaluate(MOMENTS)) as number[]);
        await page.close();
      }
    for (const [name, list] of rows) {
      const mid = (k: number) => {
        const xs = list.map((x) => x[k]!).filter((x) => Number.isFinite(x));
        return xs.length ? median(xs).toFixed(0) : '—';
      };
      console.log(
        `${names[i]!.padEnd(26)} ${name.padEnd(16)} ${mid(0).padStart(16)}  ${mid(1).padStart(11)}  ${mid(2).padStart(5)}`,
      );
    }
  }
} finally {
  for (const r of runners) await r.close();
  await server.close();
}
