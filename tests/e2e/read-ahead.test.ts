/**
 * Reading the live page ahead (lib/dom/read-ahead.ts, bundled as the content script bundles it) in
 * Chromium, with its own MutationObserver and computed styles: what is cut from the reading ahead
 * equals a reading after it, and each kind of change the page makes meanwhile either leaves the
 * cut standing (rightly) or sends the reading back to the page.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, ROOT } from '../../testkit/harness';
import { withSiteChrome } from '../helpers/big-page';
import { pageBundle } from '../helpers/page-bundle';
import { SHARED_DIR } from '../helpers/shared';

/** What the bundle below puts on the page's window. */
interface SlWindow {
  sl: {
    start(): Promise<boolean>;
    container(): Promise<string>;
    located(): Promise<string>;
    /** Over every element of the body, or of the article's container (`within`). */
    everyElement(
      limit: number,
      within: boolean,
    ): Promise<{ same: number; differs: number; refused: number }>;
  };
}

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
  bundle = await pageBundle(`import { readAhead } from './lib/dom/read-ahead';
        import { createReadingSkip, locateArticle, readLiveText } from './lib/dom/article-region';
        import { extractArticle } from './lib/extract';
        const skip = createReadingSkip(window);
        const observe = (target, init, callback) => {
          const o = new MutationObserver(callback);
          o.observe(target, init);
          return o;
        };
        const same = (a, b) =>
          !!a && !!b && a.text === b.text && a.pieces.length === b.pieces.length &&
          a.pieces.every((p, i) => { const q = b.pieces[i];
            return p.node === q.node && p.start === q.start && p.nodeStart === q.nodeStart && p.length === q.length; });
        window.sl = {
          async start() {
            const text = extractArticle(document).text;
            const ahead = readAhead(document, skip, observe, {
              pause: () => new Promise((ok) => setTimeout(ok, 0)), stale: () => false });
            const finished = await ahead.done;
            window.sl.now = { ahead, text, root: locateArticle(document, text).root };
            return finished;
          },
          /** How the cut of the container compares with a reading now: 'same', 'differs' or 'refused'. */
          async container() {
            const { ahead, root } = window.sl.now;
            const cut = await ahead.textOf(root);
            return cut === null ? 'refused' : same(cut, readLiveText(root, skip)) ? 'same' : 'differs';
          },
          async located() {
            const { ahead, text } = window.sl.now;
            const at = await ahead.locate(text);
            if (at === undefined) return 'refused';
            const fresh = locateArticle(document, text);
            return at?.root === fresh?.root && at?.coverage === fresh?.coverage ? 'same' : 'differs';
          },
          /** How many cuts equal a reading now, differ, or were refused. */
          async everyElement(limit, within) {
            const { ahead, root } = window.sl.now;
            const top = within ? root : document.body;
            const all = [top, ...top.querySelectorAll('*')];
            const step = Math.max(1, Math.floor(all.length / limit));
            const count = { same: 0, differs: 0, refused: 0 };
            for (let i = 0; i < all.length; i += step) {
              const cut = await ahead.textOf(all[i]);
              if (cut === null) count.refused++;
              else if (same(cut, readLiveText(all[i], skip))) count.same++;
              else count.differs++;
            }
            return count;
          },
        };`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const wireCopy = () =>
  withSiteChrome(readFileSync(join(ROOT, 'assets/demo/pages/wire-copy.html'), 'utf8'));

/** A page loaded from `html` (its own scripts blocked), read ahead to its end. */
async function readPage(html: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route('https://example.invalid/', (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
  );
  await page.route(/\.js(\?|$)/, (route) => route.abort());
  await page.goto('https://example.invalid/');
  await page.addScriptTag({ content: bundle });
  expect(await page.evaluate(() => (window as unknown as SlWindow).sl.start())).toBe(true);
  return page;
}

const look = (page: Page) =>
  page.evaluate(async () => ({
    container: await (window as unknown as SlWindow).sl.container(),
    located: await (window as unknown as SlWindow).sl.located(),
  }));

describe('reading ahead in Chromium', () => {
  it('cuts, for every element, what a reading of it gives, and finds the same container', async () => {
    const page = await readPage(wireCopy());
    // Only the part holding nearly all paragraphs is read ahead (here the article, not the menus).
    const all = await page.evaluate(() =>
      (window as unknown as SlWindow).sl.everyElement(2_000, false),
    );
    expect(all.differs).toBe(0);
    expect(all.refused).toBeGreaterThan(500);
    const inside = await page.evaluate(() =>
      (window as unknown as SlWindow).sl.everyElement(2_000, true),
    );
    expect(inside).toMatchObject({ differs: 0, refused: 0 });
    expect(inside.same).toBeGreaterThan(10);
    expect(await look(page)).toEqual({ container: 'same', located: 'same' });
    await page.close();
  });

  it('a word of the article changed: its text is read again; the container is located again', async () => {
    const page = await readPage(wireCopy());
    await page.evaluate(() => {
      const p = document.querySelector('article p')!;
      const t = [...p.childNodes].find((n) => n.nodeType === 3) as Text;
      t.data = `Changed. ${t.data}`;
    });
    expect(await look(page)).toEqual({ container: 'refused', located: 'refused' });
    await page.close();
  });

  it('an advertisement added beside the article: both cuts stand, and are right', async () => {
    const page = await readPage(wireCopy());
    await page.evaluate(() => {
      const ad = document.createElement('div');
      ad.textContent = 'Buy one, get one free';
      document.body.append(ad);
    });
    expect(await look(page)).toEqual({ container: 'same', located: 'same' });
    await page.close();
  });

  it('a class on the body (a style can hide the article): its text is read again', async () => {
    const page = await readPage(wireCopy());
    await page.evaluate(() => document.body.classList.add('paywalled'));
    expect((await look(page)).container).toBe('refused');
    await page.close();
  });

  it('a paragraph of the article hidden by its style: its text is read again', async () => {
    const page = await readPage(wireCopy());
    await page.evaluate(() => {
      (document.querySelector('article p') as HTMLElement).style.display = 'none';
    });
    expect((await look(page)).container).toBe('refused');
    await page.close();
  });

  it.skipIf(!SHARED_DIR)(
    'on the real pages, every element it cuts reads the same as a reading of it',
    async () => {
      const dir = join(SHARED_DIR ?? '', 'fixtures/readability-pages');
      const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'source.html')));
      for (const name of ['wikipedia-2', 'engadget', 'lazy-image-2', 'medium-3']) {
        if (!names.includes(name)) continue;
        const page = await readPage(readFileSync(join(dir, name, 'source.html'), 'utf8'));
        const all = await page.evaluate(() =>
          (window as unknown as SlWindow).sl.everyElement(300, false),
        );
        expect(all.differs, name).toBe(0);
        const inside = await page.evaluate(() =>
          (window as unknown as SlWindow).sl.everyElement(300, true),
        );
        // Refused inside: elements never read at all (svg, style, script and what they hold).
        expect(inside.differs, name).toBe(0);
        expect(inside.same, name).toBeGreaterThan(20);
        const { container, located } = await look(page);
        expect(container, name).toBe('same');
        expect(located, name).toBe('same');
        await page.close();
      }
    },
    120_000,
  );
});
