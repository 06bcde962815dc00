/**
 * The overlay in a real browser: Chromium with the built extension, demo pages served on
 * 127.0.0.1. Expected highlights come from running the same core in Node on the same page, so
 * these tests check what the overlay draws (mapping, names, popover, keyboard, restore, SPA),
 * and the gold labels check that the demo's quotes really light up.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';
import { describeShared, SHARED_DIR } from '../helpers/shared';
import {
  launchWithExtension,
  ROOT,
  extensionRequest,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { withSiteChrome } from '../helpers/big-page';
import { DEMO_PAGES, expectedTexts, expectedTextsOf, squash } from './pages/demo-expectations';
import { KINDS, OverlayPage, PopupPage, type Kind } from '../../testkit/overlay-page';

async function drawnTexts(o: OverlayPage): Promise<Record<Kind, string[]>> {
  const out = {} as Record<Kind, string[]>;
  for (const k of KINDS) out[k] = (await o.highlightTexts(k)).map(squash).sort();
  return out;
}

interface GoldLink {
  sourceId: string;
  sourceText: string;
  pageSpan: string;
  kind: string;
}
const gold = JSON.parse(readFileSync(join(ROOT, 'assets/demo/gold.json'), 'utf8')) as {
  pages: { page: string; links: GoldLink[] }[];
};

let browser: ExtensionBrowser;
let server: StaticServer;
/** Demo pages inside a big site's chrome, written at test time. */
const bigPages = mkdtempSync(join(tmpdir(), 'sourcelight-big-'));

