/**
 * Hostile and odd pages in Chromium with the extension loaded: the content script never throws into
 * the page (exceptions from any JavaScript world are read over CDP), the page's own DOM and
 * behaviour stay as they were, and the page keeps answering while Sourcelight works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeneratedPages } from '../../testkit/hostile-pages';
import {
  launchWithExtension,
  ROOT,
  serveStatic,
  setSiteEnabled,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { PopupPage } from '../../testkit/overlay-page';

const HOSTILE_DIR = join(ROOT, 'tests/fixtures/hostile');
const DEMO_DIR = join(ROOT, 'assets/demo/pages');
/** As strict as a page can be: nothing may load, run or be styled inline, and DOM sinks need Trusted Types. */
const STRICT_CSP =
  "default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'; connect-src 'none'; frame-src 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";
/**
 * The longest the page may go without running its own timers while Sourcelight works. A hang guard,
 * not a speed target (those live in `npm run bench`): generous enough for a loaded 2-core CI machine
 * reading a 5 MB page, far below the multi-second freezes it exists to catch.
 */
const MAX_FREEZE_MS = 3_000;

/**
 * Page-world probes, installed before any page script: a snapshot of the body at DOMContentLoaded
 * (our own host element left out) and a heartbeat timer whose longest gap shows a frozen page.
 * Passed as source text, with the built-ins it needs captured before the page can replace them.
 */
const PROBES = `(() => {
  const getHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML').get;
  const replace = String.prototype.replace;
  const now = performance.now.bind(performance);
  const timer = window.setTimeout.bind(window);
  const max = Math.max;
  window.__slSnapshot = () => {
    const body = document.body;
    return body ? replace.call(getHTML.call(body), /<sourcelight-[a-z-]+[^>]*>[\\s\\S]*?<\\/sourcelight-[a-z-]+>/g, '') : null;
  };
  document.addEventListener('DOMContentLoaded', () => { window.__slAtLoad = window.__slSnapshot(); });
  let last = now();
  window.__slMaxGap = 0;
  const beat = () => { const t = now(); window.__slMaxGap = max(window.__slMaxGap, t - last); last = t; timer(beat, 25); };
  timer(beat, 25);
})()`;

/** Redefines built-ins in the page world before the page's scripts run, like a hostile page would. */
const BREAK_BUILTINS = `(() => {
  Array.prototype.map = function () { throw new Error('page: map disabled'); };
  Array.prototype.filter = function () { throw new Error('page: filter disabled'); };
  JSON.parse = function () { throw new Error('page: JSON.parse disabled'); };
  JSON.stringify = function () { return '"page"'; };
  Object.keys = function () { return []; };
  customElements.define = function () { throw new Error('page: define disabled'); };
  Node.prototype.appendChild = function () { throw new Error('page: appendChild disabled'); };
  Node.prototype.insertBefore = function () { throw new Error('page: insertBefore disabled'); };
  Element.prototype.attachShadow = function () { throw new Error('page: attachShadow disabled'); };
  window.addEventListener = function () {};
  document.createRange = function () { throw new Error('page: createRange disabled'); };
})()`;

let browser: ExtensionBrowser;
let server: StaticServer;
let generatedDir: string;

