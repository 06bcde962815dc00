/**
 * Team sync across browsers: profile A in Chromium (the Chrome build), profile B in Firefox ESR
 * (the Firefox build, installed as a temporary add-on and driven over WebDriver BiDi by
 * puppeteer-core, as tests/e2e/firefox.test.ts does), one pouchdb-server on 127.0.0.1. B turns
 * sync on from its own options page (the click on Save asks for the server's origin; Firefox is
 * told to grant optional permissions without its prompt, which a headless browser cannot show),
 * opens a news page, and A adds a source: B's open page draws the highlight without a reload.
 * Skips, saying why, when no Firefox or no Firefox build is there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX_BUILD, firefoxMissing, launchFirefox } from '../../testkit/firefox';
import { type CouchServer, startCouch } from '../../testkit/couch';
import {
  type ExtensionBrowser,
  launchWithExtension,
  type StaticServer,
  serveStatic,
} from '../../testkit/harness';
import { SyncPage } from '../../testkit/sync-page';

const missing = firefoxMissing();
if (missing) console.log(`Firefox sync test skipped: ${missing}`);

const QUOTE = 'The lighthouse keepers will stay on the island through the whole of the winter';

/** An invented source. */
const SOURCE = {
  id: 'lighthouse-notice',
  title: 'Coast authority notice on the lighthouse',
  outlet: 'Coast Authority',
  url: null,
  published: '2026-11-04',
  language: 'en',
  text: [
    'The coast authority said on Tuesday that the northern lighthouse would stay staffed.',
    `"${QUOTE}," said the authority's director, Ilse Marren, at a briefing in the harbour town.`,
    'A new automatic lamp is due to be fitted in the spring.',
  ].join('\n'),
};

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keepers stay</title>
<meta property="og:site_name" content="Harbour Gazette"></head><body><main><article><h1>Keepers stay on the island</h1>
<p>Islanders had feared that the northern lighthouse would be left without its keepers this year.</p>
<p>Ilse Marren, who runs the coast authority, put those fears to rest. "${QUOTE}," she told the briefing.</p>
<p>Fishermen welcomed the news and said the light had guided them home through many storms.</p>
<p>The authority still plans to fit an automatic lamp, but says the keepers will train on it first.</p>
</article></main></body></html>`;

/** The UUID Firefox gives the add-on's pages (fixed by a pref, so the test can open its options page). */
const UUID = '5e0f7a1c-2b7d-4f4e-9a55-3c1e2d9b7f10';

let couch: CouchServer;
let site: StaticServer;
let a: ExtensionBrowser;
let syncA: SyncPage;
let firefox: Browser;
const pageDir = mkdtempSync(join(tmpdir(), 'sourcelight-sync-firefox-'));

beforeAll(async () => {
  if (missing) return;
  writeFileSync(join(pageDir, 'keepers.html'), PAGE);
  couch = await startCouch();
  site = await serveStatic({ '/news': pageDir });
  a = await launchWithExtension();
  syncA = await SyncPage.open(a);
  const manifest = JSON.parse(readFileSync(join(FIREFOX_BUILD, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  firefox = await launchFirefox({
    // WebDriver BiDi opens extension pages (moz-extension://) only with this flag.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({
        [manifest.browser_specific_settings.gecko.id]: UUID,
      }),
      // A headless Firefox cannot show the permission prompt: grant what the click asks for.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
});

afterAll(async () => {
  await firefox?.close();
  await a?.close();
  await site?.close();
  await couch?.close();
  rmSync(pageDir, { recursive: true, force: true });
});

describe.skipIf(missing)('team sync between Chromium and Firefox', () => {
  it("draws A's new source on the page B has open in Firefox", async () => {
    const config = {
      server: couch.url,
      database: couch.database,
      username: couch.username,
      password: couch.password,
      enabled: true,
    };
    await syncA.grantOrigin(couch.url);
    await syncA.configure(config);
    await syncA.waitUpToDate();

    // B turns sync on from the Firefox build's own options page, as a user would.
    const options = await firefox.newPage();
    // Firefox loads the extension page but reports no navigation for it over BiDi: the form's
    // appearance is the event to wait for.
    void options.goto(`moz-extension://${UUID}/options.html`).catch(() => undefined);
    const section = 'section[aria-labelledby="sync-heading"]';
    await options.waitForSelector(`${section} input[name="server"]`);
    await options.type(`${section} input[name="server"]`, config.server);
    await options.type(`${section} input[name="database"]`, config.database);
    await options.type(`${section} input[name="username"]`, config.username);
    await options.type(`${section} input[name="password"]`, config.password);
    await options.click(`${section} input[name="enabled"]`);
    await options.click(`${section} button[type="submit"]`);
    await options.waitForFunction(
      (s: string) =>
        document.querySelector(s)?.querySelector('.sync-phase')?.textContent ===
          'Up to date with the team.' &&
        document.querySelector(s)?.querySelector('.sync-pending')?.textContent === '0',
      { timeout: 60_000, polling: 200 },
      section,
    );

    const page = await firefox.newPage();
    await page.goto(site.url('/news/keepers.html'));
    const counts = () =>
      page.evaluate(() => {
        const host = document.querySelector('sourcelight-overlay');
        return {
          state: host?.getAttribute('data-sourcelight-state') ?? null,
          verbatim: Number(host?.getAttribute('data-count-verbatim') ?? 0),
        };
      });
    await page.waitForFunction(
      () => {
        const s = document
          .querySelector('sourcelight-overlay')
          ?.getAttribute('data-sourcelight-state');
        return !!s && s !== 'working';
      },
      { timeout: 60_000, polling: 100 },
    );
    expect((await counts()).verbatim).toBe(0);

    await syncA.request('library.import', { sources: [SOURCE], origin: 'paste', where: 'test' });
    // No reload: Firefox's background asks the open page to match again when the source arrives.
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('sourcelight-overlay')?.getAttribute('data-count-verbatim'),
        ) === 1,
      { timeout: 60_000, polling: 200 },
    );
    const drawn = await page.evaluate(() => {
      const h = CSS.highlights.get('sourcelight-verbatim');
      return h ? [...(h as unknown as Set<Range>)].map((r) => r.toString()).join(' ') : '';
    });
    expect(drawn).toContain('lighthouse keepers will stay on the island');
  });
});