beforeAll(async () => {
  browser = await launchWithExtension();
  writeFileSync(
    join(bigPages, 'wire-copy.html'),
    withSiteChrome(readFileSync(join(DEMO_PAGES, 'wire-copy.html'), 'utf8')),
  );
  // An article longer than one part of its text (lib/messaging/text-parts.ts): the wire copy's
  // own paragraphs come after 8,000 paragraphs of invented council business.
  const filler = Array.from(
    { length: 8_000 },
    (_, i) =>
      `<p>Item ${i} of the council's agenda, a routine review of ward ${i % 40} accounts, was carried without debate by the members present.</p>`,
  ).join('\n');
  writeFileSync(
    join(bigPages, 'long-wire-copy.html'),
    readFileSync(join(DEMO_PAGES, 'wire-copy.html'), 'utf8').replace(
      '<article class="story">',
      `<article class="story">\n${filler}`,
    ),
  );
  server = await serveStatic({
    '/demo': DEMO_PAGES,
    '/big': bigPages,
    '/spa': join(ROOT, 'tests/e2e/pages'),
    ...(SHARED_DIR
      ? {
          '/readability': join(SHARED_DIR, 'fixtures/readability-pages'),
          '/coverage': join(SHARED_DIR, 'fixtures/coverage-dev/pages'),
        }
      : {}),
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(bigPages, { recursive: true, force: true });
});

const backgroundRequest = (name: string, payload: unknown) =>
  extensionRequest(browser, name, payload);

describe('overlay on the demo pages', () => {
  for (const file of ['wire-copy.html', 'rewritten.html', 'opinion.html']) {
    it(`draws the core's matches of ${file} under each highlight name`, async () => {
      const { page, o, host } = await OverlayPage.visit(
        browser.context,
        server.url(`/demo/${file}`),
      );
      expect(host.state).toBe('ready');
      const expected = expectedTexts(file);
      const drawn = await drawnTexts(o);
      expect(drawn).toEqual(expected);
      for (const k of KINDS) expect(host.counts[k]).toBe(expected[k].length);
      await page.close();
    });
  }

  it('lights up the verbatim quotes the gold labels name on the wire copy', async () => {
    const { page, o } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/wire-copy.html'),
    );
    const quoteRanges =
      // A narrative sentence copied word for word outside quote marks is drawn as a copied sentence.
      (
        await Promise.all(
          ['verbatim', 'variant', 'paraphrase', 'reuse'].map((k) => o.highlightTexts(k)),
        )
      )
        .flat()
        .map(squash);
    const links = gold.pages
      .find((p) => p.page === 'pages/wire-copy.html')!
      .links.filter((l) => l.kind === 'verbatim');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const words = squash(link.pageSpan).toLowerCase();
      expect(
        quoteRanges.some((r) => words.includes(r.toLowerCase()) || r.toLowerCase().includes(words)),
        link.pageSpan,
      ).toBe(true);
    }
    await page.close();
  });

  it('names who speaks on both sides in the popover of a copied narrative sentence', async () => {
    const { page, o } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/wire-copy.html'),
    );
    const copied = (await o.highlightTexts('reuse')).find((t) =>
      t.includes('Khaltursunov told reporters'),
    );
    expect(copied).toBeTruthy();
    const popover = await o.openPopover('reuse', copied!.slice(0, 30));
    const speaker = squash(await popover.locator('.speaker').innerText());
    expect(speaker).toContain('on this page Water Resources Minister Davron Khaltursunov');
    expect(speaker).toContain('in the source Water Resources Minister Davron Khaltursunov');
    await page.close();
  });

  it('opens a popover with the source passage, its source and what differs, and Escape closes it', async () => {
    const { page, o } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/rewritten.html'),
    );
    const [first] = await o.highlightTexts('reuse');
    expect(first).toBeTruthy();
    const popover = await o.openPopover('reuse', first!.slice(0, 30));
    await expect.poll(() => popover.locator('.passage mark').count()).toBe(1);
    await expect.poll(() => popover.locator('.muted:text("Loading")').count()).toBe(0);
    const passage = squash(await popover.locator('.passage mark').innerText());
    const sources = loadSources(DEMO_LIBRARY_DIR);
    expect(sources.some((s) => squash(s.text).includes(passage))).toBe(true);
    expect(await popover.locator('.source-line').innerText()).toMatch(/\S/);
    // What differs: a word diff, or for loose renderings what both passages say and what only one has.
    expect(await popover.locator('.diff, [data-testid="comparison"]').count()).toBe(1);
    expect(await popover.getAttribute('role')).toBe('dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => o.popover().count()).toBe(0);
    // Hover opens it too, and moving away closes it.
    const at = (await o.pointOf('reuse', first!.slice(0, 30)))!;
    await page.mouse.move(at.x, at.y);
    await o.popover().waitFor({ state: 'visible' });
    await page.mouse.move(at.x, 5);
    await expect.poll(() => o.popover().count()).toBe(0);
    await page.close();
  });

  it('moves through highlights from the keyboard and opens one with Enter', async () => {
    const { page, o, host } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/wire-copy.html'),
    );
    const total = KINDS.reduce((n, k) => n + host.counts[k], 0);
    await page.keyboard.press('Alt+Shift+N');
    await expect.poll(() => o.navigator().innerText()).toContain(`Highlight 1 of ${total}`);
    await page.keyboard.press('Alt+Shift+N');
    await expect.poll(() => o.navigator().innerText()).toContain(`Highlight 2 of ${total}`);
    await page.keyboard.press('Alt+Shift+P');
    await page.keyboard.press('Alt+Shift+P');
    await expect.poll(() => o.navigator().innerText()).toContain(`Highlight ${total} of ${total}`);
    expect(await o.highlightTexts('sourcelight-focus')).toHaveLength(1);
    await page.keyboard.press('Enter');
    await o.popover().waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await expect.poll(() => o.popover().count()).toBe(0);
    await page.close();
  });

  it('turning the overlay off leaves the DOM exactly as served, and on again redraws', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await o.recordPristineDom();
    await page.goto(server.url('/demo/rewritten.html'));
    const before = await o.waitSettled();
    expect(await o.adoptedSheets()).toBe(1);
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => o.host().count()).toBe(0);
    expect(await o.serialise()).toBe(await o.pristineDom());
    expect(await o.highlightNames()).toEqual([]);
    expect(await o.adoptedSheets()).toBe(0);
    await page.keyboard.press('Alt+Shift+H');
    const after = await o.waitSettled(before.runs + 1);
    expect(after.counts).toEqual(before.counts);
    expect(await o.adoptedSheets()).toBe(1);
    await page.close();
  });

  it('switched on over a loaded page with nothing to highlight, adds no styles to restyle it', async () => {
    const { page, o, host } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/unrelated.html'),
    );
    expect(KINDS.reduce((n, k) => n + host.counts[k], 0)).toBe(0);
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => o.host().count()).toBe(0);
    expect(await o.adoptedSheets()).toBe(0);
    await page.keyboard.press('Alt+Shift+H');
    const again = await o.waitSettled(host.runs + 1);
    expect(again.state).toBe('ready');
    // Adopting the highlight styles restyles the whole page (lib/overlay/highlighter.ts).
    expect(await o.adoptedSheets()).toBe(0);
    await page.close();
  });

  it('toggles once per Alt+Shift+H even when the browser also delivers it as the toggle-overlay command', async () => {
    const {
      page,
      o,
      host: before,
    } = await OverlayPage.visit(browser.context, server.url('/demo/opinion.html'));
    const popup = await PopupPage.openFor(browser.context, browser.extensionId);
    const command = () => popup.sendToTab({ sourcelightOverlay: 'toggle', via: 'command' });
    // The same keypress arriving both ways: the overlay goes off and stays off.
    await page.keyboard.press('Alt+Shift+H');
    await command();
    await expect.poll(() => o.host().count()).toBe(0);
    await page.waitForTimeout(800);
    expect(await o.host().count()).toBe(0);
    // The command on its own (focus outside the page, e.g. the address bar) switches it back on.
    await command();
    const after = await o.waitSettled(before.runs + 1);
    expect(after.counts).toEqual(before.counts);
    await popup.page.close();
    await page.close();
  });

  it('re-annotates after SPA navigation, without duplicates', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/spa/spa-shell.html?story=wire-copy'));
    // The article arrives after the page loaded: the observer picks it up.
    await page.waitForFunction(
      () =>
        document.querySelector('sourcelight-overlay')?.getAttribute('data-sourcelight-state') ===
        'ready',
    );
    expect(await drawnTexts(o)).toEqual(expectedTexts('wire-copy.html'));
    await page.evaluate(() =>
      (window as unknown as { showStory: (n: string) => Promise<void> }).showStory('rewritten'),
    );
    const expected = expectedTexts('rewritten.html');
    await expect.poll(() => drawnTexts(o), { timeout: 15_000 }).toEqual(expected);
    const host = await o.waitSettled();
    for (const k of KINDS) expect(host.counts[k]).toBe(expected[k].length);
    await page.close();
  });
});

