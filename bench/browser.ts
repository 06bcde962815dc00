/**
 * The in-browser part of the benchmarks: the built extension in Debian's Chromium (through the e2e
 * harness) on the same pages, reading the content script's performance measures and the page's long
 * tasks. When the overlay never reports (an older build, or no content script), every figure is null
 * and the tables print "n/a" instead of failing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, type BenchPage } from './fixtures';
import { median } from './stats';

/** The benchmark's own build folder, so it never races another build. */
export const BENCH_OUT_DIR = process.env.SOURCELIGHT_BENCH_OUT_DIR || '.output-bench';

/** What the browser run measured on one page (ms; null when not measured). */
export interface BrowserTiming {
  page: string;
  state: string | null;
  highlights: number;
  /** Readability's own time, wherever it ran (see `readAwayMs`). */
  readabilityMs: number | null;
  /**
   * A big page is read away from it (lib/extract-offpage.ts): from the start of reading to the
   * article's arrival (serialising, messaging, parsing and Readability), else null.
   */
  readAwayMs: number | null;
  extractMs: number | null;
  /** The round trip to the background: matching, actors, storing the visit, messaging. */
  matchMs: number | null;
  /** The background's matching alone (`matchText` in the service worker), as it reports it. */
  matcherMs: number | null;
  highlightMs: number | null;
  /** From DOMContentLoaded to highlights drawn (or to the end of the run on a non-article). */
  loadToDrawnMs: number | null;
  /** From the end of the page's HTML response to DOMContentLoaded: the page's parse, and what a document_start script adds to it. */
  responseToLoadMs: number | null;
  /** Longest main-thread task while the content script was working. */
  longestTaskMs: number | null;
  /** Longest main-thread task anywhere after DOMContentLoaded, the page's own included. */
  longestTaskPageMs: number | null;
  /** The page's load event, from DOMContentLoaded (ms; the moments below are from DOMContentLoaded too). */
  loadEventMs: number | null;
  /** When the content script began (the browser runs it at document_end, in a task after DOMContentLoaded). */
  scriptStartMs: number | null;
  /** When the background answered whether the overlay is on for this site. */
  enabledMs: number | null;
  /** When reading the article began (after asking whether the site is on and mounting the UI). */
  extractStartMs: number | null;
  /** When the article was read (in place, or back from away). */
  readEndMs: number | null;
  /** Serialising a big page to send it away. */
  serializeMs: number | null;
  /** Parsing a big page's HTML away from it (part of `readabilityMs` there). */
  parseAwayMs: number | null;
  /** The walk that finds the article in the live page and reads its text. */
  liveTextMs: number | null;
  /** The background's actor recognition (part of the round trip). */
  actorsMs: number | null;
  /** The first load's figures (the worker's code at its coldest in this run). */
  firstReadabilityMs: number | null;
  firstMatcherMs: number | null;
  /**
   * The lowest and highest matcher / Readability ratio of any load after the first (which has its
   * own figures): on a small page both take a few ms, and the spread shows how much of a median's
   * distance from a threshold is noise.
   */
  shareRange: [number, number] | null;
  /** Where load → drawn went, per load then medians (see `breakdownOf`); null when the run did not draw. */
  breakdown: Breakdown | null;
  /** Loads the figures are medians of. */
  loads: number;
  error: string | null;
}

/**
 * Where the time from DOMContentLoaded to highlights drawn goes, in ms. The parts add up to
 * load → drawn: what is not measured on its own (the short waits between our tasks, where the page
 * and the browser run) is `gaps`.
 */
export interface Breakdown {
  /** DOMContentLoaded → the content script runs (its task queues behind the page's own work). */
  waitIdle: number;
  /** Asking the background whether the overlay is on for this site. */
  askSite: number;
  /** Mounting the UI, and the wait for the page's main thread before reading starts. */
  mount: number;
  /** Serialising a big page (0 when read in place). */
  serialize: number;
  /** A big page's trip to the offscreen document and back, besides parsing and Readability there. */
  messagingAway: number;
  /** Copying or parsing the page and Readability, wherever it ran. */
  readability: number;
  /** Finding the article in the live page and reading its text. */
  liveText: number;
  /** The background's matching. */
  matching: number;
  /** The background's actor recognition. */
  actors: number;
  /** The rest of the round trip: messaging, the library's readiness, storing the visit. */
  messagingMatch: number;
  /** Laying out and drawing the highlights. */
  drawing: number;
  gaps: number;
}

