/**
 * Links made through meaning, in real Chromium with the built extension and the real sentence
 * model (Chrome runs it in the offscreen document): a reworded quote that lexical matching misses
 * gets a highlight after the lexical ones, whose popover says it was linked through meaning with
 * its score; a negated rendering gets none; and a build whose model file is missing still draws
 * the lexical highlights while the popup says matching through meaning is off.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTENSION_DIR,
  type ExtensionBrowser,
  extensionRequest,
  launchWithExtension,
  type StaticServer,
  serveStatic,
} from '../../testkit/harness';
import { OverlayPage, PopupPage } from '../../testkit/overlay-page';
import { RIVER_SOURCE as SOURCE } from '../helpers/river-source';

/** Copied word for word, so the page demonstrably renders the source. */
const ANCHOR = SOURCE.text.split('\n')[0]!;
const PARAPHRASE = 'We are going to stand up for the farmers whose livelihoods rely on this river';
const NEGATED = 'Our government will not protect the farmers who depend on the river';

/** A news page around one quote of the minister's, with paragraphs on other matters. */
function articleHtml(title: string, quote: string): string {
  const paragraphs = [
    ANCHOR,
    `“${quote},” Oskelund told reporters outside the town hall.`,
    'The weekly market in the old square reopened on Saturday after the winter, with stalls selling cheese, honey and wool from the hill villages.',
    'Local schools will hold their music festival in the last week of May, and the organisers are still looking for volunteers to help with the chairs.',
    'The railway company said the night train to the coast would run twice a week again from June, after two years of repairs to the tunnel.',
    'A new bakery on Mill Street has drawn long queues since it opened, its owners said, mostly for the rye bread their grandmother used to make.',
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>${title}</h1><p class="byline">By A. Reporter</p>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article></main><footer><p>Invented Gazette</p></footer></body></html>`;
}

let pagesDir: string;
let server: StaticServer;

beforeAll(async () => {
  pagesDir = mkdtempSync(join(tmpdir(), 'sl-meaning-pages-'));
  writeFileSync(
    join(pagesDir, 'paraphrase.html'),
    articleHtml('Minister promises help for river farmers', PARAPHRASE),
  );
  writeFileSync(
    join(pagesDir, 'negated.html'),
    articleHtml('Minister turns away from river farmers', NEGATED),
  );
  server = await serveStatic({ '/news': pagesDir });
});

afterAll(async () => {
  await server?.close();
  rmSync(pagesDir, { recursive: true, force: true });
});

/** A browser with the river story in its library. */
async function browserWithSource(extensionDir?: string): Promise<ExtensionBrowser> {
  const b = await launchWithExtension(extensionDir ? { extensionDir } : {});
  await extensionRequest(b, 'library.import', { sources: [SOURCE], origin: 'file' });
  return b;
}

const modelShipped = existsSync(join(EXTENSION_DIR, 'model', 'encoder.onnx'));
if (!modelShipped)
  console.log(
    `Skipping the meaning e2e tests: ${EXTENSION_DIR} has no model (run npm run model, then npm run build:test).`,
  );

describe.skipIf(!modelShipped)('links through meaning in Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await browserWithSource();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('highlights a reworded quote after the lexical highlights, and its popover says it was linked through meaning with its score', async () => {
    const {
      page,
      o,
      host: lexical,
    } = await OverlayPage.visit(browser.context, server.url('/news/paraphrase.html'));
    // The copied sentence is found by its words; the reworded quote is not.
    expect(lexical.counts.reuse).toBeGreaterThan(0);
    const quoteLit = async () =>
      [...(await o.highlightTexts('variant')), ...(await o.highlightTexts('paraphrase'))].some(
        (t) => t.includes('stand up for the farmers'),
      );
    expect(await o.waitMeaning()).toBe('done');
    expect(await quoteLit()).toBe(true);
    const kind = (await o.highlightTexts('variant')).some((t) => t.includes('stand up'))
      ? 'variant'
      : 'paraphrase';
    const popover = await o.openPopover(kind, 'stand up for the farmers');
    await expect
      .poll(() => popover.innerText())
      .toMatch(/Linked through meaning only, similarity 0\.\d\d/);
    await expect.poll(() => popover.innerText()).toContain('protect the farmers');
    const popup = await PopupPage.openFor(browser.context, browser.extensionId);
    await expect
      .poll(() => popup.meaningStatus().innerText())
      .toBe('Matching through meaning is on.');
    // The extension's pages are cross-origin isolated, so the model's worker runs on two threads.
    expect(await popup.page.evaluate('crossOriginIsolated')).toBe(true);
    await popup.page.close();
    await page.close();
  }, 240_000);

  it('adds no link through meaning to a negated rendering of the quote', async () => {
    const {
      page,
      o,
      host: lexical,
    } = await OverlayPage.visit(browser.context, server.url('/news/negated.html'));
    expect(lexical.counts.reuse).toBeGreaterThan(0);
    expect(await o.waitMeaning()).toBe('done');
    expect((await o.hostState()).counts).toEqual(lexical.counts);
    // Whatever the lexical stage made of the negated quote, nothing says "through meaning".
    for (const kind of ['variant', 'paraphrase'] as const) {
      for (const text of await o.highlightTexts(kind)) {
        if (!text.includes('will not protect')) continue;
        const popover = await o.openPopover(kind, 'will not protect');
        await expect.poll(() => popover.innerText()).toContain('Page against source');
        expect(await popover.innerText()).not.toContain('through meaning');
        await page.keyboard.press('Escape');
      }
    }
    await page.close();
  }, 240_000);
});

describe.skipIf(!modelShipped)('a dismissal while links through meaning are on their way', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    // A browser of its own: its model is still cold, so the links take a while to come.
    browser = await browserWithSource();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps them: the reworded quote is still linked after the reader dismisses a lexical highlight', async () => {
    const {
      page,
      o,
      host: lexical,
    } = await OverlayPage.visit(browser.context, server.url('/news/paraphrase.html'));
    const [copied] = await o.highlightTexts('reuse');
    expect(copied).toBeTruthy();
    // Loading the model takes seconds; the lexical highlights are drawn before it answers.
    expect((await o.hostState()).meaning).toBe('working');
    const popover = await o.openPopover('reuse', copied!);
    await popover.getByRole('button', { name: 'Not a match' }).click();
    await expect.poll(() => o.highlightTexts('reuse')).not.toContain(copied);
    expect(await o.waitMeaning()).toBe('done');
    const linked = [
      ...(await o.highlightTexts('variant')),
      ...(await o.highlightTexts('paraphrase')),
    ];
    expect(linked.some((t) => t.includes('stand up for the farmers'))).toBe(true);
    // And the dismissed one stays away.
    expect((await o.highlightTexts('reuse')).length).toBe(lexical.counts.reuse! - 1);
    await page.close();
  }, 240_000);
});

describe.skipIf(!modelShipped)('without the model file', () => {
  let dir: string;
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    // The same build with its model file taken out, as a broken or trimmed install would be.
    dir = join(mkdtempSync(join(tmpdir(), 'sl-no-model-')), 'chrome-mv3');
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    rmSync(join(dir, 'model', 'encoder.onnx'));
    browser = await browserWithSource(dir);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('still draws the lexical highlights, and the popup says matching through meaning is off', async () => {
    const {
      page,
      o,
      host: lexical,
    } = await OverlayPage.visit(browser.context, server.url('/news/paraphrase.html'));
    expect(lexical.counts.reuse).toBeGreaterThan(0);
    expect(await o.waitMeaning()).toBe('off');
    expect((await o.hostState()).counts).toEqual(lexical.counts);
    const popup = await PopupPage.openFor(browser.context, browser.extensionId);
    await expect
      .poll(() => popup.meaningStatus().innerText())
      .toMatch(
        /^Matching through meaning is off \(.*encoder\.onnx.*\); quotes and passages are still matched by their words\.$/,
      );
    await popup.page.close();
    await page.close();
  }, 240_000);
});
