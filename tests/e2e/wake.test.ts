/**
 * The first page after Chromium stopped the idle worker: the worker is woken as the page's
 * document arrives (tabs.onUpdated), while the browser is still parsing it, not when the page's
 * script first asks after DOMContentLoaded. The reader's wait for the first highlights after a
 * pause shrinks by the worker's start (bench/cold-worker.ts measures it). Here the server sends half
 * the page and holds the rest back, so DOMContentLoaded, and with it any content script of ours,
 * cannot have come when the worker is seen running.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  extensionRequest,
  launchWithExtension,
  ROOT,
  type ExtensionBrowser,
} from '../../testkit/harness';
import { OverlayPage } from '../../testkit/overlay-page';
import { stopWorker, workerReaches } from '../../testkit/worker-state';

/** How long the server holds the page's second half: far longer than a worker takes to start. */
const HOLD_MS = 4_000;
const PAGE = readFileSync(join(ROOT, 'assets/demo/pages/wire-copy.html'), 'utf8');

let browser: ExtensionBrowser;
let server: Server;
let url = '';
let finished: number | null = null;

beforeAll(async () => {
  browser = await launchWithExtension();
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const half = PAGE.indexOf('<body');
    res.write(PAGE.slice(0, half));
    setTimeout(() => {
      finished = Date.now();
      res.end(PAGE.slice(half));
    }, HOLD_MS);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
  await browser?.close();
});

it('wakes the stopped worker as the page arrives, before the page is read, and highlights it', async () => {
  // The reader has used Sourcelight before the pause: the worker is installed and its library ready.
  expect(await extensionRequest(browser, 'library.prepare', {})).toMatchObject({
    sources: expect.any(Number),
  });
  // The tab is open before the worker stops: opening one would wake it by itself.
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await stopWorker(cdp, browser.extensionId);

  const running = workerReaches(cdp, browser.extensionId, 'running', HOLD_MS + 2_000);
  const loading = page.goto(url);
  expect(await running).toBe(true);
  // The rest of the page had not been sent yet.
  expect(finished).toBeNull();

  await loading;
  const host = await new OverlayPage(page).waitSettled();
  expect(host.state).toBe('ready');
  expect(Object.values(host.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}, 60_000);
