/**
 * The first page after the service worker was stopped, with a big library in IndexedDB. Chromium
 * stops an idle MV3 worker after about 30 s; the next page wakes it, and the worker opens its
 * database, reads the sources and the stored index back and loads its code again before it can
 * match. For each library size this loads a page with the worker warm and right after stopping it
 * (CDP `ServiceWorker.stopAllWorkers`), in turns, and reads the worker's heap over CDP.
 *
 *   npx tsx bench/cold-worker.ts                 # 1,000 and 10,000 sources, demo/wire-copy
 *   npx tsx bench/cold-worker.ts 1000 wire-copy,medium-3
 *   npx tsx bench/cold-worker.ts 1000,10000 wire-copy 7   # 7 warm/cold turns (3 unless told)
 *   npx tsx bench/cold-worker.ts 1000 wire-copy 7 150     # the server answers after 150 ms
 *
 * Needs ../shared (the synthetic sources are recombined from its readability pages).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Source } from '../lib/types';
import { stopWorker } from '../testkit/worker-state';
import { BENCH_OUT_DIR, ensureBuild } from './browser';
import { allReadabilityFiles, DEMO_PAGES_DIR, READABILITY_DIR } from './fixtures';
import { sentencePool, syntheticSources } from './scale';
import { median, round, table } from './stats';

/** One library size's cold and warm figures (ms, medians over the turns). */
export interface ColdWorkerRow {
  sources: number;
  page: string;
  /** DOMContentLoaded → highlights drawn with the worker running. */
  warmDrawnMs: number | null;
  /** The same for the first page after the worker was stopped. */
  coldDrawnMs: number | null;
  /** cold / warm. */
  ratio: number | null;
  /** The matching request's round trip (what the wake adds to) warm and cold. */
  warmRoundTripMs: number | null;
  coldRoundTripMs: number | null;
  /** The worker's matching and actor recognition, warm and cold (the cold code's share of the wait). */
  warmMatcherMs: number | null;
  coldMatcherMs: number | null;
  warmActorsMs: number | null;
  coldActorsMs: number | null;
  /** The site switch's round trip (the first request that wakes the worker) warm and cold. */
  warmAskSiteMs: number | null;
  coldAskSiteMs: number | null;
  /**
   * The worker's JS heap and array buffers after a warm page (MB, CDP Runtime.getHeapUsage's
   * usedSize + backingStorageSize; median over the turns), or null.
   */
  workerHeapMB: number | null;
  /** The same after each turn's warm page. */
  workerHeapsMB: (number | null)[];
  /**
   * The cold page's timeline, ms from its DOMContentLoaded (medians over the cold loads): the
   * worker's start and marks (see WAKE_MARKS), when the page began reading and when it asked.
   */
  wake: Record<string, number | null>;
  /** Turns (warm + cold pairs) the medians are over. */
  turns: number;
  /** Time to put the sources into IndexedDB (import: validation, actors, one transaction). */
  importMs: number;
  /** Whether every cold page drew the very highlights (kind by kind) of every warm page. */
  sameHighlights: boolean;
  /** The warm pages' highlights, by kind. */
  highlights: string;
}

const IMPORT_BATCH = 1_000;

/** The marks a waking worker sets (entrypoints/background, lib/db/service.ts), in order. */
export const WAKE_MARKS = [
  'main',
  'db-open',
  'ready',
  'library-load',
  'rules-ready',
  'matcher-warm',
  'sources-read',
  'stored-read',
  'texts-read',
  'unpacked',
  'library-built',
  'word-tables',
  'actors-ready',
  'analyze',
  'analyze-library',
  'page-likely',
  'page-texts',
  'texts-missed',
  'analyzed',
  'answered',
];

/**
 * The woken worker's marks, ms from the page's DOMContentLoaded (`loadedAt`, epoch ms), so they read
 * on the page's own timeline; `start` is when the worker began. Playwright sees the new worker as a
 * new object.
 */
