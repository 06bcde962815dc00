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
import { SHARED_DIR } from '../helpers/shared';
import {
  launchWithExtension,
  ROOT,
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

describe('overlay on the demo pages', () => {
  for (const file of ['wire-copy.html', 'rewritten.html', 'opinion.html']) {
    it(`draws the core's matches of ${file} under each highlight name`, async () => {
      const page = await browser.context.newPage();
      const o = new OverlayPage(page);
      await page.goto(server.url(`/demo/${file}`));
      const host = await o.waitSettled();
      expect(host.state).toBe('ready');
      const expected = expectedTexts(file);
      const drawn = await drawnTexts(o);
      expect(drawn).toEqual(expected);
      for (const k of KINDS) expect(host.counts[k]).toBe(expected[k].length);
      await page.close();
    });
  }

  it('lights up the verbatim quotes the gold labels name on the wire copy', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/wire-copy.html'));
    await o.waitSettled();
    const quoteRanges = (
      await Promise.all(['verbatim', 'variant', 'paraphrase'].map((k) => o.highlightTexts(k)))
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
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/wire-copy.html'));
    await o.waitSettled();
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

  it('opens a popover with the source passage, its source and the word diff, and Escape closes it', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/rewritten.html'));
    await o.waitSettled();
    const [first] = await o.highlightTexts('reuse');
    expect(first).toBeTruthy();
    const popover = await o.openPopover('reuse', first!.slice(0, 30));
    await expect.poll(() => popover.locator('.passage mark').count()).toBe(1);
    await expect.poll(() => popover.locator('.muted:text("Loading")').count()).toBe(0);
    const passage = squash(await popover.locator('.passage mark').innerText());
    const sources = loadSources(DEMO_LIBRARY_DIR);
    expect(sources.some((s) => squash(s.text).includes(passage))).toBe(true);
    expect(await popover.locator('.source-line').innerText()).toMatch(/\S/);
    expect(await popover.locator('.diff').count()).toBe(1);
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
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/wire-copy.html'));
    const host = await o.waitSettled();
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
    await page.close();
  });

  it('toggles once per Alt+Shift+H even when the browser also delivers it as the toggle-overlay command', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/opinion.html'));
    const before = await o.waitSettled();
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
async function backgroundRequest(name: string, payload: unknown): Promise<unknown> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  const reply = await page.evaluate(
    ([n, p]) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({ sourcelight: n, payload: p }),
    [name, payload] as const,
  );
  await page.close();
  const r = reply as { ok: boolean; value?: unknown; error?: string };
  if (!r?.ok) throw new Error(`${name}: ${r?.error}`);
  return r.value;
}

describe.skipIf(!SHARED_DIR)(
  'overlay on real pages that are not coverage (../shared readability fixtures)',
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
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/big/wire-copy.html'));
    const host = await o.waitSettled();
    expect(host.state).toBe('ready');
    // Readability ran in the offscreen document, not in the page.
    const readAway = await page.evaluate(
      () => performance.getEntriesByName('sourcelight:extract-away').length,
    );
    expect(readAway).toBe(1);
    const expected = expectedTextsOf(readFileSync(join(bigPages, 'wire-copy.html'), 'utf8'));
    expect(expected.verbatim.length).toBeGreaterThan(0);
    expect(await drawnTexts(o)).toEqual(expected);
    await page.close();
  });
});

describe('"Not a match"', () => {
  // Last, and on its own page: the dismissal is remembered in this browser profile.
  it('removes the highlight at once and keeps it away when the page is visited again', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/opinion.html'));
    const before = await o.waitSettled();
    const [text] = await o.highlightTexts('verbatim');
    expect(text).toBeTruthy();
    const popover = await o.openPopover('verbatim', text!);
    await popover.getByRole('button', { name: 'Not a match' }).click();
    await expect.poll(() => o.highlightTexts('verbatim')).not.toContain(text);
    expect((await o.hostState()).counts.verbatim).toBe(before.counts.verbatim - 1);
    // The popover went away under the pointer: resting on another highlight still opens its popover.
    const [other] = await o.highlightTexts('actor');
    const at = await o.pointOf('actor', other!);
    await page.mouse.move(at!.x, at!.y);
    await expect.poll(() => o.popover().isVisible(), { timeout: 5_000 }).toBe(true);
    await page.mouse.move(1, 1);
    await page.reload();
    const again = await o.waitSettled();
    expect(again.counts.verbatim).toBe(before.counts.verbatim - 1);
    expect(await o.highlightTexts('verbatim')).not.toContain(text);
    await page.close();
  });
});

describe('Save', () => {
  it('saves a highlight as an annotation and draws it again on the next visit', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/wire-copy.html'));
    await o.waitSettled();
    const [text] = await o.highlightTexts('reuse');
    expect(text).toBeTruthy();
    const popover = await o.openPopover('reuse', text!.slice(0, 30));
    await popover.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => popover.getByRole('button', { name: 'Saved' }).count()).toBe(1);
    await page.reload();
    await o.waitSettled();
    expect((await o.highlightTexts('sourcelight-saved')).map(squash)).toContain(squash(text!));
    await page.close();
  });
});

