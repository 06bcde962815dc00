/**
 * The demo: serves the demo pages on 127.0.0.1 and opens them in Chromium with the built
 * extension. With $DISPLAY the browser is headed and stays open until you close it; without, it
 * runs headless, prints the highlights per kind and page with their timings, and saves
 * `demo-screenshot.png` (not committed) with an open popover.
 *
 *   npm run demo                         # after `npm run build:test:chrome` (scripts/demo.sh does both)
 *   npm run demo -- --pages <dir>        # also time the overlay on saved pages: <dir>/**\/*.html
 *   npm run demo -- --pages <dir> --largest 5   # only the 5 largest of them
 *   npm run demo -- --headless           # headless even when $DISPLAY is set
 *   npm run demo -- --update-readme-screenshot  # also replace the README's assets/screenshots/popover.png
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, ROOT, serveStatic, WATCH_LONG_TASKS } from '../testkit/harness';
import { KINDS, OverlayPage } from '../testkit/overlay-page';
import { DEMO_LIBRARY_DIR, loadSources } from '../lib/node/load-sources';
import { kindWords } from '../lib/overlay/model';

const DEMO_DIR = join(ROOT, 'assets/demo/pages');
const DEMO_PAGES = ['rewritten.html', 'wire-copy.html', 'opinion.html', 'unrelated.html'];
const SCREENSHOT = join(ROOT, 'demo-screenshot.png');
const README_SCREENSHOT = join(ROOT, 'assets/screenshots/popover.png');

function parseArgs(argv: string[]) {
  const out = {
    pages: null as string | null,
    headless: false,
    largest: Infinity,
    updateReadme: false,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pages') out.pages = resolve(argv[++i] ?? '');
    else if (argv[i] === '--headless') out.headless = true;
    else if (argv[i] === '--largest') out.largest = Number(argv[++i]);
    else if (argv[i] === '--update-readme-screenshot') out.updateReadme = true;
    else
      throw new Error(
        `unknown argument ${argv[i]} (use --pages <dir>, --largest <n>, --headless or --update-readme-screenshot)`,
      );
  }
  return out;
}

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (/\.html?$/i.test(name)) out.push(p);
  }
  return out;
}

/** Collects main-thread long tasks from the page's start. */
async function watchLongTasks(page: Page) {
  await page.addInitScript({ content: WATCH_LONG_TASKS });
}

interface Timing {
  state: string | null;
  counts: Record<string, number>;
  /** ms from the end of DOMContentLoaded to highlights drawn (or to the run's end on a non-article). */
  afterLoad: number | null;
  measures: Record<string, number>;
  /** Longest main-thread task from the end of DOMContentLoaded until the overlay finished. */
  longestTask: number;
}

async function timing(o: OverlayPage): Promise<Timing> {
  const host = await o.waitSettled(1, 90_000);
  const extra = await o.page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    const loaded = nav?.domContentLoadedEventEnd ?? 0;
    const drawn =
      performance.getEntriesByName('sourcelight:drawn').at(-1) ??
      performance.getEntriesByName('sourcelight:done').at(-1);
    const tasks =
      (window as unknown as { __slLongTasks?: { start: number; duration: number }[] })
        .__slLongTasks ?? [];
    const end = drawn?.startTime ?? performance.now();
    const ours = tasks.filter((t) => t.start + t.duration >= loaded && t.start <= end);
    return {
      afterLoad: drawn ? drawn.startTime - loaded : null,
      longestTask: Math.max(0, ...ours.map((t) => t.duration)),
    };
  });
  return { state: host.state, counts: host.counts, measures: await o.measures(), ...extra };
}

const ms = (n: number | null | undefined) => (n == null ? '-' : `${Math.round(n)} ms`);

/** Plain words for the overlay's end state on a page. */
const STATE_WORDS: Record<string, string> = {
  ready: 'highlighted',
  'not-article': 'not an article',
  off: 'overlay off',
  error: 'error',
};

const NAME_WIDTH = 40;

/** The table header: one column per highlight kind. */
function header(): string {
  return `${'Page'.padEnd(NAME_WIDTH)} ${'Result'.padEnd(15)}${KINDS.map((k) => k.padStart(11)).join('')}`;
}

