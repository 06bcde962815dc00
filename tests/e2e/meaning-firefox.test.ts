import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxMissing, launchFirefox } from '../../testkit/firefox';
import { serveStatic, type StaticServer } from '../../testkit/harness';
import { DEMO_PAGES } from './pages/demo-expectations';

const missing = firefoxMissing('model/encoder.onnx', 'npm run model, then npm run build:test');
if (missing) console.log(`Firefox meaning test skipped: ${missing}`);

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  if (missing) return;
  browser = await launchFirefox();
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