beforeAll(async () => {
  generatedDir = mkdtempSync(join(tmpdir(), 'sourcelight-hostile-'));
  writeGeneratedPages(generatedDir);
  server = await serveStatic(
    {
      '/hostile': HOSTILE_DIR,
      '/gen': generatedDir,
      '/demo': DEMO_DIR,
      '/csp': DEMO_DIR,
      '/csp-hostile': HOSTILE_DIR,
    },
    (path): Record<string, string> =>
      path.startsWith('/csp') ? { 'content-security-policy': STRICT_CSP } : {},
  );
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (generatedDir) rmSync(generatedDir, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  /** Exceptions and console errors whose stack or source is the extension. */
  extensionErrors: string[];
  /** Every exception seen in any world, for the self-check. */
  allExceptions: string[];
  state: string | null;
  highlights: number;
}

/** Opens `path` with the probes (and optional page-world script) and waits for the overlay to finish. */
async function visit(path: string, before?: string): Promise<Visit> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const extensionErrors: string[] = [];
  const allExceptions: string[] = [];
  const fromExtension = (text: string) => /chrome-extension:\/\/|sourcelight/i.test(text);
  cdp.on('Runtime.exceptionThrown', (e) => {
    const d = e.exceptionDetails;
    const frames = d.stackTrace?.callFrames.map((f) => f.url).join(' ') ?? '';
    const text = `${d.exception?.description ?? d.text} @ ${d.url ?? ''} ${frames}`;
    allExceptions.push(text);
    if (fromExtension(text)) extensionErrors.push(text);
  });
  cdp.on('Runtime.consoleAPICalled', (e) => {
    if (e.type !== 'error' && e.type !== 'assert') return;
    const text = e.args.map((a) => a.description ?? String(a.value)).join(' ');
    const frames = e.stackTrace?.callFrames.map((f) => f.url).join(' ') ?? '';
    if (fromExtension(`${text} ${frames}`)) extensionErrors.push(`console: ${text} ${frames}`);
  });
  await cdp.send('Runtime.enable');
  await page.addInitScript({ content: PROBES });
  if (before) await page.addInitScript({ content: before });
  // No time limit of ours on loading or reading: a loaded machine is slow, not broken; the test
  // runner's own timeout still ends a run that never finishes.
  await page.goto(server.url(path), { waitUntil: 'domcontentloaded', timeout: 0 });
  // Wait for a finished run. A page where the overlay cannot attach (no body, name taken) never
  // reports on its element, but the run still marks its end on the page's performance timeline.
  const reported =
    'sourcelight-overlay[data-sourcelight-state]:not([data-sourcelight-state="working"])';
  // Checked from a promise the test's own evaluation runs (DevTools evaluation is not subject to
  // the page's CSP; a string predicate of waitForFunction is, and fails at once on the strict-CSP
  // pages). No time limit of ours: the run's end is the event. A page that replaced the built-ins
  // this probe runs on (builtins.html) breaks it: then the overlay's report on its element is read
  // from Playwright's own world instead.
  await page
    .evaluate(
      (selector) =>
        new Promise<void>((ok) => {
          const check = () =>
            document.querySelector(selector) ||
            performance.getEntriesByName('sourcelight:done').length > 0
              ? ok()
              : setTimeout(check, 100);
          check();
        }),
      reported,
    )
    .catch(() => expect.poll(() => page.locator(reported).count(), { timeout: 0 }).toBe(1));
  const settled = (await page.locator(reported).count()) > 0;
  const host = page.locator('sourcelight-overlay').first();
  const state = settled ? await host.getAttribute('data-sourcelight-state') : null;
  let highlights = 0;
  if (settled) {
    for (const kind of ['verbatim', 'variant', 'paraphrase', 'reuse', 'actor']) {
      highlights += Number((await host.getAttribute(`data-count-${kind}`)) ?? 0);
    }
  }
  return { page, extensionErrors, allExceptions, state, highlights };
}

/**
 * The longest gap between the page's timers on `path` with the overlay off for the site, in the same
 * browser: a page this big holds its own main thread while it is parsed and laid out, and that
 * freeze is the page's, not ours.
 */
async function gapWithOverlayOff(path: string): Promise<number> {
  // The same server under another host name, with the overlay off for that host only: the
  // pages under test keep their host and its setting untouched.
  const url = new URL(server.url(path));
  url.hostname = 'localhost';
  await setSiteEnabled(browser, 'localhost', false);
  const page = await browser.context.newPage();
  await page.addInitScript({ content: PROBES });
  await page.goto(url.href, { waitUntil: 'load', timeout: 0 });
  // The page settles; a few heartbeats after load show any freeze that layout left.
  await page.waitForTimeout(2_000);
  const gap = (await page.evaluate('window.__slMaxGap')) as number;
  await page.close();
  return gap;
}

/**
 * The page's own DOM is as it was at DOMContentLoaded, and its timers never froze for long beyond
 * `pageOwnGap`, the longest freeze the page causes itself.
 */
async function expectPageIntact(v: Visit, pageOwnGap = 0): Promise<void> {
  const [atLoad, now, gap] = (await v.page.evaluate(
    '[window.__slAtLoad, window.__slSnapshot(), window.__slMaxGap]',
  )) as [string | null, string | null, number];
  expect(now).toBe(atLoad);
  expect(gap).toBeLessThan(pageOwnGap + MAX_FREEZE_MS);
  expect(v.extensionErrors).toEqual([]);
  if (v.state !== null) expect(['ready', 'not-article', 'off']).toContain(v.state);
}

describe('hostile pages', () => {
  it('sees exceptions from the page world (self-check of the error collector)', async () => {
    const v = await visit('/hostile/empty.html');
    await v.page.evaluate('setTimeout(() => { throw new Error("deliberate page error"); }, 0)');
    await expect
      .poll(() => v.allExceptions.some((e) => e.includes('deliberate page error')))
      .toBe(true);
    await v.page.close();
  });

  it.each([
    ['malformed HTML', '/hostile/malformed.html'],
    ['an empty body', '/hostile/empty.html'],
    ['a frameset and no body', '/hostile/no-body.html'],
    ['iframes (same origin, srcdoc, sandboxed, data:)', '/hostile/frames.html'],
    ['right-to-left text', '/hostile/rtl.html'],
    ['CJK text', '/hostile/cjk.html'],
    ['10,000 quotation marks', '/gen/quote-marks-10k.html'],
    ['500 nested elements', '/gen/deep-500.html'],
    ['a strict Content-Security-Policy', '/csp-hostile/malformed.html'],
  ])('leaves a page with %s intact and throws nothing', async (_name, path) => {
    const v = await visit(path);
    await expectPageIntact(v);
    await v.page.close();
  });

  // Waits follow the page's events; the runner's guard is generous for a machine under load.
  it('keeps a 5 MB page answering and intact', { timeout: 600_000 }, async () => {
    const own = await gapWithOverlayOff('/gen/big-5mb.html');
    const v = await visit('/gen/big-5mb.html');
    await expectPageIntact(v, own);
    expect(v.state).toBe('ready');
    await v.page.close();
  });

  it('leaves frames alone: their documents keep their own text', async () => {
    const v = await visit('/hostile/frames.html');
    expect(await v.page.frameLocator('#same').locator('#inner').textContent()).toContain(
      'the river rose two metres overnight',
    );
    expect(await v.page.frameLocator('#srcdoc').locator('#inside').textContent()).toContain(
      'a quote in a frame',
    );
    await v.page.close();
  });

  it('works on a page whose scripts replace built-ins, and the page keeps its own behaviour', async () => {
    const v = await visit('/hostile/builtins.html');
    await expectPageIntact(v);
    expect(await v.page.locator('#widget').textContent()).toBe('widget ready');
    await v.page.locator('#counter').click();
    await v.page.locator('#counter').click();
    expect(await v.page.locator('#counter').getAttribute('data-clicks')).toBe('2');
    await v.page.close();
  });

  it('still highlights a demo page whose built-ins were broken before its scripts ran', async () => {
    const v = await visit('/demo/wire-copy.html', BREAK_BUILTINS);
    expect(v.extensionErrors).toEqual([]);
    expect(v.state).toBe('ready');
    expect(v.highlights).toBeGreaterThan(0);
    await v.page.close();
  });

  it('still highlights a demo page served with a strict CSP and Trusted Types', async () => {
    const v = await visit('/csp/wire-copy.html');
    await expectPageIntact(v);
    expect(v.state).toBe('ready');
    expect(v.highlights).toBeGreaterThan(0);
    await v.page.close();
  });

  // The page defined `sourcelight-overlay` with its own shadow root: WXT's createShadowRootUi throws
  // NotSupportedError from attachShadow, and the overlay (turnOn in overlay-controller.ts) catches it.
  it('gives up quietly when the page has taken the overlay element name', async () => {
    const v = await visit('/hostile/squatter.html');
    expect(v.extensionErrors).toEqual([]);
    expect(await v.page.locator('h1').textContent()).toBe('Bridge repairs delayed again');
    // The popup says why there are no highlights instead of claiming the overlay is off.
    const popup = await PopupPage.openFor(browser.context, browser.extensionId);
    await expect
      .poll(() => popup.page.getByRole('status').first().innerText(), { timeout: 10_000 })
      .toContain('cannot show its highlights on this page');
    expect(await popup.page.getByRole('status').first().innerText()).not.toContain('is off');
    await popup.page.close();
    await v.page.close();
  });

  // Readability's cost grows much faster than the page on deep nesting (in linkedom: 500 levels 0.8 s,
  // 1,000 levels 6.7 s); extractArticle (lib/extract.ts) hands no page deeper than 400 levels to it.
  it('survives a page script that nests 2,000 elements without freezing it', async () => {
    const v = await visit('/hostile/deep-script.html');
    await expectPageIntact(v);
    await v.page.close();
  });
});
