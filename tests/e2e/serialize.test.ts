/**
 * Chromium's own serialiser against the page serialised in pieces (lib/dom/serialize.ts, bundled
 * here as the content script bundles it): the offscreen document must get exactly the HTML one
 * outerHTML gives (and, scripts cut piece by piece, what cutting them from that gives), on
 * invented corner cases and on the biggest real page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepPage, serializerCornersPage } from '../../testkit/hostile-pages';
import { chromiumPath } from '../../testkit/harness';
import { pageBundle } from '../helpers/page-bundle';
import { SHARED_DIR } from '../helpers/shared';

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
  bundle = await pageBundle(`import { serializeWalk } from './lib/dom/serialize';
        import { runToEnd } from './lib/dom/sliced';
        import { withoutScripts } from './lib/extract-offpage';
        const root = document.documentElement;
        window.piecewise = (n) => runToEnd(serializeWalk(root, { pieceElements: n }));
        window.cutPiecewise = (n) =>
          runToEnd(serializeWalk(root, { pieceElements: n, each: withoutScripts })) ===
          withoutScripts(root.outerHTML);`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Whether the pieces of each size give exactly `outerHTML` in the page loaded from `html`. */
async function compare(html: string, pieces: number[]): Promise<string[]> {
  const page = await browser.newPage({ javaScriptEnabled: true });
  try {
    await page.route('https://example.invalid/', (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
    );
    // The page's own scripts are blocked: only the serialisers run.
    await page.route(/\.js(\?|$)/, (route) => route.abort());
    await page.goto('https://example.invalid/');
    await page.addScriptTag({ content: bundle });
    return await page.evaluate((sizes) => {
      const whole = document.documentElement.outerHTML;
      const w = window as unknown as {
        piecewise: (n: number) => string;
        cutPiecewise: (n: number) => boolean;
      };
      return sizes.flatMap((n) => [
        ...(w.piecewise(n) === whole ? [] : [`pieces of ${n} differ`]),
        ...(w.cutPiecewise(n) ? [] : [`pieces of ${n} without scripts differ`]),
      ]);
    }, pieces);
  } finally {
    await page.close();
  }
}

describe('a page serialised in pieces, in Chromium', () => {
  it('gives what outerHTML gives on markup every escaping rule touches', async () => {
    expect(await compare(serializerCornersPage(), [0, 1, 5, 400])).toEqual([]);
  });

  it('gives what outerHTML gives on a page nested 5,000 deep', async () => {
    expect(await compare(deepPage(5_000), [0, 400])).toEqual([]);
  });

  it.skipIf(!SHARED_DIR)(
    'gives what outerHTML gives on wikipedia-2 (10,000 elements)',
    async () => {
      const file = `${SHARED_DIR}/fixtures/readability-pages/wikipedia-2/source.html`;
      expect(existsSync(file)).toBe(true);
      expect(await compare(readFileSync(file, 'utf8'), [0, 50, 400])).toEqual([]);
    },
  );
});