async function wakeMarks(
  context: BrowserContext,
  extensionId: string,
  loadedAt: number | null,
): Promise<Record<string, number | null>> {
  const worker = context.serviceWorkers().find((w) => w.url().includes(extensionId));
  if (!worker || loadedAt === null) return {};
  const { origin, marks } = (await worker
    .evaluate(
      `({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]) })`,
    )
    .catch(() => ({ origin: 0, marks: [] }))) as { origin: number; marks: [string, number][] };
  const onPage = (t: number | undefined) => (t === undefined ? null : origin + t - loadedAt);
  return {
    start: onPage(0),
    ...Object.fromEntries(
      WAKE_MARKS.map((name) => [
        name,
        onPage(marks.find(([n]) => n === `sourcelight:${name}`)?.[1]),
      ]),
    ),
  };
}

/** Where a bench page is served from. */
export function pagePath(name: string): string | null {
  if (existsSync(join(DEMO_PAGES_DIR, `${name}.html`))) return `/demo/${name}.html`;
  if (READABILITY_DIR && existsSync(join(READABILITY_DIR, name, 'source.html')))
    return `/readability/${name}/source.html`;
  return null;
}

/** The overlay's own figures for one load. */
const READ_LOAD = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const loaded = nav ? nav.domContentLoadedEventEnd : 0;
  const last = (name) => performance.getEntriesByName(name).at(-1);
  const drawn = last('sourcelight:drawn');
  const start = last('sourcelight:start');
  const enabled = last('sourcelight:enabled');
  const match = last('sourcelight:match');
  const matcher = last('sourcelight:matcher');
  const actors = last('sourcelight:actors');
  return {
    loadedAt: nav ? performance.timeOrigin + loaded : null,
    prepareMs: last('sourcelight:extract-start') ? last('sourcelight:extract-start').startTime - loaded : null,
    askMs: last('sourcelight:match-start') ? last('sourcelight:match-start').startTime - loaded : null,
    matcherMs: matcher ? matcher.duration : null,
    actorsMs: actors ? actors.duration : null,
    drawnMs: drawn ? drawn.startTime - loaded : null,
    roundTripMs: match ? match.duration : null,
    askSiteMs: start && enabled ? enabled.startTime - start.startTime : null,
  };
})()`;

/** The cold page's timeline columns: the worker's start and marks, and the page's own steps. */
const WAKE_COLUMNS = ['start', ...WAKE_MARKS, 'page reads', 'page asks', 'page answered'];

interface LoadFigures {
  /** The highlights drawn, by kind ("verbatim 3, actor 5"). */
  drawn?: string;
  /** DOMContentLoaded, epoch ms (the time base of the wake marks). */
  loadedAt: number | null;
  /** When the page began reading its article (and asks a waking worker to prepare), ms from DOMContentLoaded. */
  prepareMs: number | null;
  /** When the page sent its text for matching, ms from DOMContentLoaded. */
  askMs: number | null;
  matcherMs: number | null;
  actorsMs: number | null;
  drawnMs: number | null;
  roundTripMs: number | null;
  askSiteMs: number | null;
}

/**
 * The extension worker's memory over CDP (attached through the page session, unflattened): its JS
 * heap and its array buffers' backing stores.
 */
export async function workerHeapMB(cdp: CDPSession, extensionId: string): Promise<number | null> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.includes(extensionId),
  );
  if (!target) return null;
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };
  try {
    const reply = new Promise<number | null>((ok) => {
      const timer = setTimeout(() => ok(null), 10_000);
      cdp.on('Target.receivedMessageFromTarget', (e) => {
        const m = e as { sessionId: string; message: string };
        if (m.sessionId !== sessionId) return;
        const parsed = JSON.parse(m.message) as {
          id?: number;
          result?: { usedSize: number; backingStorageSize?: number };
        };
        if (parsed.id !== 1) return;
        clearTimeout(timer);
        // With the typed arrays' memory (the stem index, the texts as UTF-8), kept outside the JS heap.
        const r = parsed.result;
        ok(r ? (r.usedSize + (r.backingStorageSize ?? 0)) / (1024 * 1024) : null);
      });
    });
    // Collect garbage first, so the figure is what the worker keeps, not what it last threw away.
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 0, method: 'HeapProfiler.collectGarbage' }),
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    return await reply;
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

/** Adds `sources` to the extension's library through its own import request, from an extension page. */
export async function importSources(
  context: BrowserContext,
  extensionId: string,
  sources: Source[],
): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    for (let i = 0; i < sources.length; i += IMPORT_BATCH) {
      const reply = (await page.evaluate(
        (envelope) =>
          (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
            }
          ).chrome.runtime.sendMessage(envelope),
        {
          sourcelight: 'library.import',
          payload: { sources: sources.slice(i, i + IMPORT_BATCH), origin: 'file', where: 'bench' },
        },
      )) as { ok: boolean; error?: string };
      if (!reply?.ok) throw new Error(`import failed: ${reply?.error ?? 'no answer'}`);
    }
  } finally {
    await page.close();
  }
}

/**
 * Waits until the worker has stored its library (the packed record, and no mark that it lags behind
 * the sources): the import's last changes are stored after a pause, and a worker stopped before that
 * reads every source on waking, which is a first wake after an import, not the one measured here.
 */
export async function storedLibraryWritten(
  context: BrowserContext,
  extensionId: string,
): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.evaluate(`new Promise((done, fail) => {
      const look = () => {
        const open = indexedDB.open('sourcelight');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('cache').objectStore('cache');
          const stored = store.count('stem-index');
          const stale = store.count('stem-index-stale');
          stale.onsuccess = () => {
            db.close();
            if (stored.result === 1 && stale.result === 0) done();
            else setTimeout(look, 250);
          };
        };
      };
      look();
    })`);
  } finally {
    await page.close();
  }
}

/** Loads `url` in a new tab, or in `tab` when given, until the overlay settles; closes the tab. */
export async function loadOnce(
  context: BrowserContext,
  url: string,
  Overlay: new (
    page: Page,
  ) => { waitSettled(n: number, t: number): Promise<{ counts: Record<string, number> }> },
  tab?: Page,
): Promise<LoadFigures> {
  const page = tab ?? (await context.newPage());
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const host = await new Overlay(page).waitSettled(1, 120_000);
    // What was drawn, kind by kind: a woken worker must draw what a warm one draws.
    const drawn = Object.entries(host.counts)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    return { ...((await page.evaluate(READ_LOAD)) as LoadFigures), drawn };
  } finally {
    await page.close();
  }
}

const mid = (xs: (number | null)[]) => {
  const ok = xs.filter((x): x is number => x !== null);
  return ok.length ? median(ok) : null;
};

/**
 * For each size: a fresh profile, the sources imported, the page loaded until the library is built
 * and stored, then `turns` pairs of (warm load, stop, cold load).
 */
export async function measureColdWorker(
  sizes: number[],
  pageNames: string[],
  turns = 3,
  serverDelayMs = 0,
): Promise<ColdWorkerRow[]> {
  process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
  const { launchWithExtension, serveStatic } = await import('../testkit/harness');
  const { OverlayPage } = await import('../testkit/overlay-page');
  const mounts: Record<string, string> = { '/demo': DEMO_PAGES_DIR };
  if (READABILITY_DIR) mounts['/readability'] = READABILITY_DIR;
  const server = await serveStatic(mounts, undefined, serverDelayMs);
  const pool = sentencePool(allReadabilityFiles());
  const rows: ColdWorkerRow[] = [];
  try {
    for (const size of sizes) {
      const sources = syntheticSources(pool, size);
      const profile = mkdtempSync(join(tmpdir(), 'sourcelight-cold-'));
      const browser = await launchWithExtension({ userDataDir: profile });
      try {
        const control = await browser.context.newPage();
        const cdp = await browser.context.newCDPSession(control);
        await cdp.send('ServiceWorker.enable');
        const i0 = performance.now();
        await importSources(browser.context, browser.extensionId, sources);
        const importMs = performance.now() - i0;
        for (const name of pageNames) {
          const path = pagePath(name);
          if (!path) continue;
          const url = server.url(path);
          // The library is built (and its index stored) on the first page; the second warms the code.
          await loadOnce(browser.context, url, OverlayPage);
          await loadOnce(browser.context, url, OverlayPage);
          await storedLibraryWritten(browser.context, browser.extensionId);
          const warm: LoadFigures[] = [];
          const cold: LoadFigures[] = [];
          const wakes: Record<string, number | null>[] = [];
          const heaps: (number | null)[] = [];
          for (let t = 0; t < turns; t++) {
            warm.push(await loadOnce(browser.context, url, OverlayPage));
            // After each warm page: a write still under way when one is read would count its copy.
            heaps.push(await workerHeapMB(cdp, browser.extensionId));
            // The cold page comes in a tab opened before the stop, as a link followed in the same
            // tab: opening a tab would itself wake the worker (tabs.onUpdated), before the page.
            const tab = await browser.context.newPage();
            await stopWorker(cdp, browser.extensionId);
            const load = await loadOnce(browser.context, url, OverlayPage, tab);
            cold.push(load);
            wakes.push({
              ...(await wakeMarks(browser.context, browser.extensionId, load.loadedAt)),
              'page reads': load.prepareMs,
              'page asks': load.askMs,
              'page answered':
                load.askMs !== null && load.roundTripMs !== null
                  ? load.askMs + load.roundTripMs
                  : null,
            });
          }
          const warmDrawn = mid(warm.map((l) => l.drawnMs));
          const coldDrawn = mid(cold.map((l) => l.drawnMs));
          rows.push({
            sources: size,
            page: name,
            warmDrawnMs: warmDrawn,
            coldDrawnMs: coldDrawn,
            ratio: warmDrawn && coldDrawn !== null ? coldDrawn / warmDrawn : null,
            warmRoundTripMs: mid(warm.map((l) => l.roundTripMs)),
            coldRoundTripMs: mid(cold.map((l) => l.roundTripMs)),
            warmMatcherMs: mid(warm.map((l) => l.matcherMs)),
            coldMatcherMs: mid(cold.map((l) => l.matcherMs)),
            warmActorsMs: mid(warm.map((l) => l.actorsMs)),
            coldActorsMs: mid(cold.map((l) => l.actorsMs)),
            warmAskSiteMs: mid(warm.map((l) => l.askSiteMs)),
            coldAskSiteMs: mid(cold.map((l) => l.askSiteMs)),
            workerHeapMB: mid(heaps),
            workerHeapsMB: heaps,
            wake: Object.fromEntries(
              WAKE_COLUMNS.map((m) => [m, mid(wakes.map((w) => w[m] ?? null))]),
            ),
            turns,
            importMs,
            sameHighlights: new Set([...warm, ...cold].map((l) => l.drawn)).size === 1,
            highlights: warm[0]?.drawn ?? '',
          });
        }
      } finally {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** Prints the cold-worker table. */
export function printColdWorker(rows: ColdWorkerRow[]): void {
  const ms = (x: number | null) => (x === null ? 'n/a' : x.toFixed(0));
  console.log(
    "\nFirst page after the service worker was stopped, with the library in IndexedDB (CDP ServiceWorker.stopAllWorkers; medians of warm/cold turns; ms from DOMContentLoaded; the cold columns are the cold page's timeline, the worker's marks included):",
  );
  console.log(
    table(
      [
        'sources',
        'page',
        'warm load→drawn',
        'cold load→drawn',
        'cold / warm',
        'round trip warm',
        'cold',
        'matching warm',
        'cold',
        'actors warm',
        'cold',
        'site switch warm',
        'cold',
        'worker heap + buffers MB (each turn)',
        'import s',
        'cold draws the same',
        ...WAKE_COLUMNS.map((m) => `cold: ${m}`),
      ],
      rows.map((r) => [
        r.sources,
        r.page,
        ms(r.warmDrawnMs),
        ms(r.coldDrawnMs),
        r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}×`,
        ms(r.warmRoundTripMs),
        ms(r.coldRoundTripMs),
        ms(r.warmMatcherMs),
        ms(r.coldMatcherMs),
        ms(r.warmActorsMs),
        ms(r.coldActorsMs),
        ms(r.warmAskSiteMs),
        ms(r.coldAskSiteMs),
        r.workerHeapsMB.map((h) => (h === null ? 'n/a' : h.toFixed(0))).join(' / '),
        round(r.importMs / 1000, 1),
        r.sameHighlights ? 'yes' : `NO (warm: ${r.highlights})`,
        ...WAKE_COLUMNS.map((m) => ms(r.wake[m] ?? null)),
      ]),
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
  const pages = (process.argv[3] ?? 'wire-copy').split(',');
  const turns = Number(process.argv[4] ?? 3);
  const delay = Number(process.argv[5] ?? 0);
  ensureBuild(false);
  printColdWorker(await measureColdWorker(sizes, pages, turns, delay));
}
