/**
 * One page load at a time, as a timeline: every `sourcelight:` mark and measure the overlay leaves
 * on the page, the page's own moments (response end, first paint, load), and its long animation
 * frames (over 50 ms) with how much of each was style and layout, all in ms from DOMContentLoaded.
 * A measure is shown where it starts; work timed elsewhere (Readability away from the page, the
 * worker's matching) is shown where the page learned of it.
 * This is how a restyle we caused showed up (a 142-164 ms frame, 98-112 ms of it style and layout,
 * at our start on wikipedia-2, and none in the same frames without the extension).
 *
 *   npx tsx bench/timeline.ts [pages] [loads]
 *
 * pages: demo page names or readability fixture names, comma-separated (default wikipedia-2,opinion);
 * loads: loads of each page, turn by turn (default 2). Uses the bench's build (make it with
 * `npx tsx bench/run.ts --build`; SOURCELIGHT_BENCH_OUT_DIR picks another).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_OUT_DIR } from './browser';
import { DEMO_PAGES_DIR, READABILITY_DIR } from './fixtures';

process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
const { launchWithExtension, ROOT, serveStatic } = await import('../testkit/harness');
const { OverlayPage } = await import('../testkit/overlay-page');

const names = (process.argv[2] ?? 'wikipedia-2,opinion').split(',');
const loads = Number(process.argv[3] ?? 2);
if (!Number.isInteger(loads) || loads < 1) {
  console.error(`timeline: loads must be a whole number of at least 1, not ${process.argv[3]}`);
  process.exit(2);
}
if (!existsSync(join(ROOT, BENCH_OUT_DIR, 'chrome-mv3/manifest.json'))) {
  console.error(
    `timeline: no build in ${BENCH_OUT_DIR}/ (make one with: npx tsx bench/run.ts --build)`,
  );
  process.exit(2);
}
const pathOf = (n: string) =>
  existsSync(join(DEMO_PAGES_DIR, `${n}.html`))
    ? `/demo/${n}.html`
    : READABILITY_DIR && existsSync(join(READABILITY_DIR, n, 'source.html'))
      ? `/readability/${n}/source.html`
      : null;
const unknown = names.filter((n) => pathOf(n) === null);
if (unknown.length) {
  console.error(`timeline: no such page: ${unknown.join(', ')} (readability pages need ../shared)`);
  process.exit(2);
}

/**
 * Page-world, before any page script: keeps the long animation frames and the long tasks. A frame
 * can hold several short tasks (ours are cut at about 12 ms); a long task is one task.
 */
const WATCH_FRAMES = `(() => {
  window.__slFrames = [];
  window.__slTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) window.__slTasks.push({ start: t.startTime, duration: t.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const f of list.getEntries())
        window.__slFrames.push({ start: f.startTime, duration: f.duration, styleLayout: f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0,
          scripts: (f.scripts || []).filter((s) => s.duration >= 5).map((s) => ({ url: String(s.sourceURL).split('/').pop(), invoker: s.invokerType + ' ' + s.invoker, duration: s.duration, compile: s.executionStart - s.startTime })) });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
})()`;

/** Page-world: the timeline as text lines. */
const READ = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const t0 = nav.domContentLoadedEventEnd;
  const at = (t) => Math.round(t - t0);
  const items = [['response end', nav.responseEnd], ['load', nav.loadEventStart || NaN]];
  for (const e of performance.getEntriesByType('paint')) items.push([e.name, e.startTime]);
  for (const e of performance.getEntries())
    if (e.name.startsWith('sourcelight:'))
      items.push([e.name.slice(12) + (e.entryType === 'measure' ? ': ' + Math.round(e.duration) + ' ms' : ''), e.startTime]);
  for (const f of window.__slFrames || [])
    if (f.duration > 50) items.push(['long frame ' + Math.round(f.duration) + ' ms, style and layout ' + Math.round(f.styleLayout) + ' ms' +
      f.scripts.map((s) => '; ' + (s.url || '?') + ' (' + s.invoker + ') ' + Math.round(s.duration) + ' ms, ' + Math.round(s.compile) + ' before running').join(''), f.start]);
  for (const t of window.__slTasks || []) items.push(['long task ' + Math.round(t.duration) + ' ms', t.start]);
  return items.filter((x) => Number.isFinite(x[1])).sort((a, b) => a[1] - b[1]).map(([name, t]) => String(at(t)).padStart(7) + '  ' + name);
})()`;

const server = await serveStatic({
  '/demo': DEMO_PAGES_DIR,
  ...(READABILITY_DIR ? { '/readability': READABILITY_DIR } : {}),
});
const browser = await launchWithExtension({
  extensionDir: join(ROOT, BENCH_OUT_DIR, 'chrome-mv3'),
});
try {
  for (let i = 0; i < loads; i++)
    for (const name of names) {
      const page = await browser.context.newPage();
      await page.addInitScript({ content: WATCH_FRAMES });
      await page.goto(server.url(pathOf(name)!), {
        waitUntil: 'domcontentloaded',
        timeout: 60_000,
      });
      await new OverlayPage(page).waitSettled(1, 60_000).catch(() => null);
      await page.waitForTimeout(300);
      console.log(`\n${name}, load ${i + 1} (ms from DOMContentLoaded):`);
      for (const line of (await page.evaluate(READ)) as string[]) console.log(line);
      await page.close();
    }
} finally {
  await browser.close();
  await server.close();
}
