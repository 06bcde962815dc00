/**
 * The Firefox build in a real Firefox: Debian's firefox-esr driven over WebDriver BiDi by
 * puppeteer-core (Playwright drives only its own patched Firefox builds), the MV2 build installed
 * as a temporary add-on. It checks what a Firefox user would see first: the same highlights as the
 * core finds, a popover that opens on a click and shows the source, and nothing on an unrelated page.
 * Skips, saying why, when no Firefox or no Firefox build is there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxMissing, launchFirefox } from '../../testkit/firefox';
import { serveStatic, type StaticServer } from '../../testkit/harness';
import { withSiteChrome } from '../helpers/big-page';
import { DEMO_PAGES, expectedTexts, expectedTextsOf, squash } from './pages/demo-expectations';
import { KINDS, type Kind } from '../../testkit/overlay-page';

const missing = firefoxMissing();
if (missing) console.log(`Firefox tests skipped: ${missing}`);

let browser: Browser;
let server: StaticServer;
/** A demo page inside a big site's chrome, written at test time. */
const bigPages = mkdtempSync(join(tmpdir(), 'sourcelight-big-firefox-'));
const bigPage = join(bigPages, 'wire-copy.html');

beforeAll(async () => {
  if (missing) return;
  browser = await launchFirefox();
  writeFileSync(bigPage, withSiteChrome(readFileSync(join(DEMO_PAGES, 'wire-copy.html'), 'utf8')));
  server = await serveStatic({ '/demo': DEMO_PAGES, '/big': bigPages });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(bigPages, { recursive: true, force: true });
});

/** Waits for the overlay's first finished run and returns its state. */
async function settled(page: Page): Promise<string> {
  const state = await page.waitForFunction(
    () => {
      const s = document
        .querySelector('sourcelight-overlay')
        ?.getAttribute('data-sourcelight-state');
      return s && s !== 'working' ? s : null;
    },
    { timeout: 60_000, polling: 100 },
  );
  return (await state.jsonValue()) as string;
}

/** The text under each range of every highlight name, sorted (read in the page, as in Chromium). */
async function drawn(page: Page): Promise<Record<Kind, string[]>> {
  const texts = await page.evaluate(
    (kinds: string[]) => {
      const out: Record<string, string[]> = {};
      for (const k of kinds) {
        const h = CSS.highlights.get(`sourcelight-${k}`);
        out[k] = h
          ? [...(h as unknown as Set<AbstractRange>)].map((r) =>
              r instanceof Range ? r.toString() : '',
            )
          : [];
      }
      return out;
    },
    [...KINDS],
  );
  return Object.fromEntries(KINDS.map((k) => [k, texts[k]!.map(squash).sort()])) as Record<
    Kind,
    string[]
  >;
}

describe.skipIf(missing !== null)('the extension in Firefox', () => {
  it('draws the core’s matches of the wire copy under each highlight name', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/demo/wire-copy.html'));
    expect(await settled(page)).toBe('ready');
    const expected = expectedTexts('wire-copy.html');
    expect(expected.verbatim.length + expected.reuse.length).toBeGreaterThan(0);
    expect(await drawn(page)).toEqual(expected);
    await page.close();
  });

  it('reads a big page in the background page and draws the same highlights', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/big/wire-copy.html'));
    expect(await settled(page)).toBe('ready');
    // Through the background page, which reads it itself (Firefox has no offscreen document).
    expect(
      await page.evaluate(() =>
        ['extract-away', 'read-direct', 'ahead-located', 'ahead-read'].map(
          (n) => performance.getEntriesByName(`sourcelight:${n}`).length,
        ),
      ),
      // Meanwhile the page read its own article (lib/dom/read-ahead.ts).
    ).toEqual([1, 0, 1, 1]);
    expect(await drawn(page)).toEqual(expectedTextsOf(readFileSync(bigPage, 'utf8')));
    await page.close();
  });

  it('opens a popover on a click with the source passage, and Escape closes it', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/demo/rewritten.html'));
    await settled(page);
    const at = await page.evaluate(() => {
      const r = [...((CSS.highlights.get('sourcelight-reuse') as unknown as Set<Range>) ?? [])][0];
      if (!r) return null;
      r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const rect = r.getClientRects()[0]!;
      return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
    });
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    const passage = await page.waitForFunction(
      () =>
        document
          .querySelector('sourcelight-overlay')
          ?.shadowRoot?.querySelector('.popover .passage mark')?.textContent ?? null,
      { timeout: 10_000, polling: 100 },
    );
    expect(((await passage.jsonValue()) as string).trim().length).toBeGreaterThan(10);
    await page.keyboard.press('Escape');
    await page.waitForFunction(
      () => !document.querySelector('sourcelight-overlay')?.shadowRoot?.querySelector('.popover'),
      { timeout: 10_000, polling: 100 },
    );
    await page.close();
  });

  it('highlights nothing on a page about something else', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/demo/unrelated.html'));
    expect(await settled(page)).toBe('ready');
    const texts = await drawn(page);
    for (const k of ['verbatim', 'variant', 'paraphrase', 'reuse'] as const)
      expect(texts[k]).toEqual([]);
    await page.close();
  });
});