export const BREAKDOWN_KEYS: (keyof Breakdown)[] = [
  'waitIdle',
  'askSite',
  'mount',
  'serialize',
  'messagingAway',
  'readability',
  'liveText',
  'matching',
  'actors',
  'messagingMatch',
  'drawing',
  'gaps',
];

/** One load's breakdown, or null when it did not reach highlights drawn. */
function breakdownOf(t: PageTimings): Breakdown | null {
  if (
    t.loadToDrawnMs === null ||
    t.scriptStartMs === null ||
    t.enabledMs === null ||
    t.extractStartMs === null ||
    t.readEndMs === null ||
    t.readabilityMs === null ||
    t.liveTextMs === null ||
    t.matchMs === null ||
    t.highlightMs === null
  )
    return null;
  const serialize = t.serializeMs ?? 0;
  const messagingAway =
    t.readAwayMs === null ? 0 : Math.max(0, t.readAwayMs - serialize - t.readabilityMs);
  const matching = t.matcherMs ?? 0;
  const actors = t.actorsMs ?? 0;
  const b: Breakdown = {
    waitIdle: t.scriptStartMs,
    askSite: t.enabledMs - t.scriptStartMs,
    mount: t.extractStartMs - t.enabledMs,
    serialize,
    messagingAway,
    readability: t.readabilityMs,
    liveText: t.liveTextMs,
    matching,
    actors,
    messagingMatch: Math.max(0, t.matchMs - matching - actors),
    drawing: t.highlightMs,
    gaps: 0,
  };
  b.gaps = t.loadToDrawnMs - BREAKDOWN_KEYS.reduce((sum, k) => sum + b[k], 0);
  return b;
}

/** Builds the extension into `.output-bench` when it is missing (or when `force`). */
export function ensureBuild(force: boolean): void {
  if (!force && existsSync(join(ROOT, BENCH_OUT_DIR, 'chrome-mv3/manifest.json'))) return;
  console.log(`building the extension into ${BENCH_OUT_DIR}/ ...`);
  const r = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    // A test build: the benchmark reads the overlay's state from its host element.
    env: { ...process.env, SOURCELIGHT_OUT_DIR: BENCH_OUT_DIR, SOURCELIGHT_TEST_HOOKS: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`wxt build failed (exit ${r.status})`);
}

// Page-world code is passed as source text: tsx's transform wraps named inner functions in a helper
// (`__name`) that does not exist in the page.

/** Reads the overlay's measures and the long tasks, in the page world. */
const READ_TIMINGS = `(() => {
  const last = (name) => performance.getEntriesByName(name).at(-1);
  const nav = performance.getEntriesByType('navigation')[0];
  const loaded = nav ? nav.domContentLoadedEventEnd : 0;
  const at = (name) => { const m = last(name); return m ? m.startTime : null; };
  const startMark = last('sourcelight:extract-start');
  const endMark = last('sourcelight:drawn') || last('sourcelight:done');
  const started = startMark ? startMark.startTime : null;
  const ended = endMark ? endMark.startTime : null;
  const tasks = window.__slLongTasks || [];
  const longest = (list) => (list.length ? Math.max(...list.map((t) => t.duration)) : 0);
  // Up to the frame that rendered the highlights: restyling for them happens there, after our last task.
  const paintedMark = last('sourcelight:painted');
  const until = paintedMark && ended !== null ? Math.max(ended, paintedMark.startTime) : ended;
  const ours = started === null || until === null ? [] : tasks.filter((t) => t.start + t.duration > started && t.start < until);
  const measure = (name) => { const m = last(name); return m ? m.duration : null; };
  const since = (t) => (t === null ? null : t - loaded);
  return {
    readabilityMs: measure('sourcelight:readability'),
    readAwayMs: measure('sourcelight:extract-away'),
    extractMs: measure('sourcelight:extract'),
    matchMs: measure('sourcelight:match'),
    matcherMs: measure('sourcelight:matcher'),
    highlightMs: measure('sourcelight:highlight'),
    loadToDrawnMs: ended === null ? null : ended - loaded,
    responseToLoadMs: nav ? loaded - nav.responseEnd : null,
    longestTaskMs: started === null || ended === null ? null : longest(ours),
    longestTaskPageMs: longest(tasks.filter((t) => t.start + t.duration > loaded)),
    loadEventMs: nav && nav.loadEventEnd ? nav.loadEventEnd - loaded : null,
    scriptStartMs: since(at('sourcelight:start')),
    enabledMs: since(at('sourcelight:enabled')),
    extractStartMs: since(started),
    readEndMs: since(at('sourcelight:read-end')),
    serializeMs: measure('sourcelight:serialize'),
    parseAwayMs: measure('sourcelight:parse-away'),
    liveTextMs: measure('sourcelight:live-text'),
    actorsMs: measure('sourcelight:actors'),
  };
})()`;

