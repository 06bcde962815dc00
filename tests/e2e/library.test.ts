/**
 * The library end to end, in Chromium with the built extension: import a source file on the options
 * page, visit a page quoting it, save an annotation from the highlight's popover and two from text
 * the user selects, then change the page (a paragraph added above, one sentence copy-edited, one
 * paragraph removed), restart the browser on the same profile, and find the source still there,
 * the annotations re-anchored on the changed page, and the one whose passage is gone listed as an
 * orphan on the options page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchWithExtension,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { OverlayPage } from '../../testkit/overlay-page';

const QUOTE =
  'We will keep the northern ferry running through the winter storms, whatever it costs the port';

/** An invented source: a harbour authority statement. */
const SOURCE = [
  'The Kessel Harbour Authority confirmed on Monday that the northern ferry line will operate through the winter season.',
  `"${QUOTE}," harbour master Ilse Marrow told a press conference in Kessel.`,
  'The authority said repairs to the outer breakwater would be finished by the end of January, two months later than planned.',
  'Passenger numbers on the northern line fell by a fifth last year after a series of cancellations during autumn gales.',
].join('\n');

const paragraphs = [
  'Ferry passengers in Kessel can expect the northern line to keep sailing this winter, the port said this week, despite a difficult year for the service and its crews.',
  `Harbour master Ilse Marrow was unequivocal. "${QUOTE}," she said, adding that crews had been trained for rough weather and that the fleet had been inspected.`,
  'Repairs to the outer breakwater are running two months late, and local businesses have complained about noise and closed roads near the harbour entrance.',
  'Passenger numbers fell by a fifth last year after cancellations during the autumn gales, and the operator has promised a new timetable with more frequent crossings.',
  'Residents of the outlying islands, who depend on the ferry for supplies and medical appointments, welcomed the decision but said they would judge the port on results.',
];

const EDITED = 'Repairs to the outer breakwater are running two months late';
const REMOVED = 'who depend on the ferry for supplies and medical appointments';

const articlePage = (
  extra: string[],
  body = paragraphs,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northern ferry to sail all winter</title>
<meta property="og:site_name" content="Kessel Evening Post"></head><body><header><a href="/">Kessel Evening Post</a></header>
<main><article><h1>Northern ferry to sail all winter</h1>${[...extra, ...body].map((p) => `<p>${p}</p>`).join('\n')}</article></main>
<footer>© Kessel Evening Post</footer></body></html>`;

/** The options page "Library" and its controls. */
class LibraryPage {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
  ) {}
  open() {
    return this.page.goto(`chrome-extension://${this.extensionId}/options.html`);
  }
  importInput() {
    return this.page.getByTestId('import-input');
  }
  status() {
    return this.page.getByTestId('status-message');
  }
  error() {
    return this.page.getByTestId('error-message');
  }
  row(id: string) {
    return this.page.locator(`[data-testid="source-row"][data-source-id="${id}"]`);
  }
  annotations() {
    return this.page.getByTestId('annotation-row');
  }
  annotation(words: string) {
    return this.annotations().filter({ hasText: words });
  }
}

