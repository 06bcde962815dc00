/**
 * The sentence model in Firefox: the Firefox build runs it in its background page (Manifest V2,
 * with 'wasm-unsafe-eval' in its policy). On a demo page that renders the demo library, the pass
 * of links through meaning that follows the lexical highlights reports that the model ran ('off'
 * would mean it could not load).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, serveStatic, type StaticServer } from '../../testkit/harness';
import { DEMO_PAGES } from './pages/demo-expectations';

const FIREFOX =
  [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find(
    (p) => p && existsSync(p),
  ) ?? null;
const BUILD = join(ROOT, process.env.SOURCELIGHT_OUT_DIR || '.output-test', 'firefox-mv2');
const missing = !FIREFOX
  ? 'no Firefox (apt-get install -y firefox-esr, or set FIREFOX_PATH)'
  : !existsSync(join(BUILD, 'model', 'encoder.onnx'))
    ? `no Firefox build with the model in ${BUILD} (npm run model, then npm run build:test)`
    : null;
if (missing) console.log(`Firefox meaning test skipped: ${missing}`);

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  if (missing) return;
  const puppeteer = (await import('puppeteer-core')).default;
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX!,
    headless: true,
  });
  await browser.installExtension(BUILD);
  server = await serveStatic({ '/demo': DEMO_PAGES });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(missing !== null)('the sentence model in Firefox', () => {
  it('runs in the background page after the lexical highlights are drawn', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/demo/wire-copy.html'));
    const meaning = await page.waitForFunction(
      () => {
        const m = document
          .querySelector('sourcelight-overlay')
          ?.getAttribute('data-sourcelight-meaning');
        return m === 'done' || m === 'off' ? m : null;
      },
      { timeout: 180_000, polling: 200 },
    );
    expect(await meaning.jsonValue()).toBe('done');
    await page.close();
  }, 240_000);
});