/** One page: its result and highlights per kind, then where the time went. */
function line(name: string, t: Timing): string {
  const counts = KINDS.map((k) => String(t.counts[k] ?? 0).padStart(11)).join('');
  const m = t.measures;
  const found = KINDS.some((k) => (t.counts[k] ?? 0) > 0);
  const state =
    t.state === 'ready' && !found
      ? 'nothing found'
      : (STATE_WORDS[String(t.state)] ?? String(t.state));
  return (
    `${name.padEnd(NAME_WIDTH)} ${state.padEnd(15)}${counts}\n` +
    `${''.padEnd(NAME_WIDTH)}   page loaded → highlights drawn ${ms(t.afterLoad)} (reading ${ms(m['sourcelight:extract'])}, matching ${ms(m['sourcelight:match'])}, drawing ${ms(m['sourcelight:highlight'])}); longest main-thread task ${ms(t.longestTask)}`
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const headed = Boolean(process.env.DISPLAY) && !args.headless;
  const mounts: Record<string, string> = { '/demo': DEMO_DIR };
  if (args.pages) mounts['/pages'] = args.pages;
  const server = await serveStatic(mounts);
  const browser = await launchWithExtension({ headless: !headed });
  try {
    if (headed) {
      for (const file of DEMO_PAGES) {
        const page = await browser.context.newPage();
        await page.goto(server.url(`/demo/${file}`));
      }
      console.log(
        'Demo open in Chromium: hover or click a highlight; Alt+Shift+N/P to move, Enter for details, Alt+Shift+H to switch off.',
      );
      console.log('Close the browser window to end the demo.');
      await new Promise<void>((done) => browser.context.on('close', () => done()));
      return;
    }
    const library = loadSources(DEMO_LIBRARY_DIR);
    console.log(
      `Sourcelight demo: ${DEMO_PAGES.length} invented news pages (assets/demo/pages/) read against the demo library`,
    );
    console.log(
      `(${library.length} source articles in ${relative(ROOT, DEMO_LIBRARY_DIR)}/), in headless Chromium with the built extension.\n`,
    );
    console.log(header());
    const totals = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<
      (typeof KINDS)[number],
      number
    >;
    for (const file of DEMO_PAGES) {
      const page = await browser.context.newPage();
      await watchLongTasks(page);
      const o = new OverlayPage(page);
      await page.goto(server.url(`/demo/${file}`));
      const t = await timing(o);
      for (const k of KINDS) totals[k] += t.counts[k] ?? 0;
      console.log(line(file, t));
      await page.close();
    }
    console.log(
      `${'All demo pages'.padEnd(NAME_WIDTH)} ${''.padEnd(15)}${KINDS.map((k) => String(totals[k]).padStart(11)).join('')}`,
    );
    console.log('\nWhat the columns mean:');
    for (const k of KINDS) console.log(`  ${k.padEnd(11)} ${kindWords(k)}`);
    await screenshot(
      new OverlayPage(await browser.context.newPage()),
      server.url('/demo/rewritten.html'),
      args.updateReadme,
    );
    if (args.pages) {
      console.log(`\nTiming on saved pages in ${args.pages}`);
      const files = htmlFiles(args.pages)
        .sort((a, b) => statSync(b).size - statSync(a).size)
        .slice(0, args.largest);
      for (const file of files) {
        const page = await browser.context.newPage();
        await watchLongTasks(page);
        const o = new OverlayPage(page);
        const path = relative(args.pages, file).split('\\').join('/');
        await page.goto(server.url(`/pages/${path}`), { waitUntil: 'domcontentloaded' });
        try {
          console.log(
            line(`${path} (${Math.round(statSync(file).size / 1024)} KB)`, await timing(o)),
          );
        } catch (e) {
          console.log(
            `${path}: overlay did not finish (${e instanceof Error ? e.message.split('\n')[0] : e})`,
          );
        }
        await page.close();
      }
    }
  } finally {
    if (!headed) await browser.close();
    await server.close();
  }
}

/**
 * Opens a popover for the screenshot: a highlight that the demo's gold labels confirm (reworded
 * quotes first, they show the diff best), else the first highlight drawn.
 */
async function screenshot(o: OverlayPage, url: string, updateReadme: boolean) {
  await o.page.setViewportSize({ width: 1100, height: 760 });
  await o.page.goto(url);
  await o.waitSettled();
  const gold = JSON.parse(readFileSync(join(ROOT, 'assets/demo/gold.json'), 'utf8')) as {
    pages: { page: string; links: { kind: string; pageSpan: string }[] }[];
  };
  const squash = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const links = gold.pages.find((p) => url.endsWith(p.page.replace(/^pages\//, '')))?.links ?? [];
  const order = ['variant', 'verbatim', 'paraphrase', 'reuse'] as const;
  const candidates: { kind: (typeof order)[number]; text: string; rank: number }[] = [];
  for (const kind of order) {
    for (const text of await o.highlightTexts(kind)) {
      const confirmed = links.findIndex(
        (l) => squash(text).length >= 20 && squash(l.pageSpan).includes(squash(text)),
      );
      const goldKind =
        confirmed >= 0 ? order.indexOf(links[confirmed]!.kind as (typeof order)[number]) : -1;
      candidates.push({
        kind,
        text,
        rank: confirmed >= 0 ? (goldKind >= 0 ? goldKind : 5) : 10 + order.indexOf(kind),
      });
    }
  }
  candidates.sort((a, b) => a.rank - b.rank);
  const pick = candidates[0];
  let opened = false;
  if (pick) {
    await o.openPopover(pick.kind, pick.text.slice(0, 40));
    await o.page.waitForFunction(
      () =>
        !document
          .querySelector('sourcelight-overlay')
          ?.shadowRoot?.querySelector('.popover .muted')
          ?.textContent?.startsWith('Loading'),
    );
    opened = true;
  }
  if (!opened) console.log('No highlight to open on the demo page: screenshot without a popover.');
  await o.page.screenshot({ path: SCREENSHOT });
  console.log(
    `\nScreenshot of rewritten.html${opened ? ' with an open popover' : ''}: ${SCREENSHOT}`,
  );
  if (updateReadme) {
    await o.page.screenshot({ path: README_SCREENSHOT });
    console.log(
      `README screenshot replaced: ${relative(ROOT, README_SCREENSHOT)} (${Math.round(statSync(README_SCREENSHOT).size / 1024)} KB)`,
    );
  } else {
    console.log(
      `(The README's ${relative(ROOT, README_SCREENSHOT)} is left as it is; --update-readme-screenshot replaces it.)`,
    );
  }
  console.log(
    'For the real thing, run the demo with a display ($DISPLAY set): the pages open in Chromium for you to hover and click.',
  );
  await o.page.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