/** Sends a background request from an extension page, as the options page would. */

// Skips with a printed reason when ../shared is not there (a fresh clone).
describeShared(
  'overlay on real news pages that quote nothing from the library (kept in ../shared)',
  () => {
    it('draws no quote highlight on the largest readability pages, with the corpus in the library', async () => {
      // The corpus articles join the demo library for this test only.
      const corpus = loadSources(join(SHARED_DIR!, 'corpus'));
      await backgroundRequest('library.import', {
        sources: corpus,
        origin: 'file',
        where: 'corpus',
      });
      onTestFinished(async () => {
        for (const s of corpus) await backgroundRequest('library.remove', { id: s.id });
      });
      const page = await browser.context.newPage();
      const o = new OverlayPage(page);
      // Control: a coverage page with a labelled verbatim quote does light up, so the library is loaded.
      const rows = readFileSync(join(SHARED_DIR!, 'fixtures/coverage-dev/gold.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { page: string; links: { kind: string }[] });
      const control = rows.find((r) => r.links.some((l) => l.kind === 'verbatim'))!;
      await page.goto(server.url(`/coverage/${control.page.replace(/^pages\//, '')}`));
      const controlHost = await o.waitSettled();
      expect(
        controlHost.counts.verbatim +
          controlHost.counts.variant +
          controlHost.counts.paraphrase +
          controlHost.counts.reuse,
        control.page,
      ).toBeGreaterThan(0);
      for (const name of ['wikipedia-2', 'wikia', 'lazy-image-2', 'medium-3', 'engadget']) {
        await page.goto(server.url(`/readability/${name}/source.html`), {
          waitUntil: 'domcontentloaded',
        });
        const host = await o.waitSettled(1, 60_000);
        expect(['ready', 'not-article'], name).toContain(host.state);
        for (const k of ['verbatim', 'variant', 'paraphrase', 'reuse'] as const) {
          expect(await o.highlightTexts(k), `${name} ${k}`).toEqual([]);
        }
      }
      await page.close();
    });
  },
);

describe('a big page', () => {
  it('is read away from the page and gets the same highlights as reading it in place would', async () => {
    const { page, o, host } = await OverlayPage.visit(
      browser.context,
      server.url('/big/wire-copy.html'),
    );
    expect(host.state).toBe('ready');
    // Readability ran in the offscreen document, not in the page.
    const readAway = await page.evaluate(() =>
      ['extract-away', 'read-direct'].map(
        (n) => performance.getEntriesByName(`sourcelight:${n}`).length,
      ),
    );
    // The page sent its HTML to the offscreen document itself, not through the worker.
    expect(readAway).toEqual([1, 1]);
    // Meanwhile it read its own article's container and text (lib/dom/read-ahead.ts), which the
    // highlights below are drawn on.
    const readAhead = await page.evaluate(() =>
      ['ahead-located', 'ahead-read'].map(
        (n) => performance.getEntriesByName(`sourcelight:${n}`).length,
      ),
    );
    expect(readAhead).toEqual([1, 1]);
    const expected = expectedTextsOf(readFileSync(join(bigPages, 'wire-copy.html'), 'utf8'));
    expect(expected.verbatim.length).toBeGreaterThan(0);
    expect(await drawnTexts(o)).toEqual(expected);
    await page.close();
  });

  it('with an article longer than one message should carry is matched whole, sent in parts', async () => {
    const { page, o, host } = await OverlayPage.visit(
      browser.context,
      server.url('/big/long-wire-copy.html'),
    );
    expect(host.state).toBe('ready');
    expect(
      await page.evaluate(() => performance.getEntriesByName('sourcelight:text-parts').length),
    ).toBe(1);
    // The wire copy's quotes sit in the text's last part; all of them are drawn where Node puts them.
    const expected = expectedTextsOf(readFileSync(join(bigPages, 'long-wire-copy.html'), 'utf8'));
    expect(expected.verbatim.length).toBeGreaterThan(0);
    expect(await drawnTexts(o)).toEqual(expected);
    await page.close();
  });
});
