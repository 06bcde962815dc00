/**
 * The pages a reader opens in the seconds after the service worker woke with a big library. Some
 * seconds after a wake served from the stored library, the worker checks it against the sources
 * (a change made behind its back); that read once held every page that came meanwhile. This
 * stops the worker, loads a page (the wake), then loads pages back to back from 9.5 to 14 s after
 * it, and prints their load -> drawn beside the first page's, when the check ran, and the worker's
 * memory after it.
 *
 *   npx tsx bench/after-wake.ts [sources] [turns]     # 10,000 sources and 2 turns unless told
 *
 * Uses the bench's build (SOURCELIGHT_BENCH_OUT_DIR picks another); needs ../shared.
 */
import { join } from 'node:path';
import { BENCH_OUT_DIR, ensureBuild } from './browser';
import { stopWorker } from '../testkit/worker-state';
import { importSources, loadOnce, storedLibraryWritten, workerHeapMB } from './cold-worker';
import { allReadabilityFiles, DEMO_PAGES_DIR, READABILITY_DIR } from './fixtures';
import { sentencePool, syntheticSources } from './scale';
import { median, round, table } from './stats';

const size = Number(process.argv[2] ?? 10_000);
const turns = Number(process.argv[3] ?? 2);
if (!Number.isInteger(size) || size < 1 || !Number.isInteger(turns) || turns < 1) {
  console.error('after-wake: sources and turns must be whole numbers of at least 1');
  process.exit(2);
}
if (!READABILITY_DIR) {
  console.error(
    'after-wake: needs ../shared (the synthetic sources come from its readability pages)',
  );
  process.exit(2);
}
/** Until then the reader opens pages one after another (ms after the wake). */
const FROM_MS = 9_500;
const UNTIL_MS = 14_000;

ensureBuild(false);
process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
const { launchWithExtension, ROOT, serveStatic } = await import('../testkit/harness');
const { OverlayPage } = await import('../testkit/overlay-page');
const server = await serveStatic({ '/demo': DEMO_PAGES_DIR });
const url = server.url('/demo/wire-copy.html');
const browser = await launchWithExtension({
  extensionDir: join(ROOT, BENCH_OUT_DIR, 'chrome-mv3'),
});
const rows: (string | number | null)[][] = [];
try {
  const control = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(control);
  await cdp.send('ServiceWorker.enable');
  await importSources(
    browser.context,
    browser.extensionId,
    syntheticSources(sentencePool(allReadabilityFiles()), size),
  );
  await loadOnce(browser.context, url, OverlayPage);
  await storedLibraryWritten(browser.context, browser.extensionId);
  for (let t = 0; t < turns; t++) {
    // A tab opened before the stop, as in cold-worker.ts.
    const tab = await browser.context.newPage();
    await stopWorker(cdp, browser.extensionId);
    const wake = Date.now();
    const first = await loadOnce(browser.context, url, OverlayPage, tab);
    while (Date.now() - wake < FROM_MS) await new Promise((ok) => setTimeout(ok, 50));
    const later: number[] = [];
    while (Date.now() - wake < UNTIL_MS) {
      const load = await loadOnce(browser.context, url, OverlayPage);
      if (load.drawnMs !== null) later.push(load.drawnMs);
    }
    // The check is left to run once the pages stop; its mark says when it ended.
    await new Promise((ok) => setTimeout(ok, 4_000));
    const worker = browser.context.serviceWorkers().at(-1);
    const checked = (await worker
      ?.evaluate(
        "(() => { const m = performance.getEntriesByName('sourcelight:checked')[0]; return m ? performance.timeOrigin + m.startTime : null; })()",
      )
      .catch(() => null)) as number | null;
    rows.push([
      t + 1,
      first.drawnMs === null ? null : round(first.drawnMs),
      later.length,
      later.length ? round(median(later)) : null,
      later.length ? round(Math.max(...later)) : null,
      checked === null ? 'not seen' : `${round((checked - wake) / 1000)} s`,
      await workerHeapMB(cdp, browser.extensionId).then((mb) => (mb === null ? null : round(mb))),
    ]);
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(
  `\nPages after a wake with ${size} sources (demo/wire-copy; ms from each page's DOMContentLoaded; pages back to back from ${FROM_MS / 1000} to ${UNTIL_MS / 1000} s after the wake):`,
);
console.log(
  table(
    [
      'turn',
      'waking page load→drawn',
      'later pages',
      'median',
      'slowest',
      'check ended after the wake',
      'worker MB after',
    ],
    rows,
  ),
);
