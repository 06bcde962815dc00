/**
 * Loads pages one after another in Chromium with the built extension and prints, per load, what
 * the overlay measured: Readability, the worker's own matching time, the round trip and the time
 * from navigation to highlights drawn. The main bench interleaves every page; this shows how the
 * worker's time on a page depends on what it did just before (the same page warms it; a 1 MB page
 * leaves garbage to collect; `stop` stops the service worker, as the browser does when it is idle,
 * so the next load pays for waking it).
 *
 *   SOURCELIGHT_TEST_HOOKS=1 SOURCELIGHT_OUT_DIR=.output-bench npx wxt build   (a test build: the state is read from the host)
 *   npx tsx bench/worker-repeat.ts wire-copy,wire-copy,wikipedia-2,wire-copy
 *   npx tsx bench/worker-repeat.ts wire-copy,wire-copy,stop,wire-copy
 *
 * Names are demo pages (assets/demo/pages) or readability fixtures in ../shared. SOURCELIGHT_OUT_DIR
 * picks another build, to compare two builds load by load.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_OUT_DIR, ensureBuild } from './browser';
import { DEMO_PAGES_DIR, READABILITY_DIR } from './fixtures';

process.env.SOURCELIGHT_OUT_DIR = process.env.SOURCELIGHT_OUT_DIR || BENCH_OUT_DIR;
// The harness reads the build folder when it loads, so import it after setting it.
const { launchWithExtension, serveStatic } = await import('../testkit/harness');
const { OverlayPage } = await import('../testkit/overlay-page');

const names = (
  process.argv[2] ??
  'wire-copy,wire-copy,wire-copy,wire-copy,rewritten,rewritten,rewritten,rewritten'
).split(',');
ensureBuild(false);
const mounts: Record<string, string> = { '/demo': DEMO_PAGES_DIR };
if (READABILITY_DIR) mounts['/readability'] = READABILITY_DIR;
const server = await serveStatic(mounts);
const browser = await launchWithExtension({});
try {
  console.log(
    `${'page'.padEnd(16)} ${'readability ms'.padStart(15)} ${'matcher ms'.padStart(11)} ${'round trip ms'.padStart(14)} ${'drawn at ms'.padStart(12)} ${'read away ms'.padStart(14)}`,
  );
  for (const name of names) {
    if (name === 'stop') {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await page.close();
      console.log('(service worker stopped)');
      continue;
    }
    const path = existsSync(join(DEMO_PAGES_DIR, `${name}.html`))
      ? `/demo/${name}.html`
      : `/readability/${name}/source.html`;
    const page = await browser.context.newPage();
    await page.goto(server.url(path), { waitUntil: 'domcontentloaded' });
    await new OverlayPage(page).waitSettled(1, 60_000);
    const [readability, matcher, roundTrip, away, drawn] = (await page.evaluate(
      `[...['sourcelight:readability', 'sourcelight:matcher', 'sourcelight:match', 'sourcelight:extract-away'].map((n) => performance.getEntriesByName(n).at(-1)?.duration ?? null),
        performance.getEntriesByName('sourcelight:drawn').at(-1)?.startTime ?? null]`,
    )) as (number | null)[];
    const cell = (x: number | null, w: number) => (x === null ? 'n/a' : x.toFixed(2)).padStart(w);
    console.log(
      `${name.padEnd(16)} ${cell(readability!, 15)} ${cell(matcher!, 11)} ${cell(roundTrip!, 14)} ${cell(drawn!, 12)} ${cell(away!, 14)}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
