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

/** The benchmark's own build folder, so it never races another build. */
export const BENCH_OUT_DIR = '.output-bench';

/** What the browser run measured on one page (ms; null when not measured). */
export interface BrowserTiming {
  page: string;
  state: string | null;
  highlights: number;
  readabilityMs: number | null;
  extractMs: number | null;
  /** The round trip to the background: matching, actors, storing the visit, messaging. */
  matchMs: number | null;
  /** The background's matching alone (`matchText` in the service worker), as it reports it. */
  matcherMs: number | null;
  highlightMs: number | null;
  /** From DOMContentLoaded to highlights drawn (or to the end of the run on a non-article). */
  loadToDrawnMs: number | null;
  /** Longest main-thread task while the content script was working. */
  longestTaskMs: number | null;
  /** Longest main-thread task anywhere after DOMContentLoaded, the page's own included. */
  longestTaskPageMs: number | null;
  error: string | null;
}

/** Builds the extension into `.output-bench` when it is missing (or when `force`). */
export function ensureBuild(force: boolean): void {
  if (!force && existsSync(join(ROOT, BENCH_OUT_DIR, 'chrome-mv3/manifest.json'))) return;
  console.log(`building the extension into ${BENCH_OUT_DIR}/ ...`);
  const r = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    env: { ...process.env, SOURCELIGHT_OUT_DIR: BENCH_OUT_DIR },
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
  const startMark = last('sourcelight:extract-start');
  const endMark = last('sourcelight:drawn') || last('sourcelight:done');
  const started = startMark ? startMark.startTime : null;
  const ended = endMark ? endMark.startTime : null;
  const tasks = window.__slLongTasks || [];
  const longest = (list) => (list.length ? Math.max(...list.map((t) => t.duration)) : 0);
  const ours = started === null || ended === null ? [] : tasks.filter((t) => t.start + t.duration > started && t.start < ended);
  const measure = (name) => { const m = last(name); return m ? m.duration : null; };
  return {
    readabilityMs: measure('sourcelight:readability'),
    extractMs: measure('sourcelight:extract'),
    matchMs: measure('sourcelight:match'),
    matcherMs: measure('sourcelight:matcher'),
    highlightMs: measure('sourcelight:highlight'),
    loadToDrawnMs: ended === null ? null : ended - loaded,
    longestTaskMs: started === null || ended === null ? null : longest(ours),
    longestTaskPageMs: longest(tasks.filter((t) => t.start + t.duration > loaded)),
  };
})()`;

type PageTimings = Omit<BrowserTiming, 'page' | 'state' | 'highlights' | 'error'>;

const empty = (page: string, error: string | null): BrowserTiming => ({
  page, state: null, highlights: 0, readabilityMs: null, extractMs: null, matchMs: null, matcherMs: null, highlightMs: null,
  loadToDrawnMs: null, longestTaskMs: null, longestTaskPageMs: null, error,
});

/** Loads every page in Chromium with the extension and reads its timings. */
export async function measureInBrowser(pages: BenchPage[], mounts: Record<string, string>): Promise<BrowserTiming[]> {
  process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
  // The harness reads the build folder when it loads, so import it after setting it.
  const { launchWithExtension, serveStatic, WATCH_LONG_TASKS } = await import('../tests/e2e/harness');
  const { OverlayPage } = await import('../tests/e2e/pages/overlay-page');
  const server = await serveStatic(mounts);
  const profile = mkdtempSync(join(tmpdir(), 'sourcelight-bench-'));
  const browser = await launchWithExtension({ userDataDir: profile });
  const out: BrowserTiming[] = [];
  try {
    // A first page lets the background seed its library, so that work is not billed to the first row.
    const warm = await browser.context.newPage();
    await settle(new OverlayPage(warm), warm, server.url(pages[0]!.mount + pages[0]!.path)).catch(() => undefined);
    await warm.close();
    for (const p of pages) {
      const page = await browser.context.newPage();
      try {
        await page.addInitScript({ content: WATCH_LONG_TASKS });
        const overlay = new OverlayPage(page);
        const host = await settle(overlay, page, server.url(p.mount + p.path));
        if (!host) {
          out.push(empty(p.name, 'overlay did not report (no content script in this build?)'));
          continue;
        }
        const t = (await page.evaluate(READ_TIMINGS)) as PageTimings;
        const highlights = Object.values(host.counts).reduce((a, b) => a + (b || 0), 0);
        out.push({ page: p.name, state: host.state, highlights, ...t, error: null });
      } catch (e) {
        out.push(empty(p.name, (e as Error).message.split('\n')[0]!));
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

/** Opens `url` and waits for the overlay's first finished run; null when it never reports. */
async function settle(overlay: { waitSettled: (n: number, t: number) => Promise<{ state: string | null; counts: Record<string, number> }> }, page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  try {
    return await overlay.waitSettled(1, 90_000);
  } catch {
    return null;
  }
}