describe('annotating a selection', () => {
  it('saves a note begun before a client-side navigation to the page it was written on', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/spa/spa-shell.html?story=wire-copy'));
    await page.waitForFunction(
      () =>
        document.querySelector('sourcelight-overlay')?.getAttribute('data-sourcelight-state') ===
        'ready',
    );
    const first = page.url();
    const [text] = await o.highlightTexts('verbatim');
    await o.selectText(text!.slice(0, 40));
    await o.annotateButton().click();
    await page.keyboard.type('written on the first story');
    // The reader's app moves to another story while the form is open.
    await page.evaluate(() =>
      (window as unknown as { showStory: (n: string) => Promise<void> }).showStory('rewritten'),
    );
    await expect.poll(() => page.url()).not.toBe(first);
    await o.annotateForm().getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          ((await backgroundRequest('annotation.listForPage', { url: first })) as unknown[]).length,
      )
      .toBe(1);
    expect(await backgroundRequest('annotation.listForPage', { url: page.url() })).toEqual([]);
    await page.close();
  });

  it('offers Annotate after a mouse drag over a highlight, without opening its popover; Escape closes the form and saves nothing', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await page.goto(server.url('/demo/wire-copy.html'));
    await o.waitSettled();
    const savedBefore = (
      (await backgroundRequest('annotation.listForPage', { url: page.url() })) as unknown[]
    ).length;
    const [text] = await o.highlightTexts('verbatim');
    expect(text).toBeTruthy();
    const from = (await o.pointOf('verbatim', text!))!;
    // Drag from the start of the quote across it, as a reader selecting it would.
    await page.mouse.move(from.x - 15, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y, { steps: 5 });
    await page.mouse.move(from.x + 140, from.y, { steps: 5 });
    await page.mouse.up();
    await o.annotateButton().waitFor({ state: 'visible' });
    expect(await o.popover().count()).toBe(0);
    // Resting on the quote while the selection is offered opens no hover popover over it either.
    await page.mouse.move(from.x + 5, from.y);
    await page.waitForTimeout(600);
    expect(await o.popover().count()).toBe(0);
    const selected = await page.evaluate(() =>
      document.getSelection()!.toString().replace(/\s+/g, ' ').trim(),
    );
    await o.annotateButton().click();
    // The form quotes what was selected, and the page selection survives the click.
    expect(squash(await o.annotateForm().locator('.quote').innerText())).toBe(selected);
    await expect
      .poll(() =>
        o
          .annotateForm()
          .getByLabel('Note')
          .evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
      )
      .toBe(true);
    await page.keyboard.type('typed into the note, not the page');
    await page.keyboard.press('Escape');
    await expect.poll(() => o.annotateForm().count()).toBe(0);
    const saved = (await backgroundRequest('annotation.listForPage', {
      url: page.url(),
    })) as unknown[];
    expect(saved).toHaveLength(savedBefore);
    await page.close();
  });
});

describe('popup', () => {
  it('shows the counts of the tab and switches the overlay off and on for the site', async () => {
    const page = await browser.context.newPage();
    const o = new OverlayPage(page);
    await o.recordPristineDom();
    await page.goto(server.url('/demo/rewritten.html'));
    const host = await o.waitSettled();
    const popup = await PopupPage.openFor(browser.context, browser.extensionId);
    await expect.poll(() => popup.siteSwitch().count()).toBe(1);
    for (const k of KINDS) expect(await popup.count(k)).toBe(host.counts[k]);
    await popup.siteSwitch().uncheck();
    await expect.poll(() => o.host().count()).toBe(0);
    expect(await o.serialise()).toBe(await o.pristineDom());
    // Off for the site: a reload stays untouched.
    await page.reload();
    await page.waitForTimeout(1500);
    expect(await o.host().count()).toBe(0);
    expect(await o.highlightNames()).toEqual([]);
    await popup.page.reload();
    await expect.poll(() => popup.siteSwitch().isChecked()).toBe(false);
    await popup.siteSwitch().check();
    const again = await o.waitSettled();
    expect(again.counts).toEqual(host.counts);
    await popup.page.close();
    await page.close();
  });
  it("saves the tab's article as a source, says so, and refuses a page without an article with the reason", async () => {
    const list = async () =>
      (await backgroundRequest('library.list', {})) as {
        id: string;
        url: string | null;
        title: string;
      }[];
    const page = await browser.context.newPage();
    const url = server.url('/demo/unrelated.html');
    await page.goto(url);
    const overlay = new OverlayPage(page);
    const unsaved = await overlay.waitSettled();
    expect((await list()).some((s) => s.url === url)).toBe(false);
    const popup = await PopupPage.openFor(browser.context, browser.extensionId);
    await popup.saveAsSourceButton().click();
    await expect
      .poll(() => popup.saveMessage().innerText())
      .toMatch(/^Saved “Harwick.+” to your library/);
    const added = (await list()).filter((s) => s.url === url);
    expect(added).toHaveLength(1);
    onTestFinished(() =>
      backgroundRequest('library.remove', { id: added[0]!.id }).then(() => undefined),
    );
    // A second click from a new popup does not add it twice.
    await popup.page.reload();
    await popup.saveAsSourceButton().click();
    await expect.poll(() => popup.saveMessage().innerText()).toMatch(/already in your library/);
    expect((await list()).filter((s) => s.url === url)).toHaveLength(1);
    await popup.page.close();
    // The page, visited again, is not highlighted as copying itself.
    await page.reload();
    expect((await overlay.waitSettled()).counts).toEqual(unsaved.counts);
    await page.close();

    const short = await browser.context.newPage();
    await short.goto(server.url('/spa/short-note.html'));
    await new OverlayPage(short).waitSettled();
    const before = (await list()).length;
    const popupShort = await PopupPage.openFor(browser.context, browser.extensionId);
    await popupShort.saveAsSourceButton().click();
    await expect
      .poll(() => popupShort.saveMessage().innerText())
      .toMatch(/^Could not save this page: .*no article text/);
    expect((await list()).length).toBe(before);
    await popupShort.page.close();
    await short.close();
  });
});