type PageTimings = Omit<
  BrowserTiming,
  | 'page'
  | 'state'
  | 'highlights'
  | 'error'
  | 'firstReadabilityMs'
  | 'firstMatcherMs'
  | 'shareRange'
  | 'loads'
  | 'breakdown'
>;

const empty = (page: string, error: string | null): BrowserTiming => ({
  page,
  state: null,
  highlights: 0,
  readabilityMs: null,
  readAwayMs: null,
  extractMs: null,
  matchMs: null,
  matcherMs: null,
  highlightMs: null,
  loadToDrawnMs: null,
  responseToLoadMs: null,
  longestTaskMs: null,
  longestTaskPageMs: null,
  loadEventMs: null,
  scriptStartMs: null,
  enabledMs: null,
  extractStartMs: null,
  readEndMs: null,
  serializeMs: null,
  parseAwayMs: null,
  liveTextMs: null,
  actorsMs: null,
  firstReadabilityMs: null,
  firstMatcherMs: null,
  shareRange: null,
  breakdown: null,
  loads: 0,
  error,
});

/**
 * Loads every page in Chromium with the extension, `passes` times over (pass after pass, so a page's
 * loads are spread over the run), and combines its timings: the median of each figure, and the
 * longest task of any load. The first pass's Readability and matcher figures are kept as well: the
 * matcher runs in a service worker that lives across pages, so its first pages run colder code than
 * a reader's session does, while the content script (and Readability in it) starts afresh on every
 * page either way.
 */
export async function measureInBrowser(
  pages: BenchPage[],
  mounts: Record<string, string>,
  passes = 5,
): Promise<BrowserTiming[]> {
  process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
  // The harness reads the build folder when it loads, so import it after setting it.
  const { launchWithExtension, serveStatic, WATCH_LONG_TASKS } = await import('../testkit/harness');
  const { OverlayPage } = await import('../testkit/overlay-page');
  const server = await serveStatic(mounts);
  const profile = mkdtempSync(join(tmpdir(), 'sourcelight-bench-'));
  const browser = await launchWithExtension({ userDataDir: profile });
  const loads = new Map<string, BrowserTiming[]>(pages.map((p) => [p.name, []]));
  try {
    // A first page lets the background seed its library, so that work is not billed to the first row.
    const warm = await browser.context.newPage();
    await settle(new OverlayPage(warm), warm, server.url(pages[0]!.mount + pages[0]!.path)).catch(
      () => undefined,
    );
    await warm.close();
    for (let pass = 0; pass < passes; pass++) {
      for (const p of pages)
        loads
          .get(p.name)!
          .push(
            await loadOnce(
              browser.context,
              p,
              server.url(p.mount + p.path),
              OverlayPage,
              WATCH_LONG_TASKS,
            ),
          );
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return pages.map((p) => combine(loads.get(p.name)!));
}

/** One load of one page in a fresh tab: its timings, or an empty row with the reason. */
async function loadOnce(
  context: { newPage(): Promise<Page> },
  p: BenchPage,
  url: string,
  Overlay: new (page: Page) => Settles,
  watchLongTasks: string,
): Promise<BrowserTiming> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: watchLongTasks });
    const host = await settle(new Overlay(page), page, url);
    if (!host) return empty(p.name, 'overlay did not report (no content script in this build?)');
    await page
      .waitForFunction(
        "!performance.getEntriesByName('sourcelight:drawn').length || performance.getEntriesByName('sourcelight:painted').length > 0",
        undefined,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    const t = (await page.evaluate(READ_TIMINGS)) as PageTimings;
    const highlights = Object.values(host.counts).reduce((a, b) => a + (b || 0), 0);
    return {
      page: p.name,
      state: host.state,
      highlights,
      ...t,
      firstReadabilityMs: null,
      firstMatcherMs: null,
      shareRange: null,
      breakdown: breakdownOf(t),
      loads: 1,
      error: null,
    };
  } catch (e) {
    return empty(p.name, (e as Error).message.split('\n')[0]!);
  } finally {
    await page.close();
  }
}