describe('library and annotations in the browser', () => {
  let browser: ExtensionBrowser;
  let server: StaticServer;
  let dir: string;
  let profile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sourcelight-library-e2e-'));
    profile = mkdtempSync(join(tmpdir(), 'sourcelight-library-profile-'));
    writeFileSync(join(dir, 'kessel-harbour.txt'), SOURCE);
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            file: 'kessel-harbour.txt',
            title: 'Harbour authority keeps northern ferry running',
            outlet: 'Kessel Harbour Authority',
            published: '2026-01-12',
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'broken.json'), '{"sources": [');
    writeFileSync(join(dir, 'ferry.html'), articlePage([]));
    server = await serveStatic({ '/news': dir });
    browser = await launchWithExtension({ userDataDir: profile });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('imports a source, saves annotations from a popover and from selections, and after a page change and a browser restart finds them re-anchored or listed as orphans', async () => {
    const page = await browser.context.newPage();
    const library = new LibraryPage(page, browser.extensionId);
    await library.open();

    // A bad file is refused with its name, and nothing is added.
    await library
      .importInput()
      .setInputFiles([join(dir, 'kessel-harbour.txt'), join(dir, 'broken.json')]);
    await expect
      .poll(() => library.error().textContent())
      .toMatch(/^broken\.json: is not valid JSON/);
    expect(await library.row('kessel-harbour').count()).toBe(0);

    await library
      .importInput()
      .setInputFiles([join(dir, 'kessel-harbour.txt'), join(dir, 'sources.json')]);
    await expect.poll(() => library.status().textContent()).toBe('Added 1 source.');
    await expect
      .poll(() => library.row('kessel-harbour').textContent())
      .toContain('Harbour authority keeps northern ferry running');

    // The page quoting it gets a highlight; Save in its popover stores an annotation.
    const overlay = new OverlayPage(page);
    await page.goto(server.url('/news/ferry.html'));
    await overlay.waitSettled();
    expect((await overlay.highlightTexts('verbatim')).join(' ')).toContain(
      'northern ferry running through the winter storms',
    );
    const popover = await overlay.openPopover('verbatim', 'northern ferry');
    await popover.getByRole('button', { name: 'Save' }).click();
    await popover
      .getByRole('button', { name: 'Saved' })
      .waitFor()
      .catch(async (error) => {
        // Say what the reader would have seen instead (this has failed on loaded CI machines).
        const open = (await overlay.popover().count()) > 0;
        const seen = open ? await overlay.popover().innerText() : '(no popover)';
        throw new Error(
          `"Saved" did not appear. Popover: ${seen}. Overlay: ${JSON.stringify(await overlay.hostState())}. ${error}`,
        );
      });
    await page.keyboard.press('Escape');

    // Any text the reader selects can be annotated too, with a note and tags.
    await overlay.annotate(EDITED, 'Compare with the January statement', 'delays, breakwater');
    await overlay.annotate(REMOVED, '', 'islands');
    await expect.poll(() => overlay.highlightTexts('saved')).toHaveLength(3);

    // The story is updated: a paragraph is added above, so every offset shifts; one sentence is
    // copy-edited and the islanders' paragraph is cut.
    const updated = paragraphs
      .filter((p) => !p.includes(REMOVED))
      .map((p) => p.replace('two months late', 'three months late'));
    writeFileSync(
      join(dir, 'ferry.html'),
      articlePage(
        [
          'Update, 18:40: the port has since published the full winter timetable for all of its routes on its website, with extra crossings at weekends.',
        ],
        updated,
      ),
    );
    await browser.close({ keepProfile: true });
    browser = await launchWithExtension({ userDataDir: profile });

    const again = await browser.context.newPage();
    const overlayAgain = new OverlayPage(again);
    await again.goto(server.url('/news/ferry.html'));
    await overlayAgain.waitSettled();
    await expect
      .poll(async () => (await overlayAgain.highlightTexts('saved')).sort())
      .toEqual([
        'Repairs to the outer breakwater are running three months late',
        expect.stringContaining('northern ferry running through the winter storms'),
      ]);

    const libraryAgain = new LibraryPage(again, browser.extensionId);
    await libraryAgain.open();
    await expect.poll(() => libraryAgain.row('kessel-harbour').count()).toBe(1);
    await expect.poll(() => libraryAgain.annotations().count()).toBe(3);
    expect(await libraryAgain.annotation('northern ferry running').count()).toBe(1);
    const edited = libraryAgain.annotation('outer breakwater');
    expect(await edited.textContent()).toContain('Compare with the January statement');
    expect(await edited.textContent()).toContain('breakwater');
    // Only the annotation whose passage was cut is an orphan, and it is kept.
    await expect
      .poll(() => libraryAgain.annotation(REMOVED).getByTestId('annotation-orphan').count())
      .toBe(1);
    expect(await libraryAgain.page.getByTestId('annotation-orphan').count()).toBe(1);
    // Search narrows the list.
    await again.getByTestId('annotation-search').fill('no such words anywhere');
    await expect.poll(() => libraryAgain.annotations().count()).toBe(0);
  });
});
