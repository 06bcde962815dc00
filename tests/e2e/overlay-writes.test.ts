/**
 * The overlay's writes and the popup in real Chromium with the built extension: "Not a match",
 * Save, annotating a selection, and the popup's counts, switch and "save this page".
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { join } from 'node:path';
import {
  extensionRequest,
  launchWithExtension,
  ROOT,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { DEMO_PAGES, squash } from './pages/demo-expectations';
import { KINDS, OverlayPage, PopupPage } from '../../testkit/overlay-page';

let browser: ExtensionBrowser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchWithExtension();
  server = await serveStatic({ '/demo': DEMO_PAGES, '/spa': join(ROOT, 'tests/e2e/pages') });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const backgroundRequest = (name: string, payload: unknown) =>
  extensionRequest(browser, name, payload);

describe('"Not a match"', () => {
  // Last, and on its own page: the dismissal is remembered in this browser profile.
  it('removes the highlight at once and keeps it away when the page is visited again', async () => {
    const {
      page,
      o,
      host: before,
    } = await OverlayPage.visit(browser.context, server.url('/demo/opinion.html'));
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
    const { page, o } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/wire-copy.html'),
    );
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

describe('a popover opened by a click', () => {
  it('stays open, pinned, when the pointer rested on the passage just before the click and then leaves', async () => {
    // Not opinion.html, where "Not a match" above dismissed a quote in this browser profile.
    const { page, o } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/wire-copy.html'),
    );
    const text = (await o.highlightTexts('verbatim')).at(-1);
    expect(text).toBeTruthy();
    const at = await o.pointOf('verbatim', text!);
    await page.mouse.move(at!.x, at!.y);
    // Two frames: the overlay has hit-tested the resting pointer and its hover delay (250 ms) runs.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.mouse.down();
    await page.mouse.up();
    await o.popover().waitFor({ state: 'visible' });
    // Past the hover delay, the pointer leaves for blank page: a hover popover would close now.
    await page.waitForTimeout(400);
    await page.mouse.move(2, 2);
    await page.mouse.move(3, 3);
    await page.waitForTimeout(800);
    expect(await o.popover().isVisible()).toBe(true);
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
    const { page, o } = await OverlayPage.visit(
      browser.context,
      server.url('/demo/wire-copy.html'),
    );
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