/** A page's loads as one row: medians, the longest task of any load, the first load's cold figures. */
function combine(loads: BrowserTiming[]): BrowserTiming {
  const ok = loads.filter((l) => l.error === null);
  if (ok.length === 0) return loads[0]!;
  const mid = (key: keyof PageTimings) => {
    const xs = ok.map((l) => l[key]).filter((x): x is number => typeof x === 'number');
    return xs.length ? median(xs) : null;
  };
  const most = (key: keyof PageTimings) => {
    const xs = ok.map((l) => l[key]).filter((x): x is number => typeof x === 'number');
    return xs.length ? Math.max(...xs) : null;
  };
  const shares = loads
    .slice(1)
    .filter((l) => l.error === null)
    .flatMap((l) =>
      l.readabilityMs && l.matcherMs !== null ? [l.matcherMs / l.readabilityMs] : [],
    );
  return {
    ...ok[0]!,
    readabilityMs: mid('readabilityMs'),
    readAwayMs: mid('readAwayMs'),
    extractMs: mid('extractMs'),
    matchMs: mid('matchMs'),
    matcherMs: mid('matcherMs'),
    highlightMs: mid('highlightMs'),
    loadToDrawnMs: mid('loadToDrawnMs'),
    responseToLoadMs: mid('responseToLoadMs'),
    longestTaskMs: most('longestTaskMs'),
    longestTaskPageMs: most('longestTaskPageMs'),
    loadEventMs: mid('loadEventMs'),
    scriptStartMs: mid('scriptStartMs'),
    enabledMs: mid('enabledMs'),
    extractStartMs: mid('extractStartMs'),
    readEndMs: mid('readEndMs'),
    serializeMs: mid('serializeMs'),
    parseAwayMs: mid('parseAwayMs'),
    liveTextMs: mid('liveTextMs'),
    actorsMs: mid('actorsMs'),
    firstReadabilityMs: loads[0]!.readabilityMs,
    firstMatcherMs: loads[0]!.matcherMs,
    shareRange: shares.length ? [Math.min(...shares), Math.max(...shares)] : null,
    breakdown: medianBreakdown(ok.flatMap((l) => (l.breakdown ? [l.breakdown] : []))),
    loads: ok.length,
    error:
      ok.length < loads.length
        ? `${loads.length - ok.length} of ${loads.length} loads failed`
        : null,
  };
}

/** Each part's median over the loads (the parts of a median load need not add up to its total). */
function medianBreakdown(list: Breakdown[]): Breakdown | null {
  if (!list.length) return null;
  return Object.fromEntries(
    BREAKDOWN_KEYS.map((k) => [k, median(list.map((b) => b[k]))]),
  ) as unknown as Breakdown;
}

/** What the bench needs of the e2e harness's OverlayPage. */
interface Settles {
  waitSettled(
    n: number,
    timeoutMs: number,
  ): Promise<{ state: string | null; counts: Record<string, number> }>;
}

/** Opens `url` and waits for the overlay's first finished run; null when it never reports. */
async function settle(overlay: Settles, page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  try {
    return await overlay.waitSettled(1, 90_000);
  } catch {
    return null;
  }
}
