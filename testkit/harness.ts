/**
 * Real-browser harness: Debian's Chromium driven by playwright-core with the built extension
 * loaded, and a static file server on 127.0.0.1. Used by the e2e tests, the demo and the benchmarks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
/**
 * The test build of the Chrome extension (`npm run build:test`: the overlay's shadow root open and
 * its state on the host element, for locators and probes); SOURCELIGHT_OUT_DIR selects another
 * build folder.
 */
export const EXTENSION_DIR = join(
  ROOT,
  process.env.SOURCELIGHT_OUT_DIR || '.output-test',
  'chrome-mv3',
);
/** The shipped build (`npm run build`), as users install it: the page-attack tests run on it. */
export const SHIPPED_EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');

/** Chromium to drive: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      'Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH',
    );
  return found;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  close: (options?: { keepProfile?: boolean }) => Promise<void>;
}

/**
 * Launches Chromium with the built extension. Pass `userDataDir` to reopen a profile (the library
 * test restarts the browser on the same profile).
 */
export async function launchWithExtension(
  options: {
    headless?: boolean;
    userDataDir?: string;
    extensionDir?: string;
    /** Other unpacked extensions to load beside ours (the battery's intruder); none may have a service worker. */
    alsoLoad?: string[];
  } = {},
): Promise<ExtensionBrowser> {
  const dir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(dir, 'manifest.json'))) {
    const build = dir === SHIPPED_EXTENSION_DIR ? 'npm run build:chrome' : 'npm run build:test';
    throw new Error(`no built extension in ${dir}: run \`${build}\` first`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'sourcelight-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${[dir, ...(options.alsoLoad ?? [])].join(',')}`,
      `--load-extension=${[dir, ...(options.alsoLoad ?? [])].join(',')}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    close: async ({ keepProfile = false } = {}) => {
      await context.close();
      if (!keepProfile && !options.userDataDir)
        rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: (path: string) => string;
  close: () => Promise<void>;
}

/**
 * Serves folders on 127.0.0.1 under mount prefixes, e.g. `{ '/demo': 'assets/demo/pages' }`.
 * `headers` lets a test add response headers such as a strict Content-Security-Policy; `delayMs`
 * holds every answer back, as a real site's time to first byte would.
 */
export async function serveStatic(
  mounts: Record<string, string>,
  headers: (path: string) => Record<string, string> = () => ({}),
  delayMs = 0,
): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    if (delayMs > 0) setTimeout(() => answer(req, res), delayMs);
    else answer(req, res);
  });
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!path.startsWith(`${prefix}/`)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(normalize(dir)) || !existsSync(file) || statSync(file).isDirectory())
        break;
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        ...headers(path),
      });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        // Idle keep-alive connections would hold the close up for minutes.
        server.closeAllConnections();
      }),
  };
}

/**
 * Page-world script, registered before any page script: collects main-thread long tasks in
 * `window.__slLongTasks` (Chromium's Long Tasks API). Passed as source text, so no bundler helper
 * leaks into the page.
 */
export const WATCH_LONG_TASKS = `(() => {
  window.__slLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__slLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the other figures still stand.
  }
})()`;

/**
 * Turns the overlay on or off for a site, as the popup's switch does (the request comes from an
 * extension page, the only sender allowed to change it).
 */
export async function setSiteEnabled(
  browser: ExtensionBrowser,
  host: string,
  enabled: boolean,
): Promise<void> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const envelope = { sourcelight: 'site.setEnabled', payload: { host, enabled } };
  await options.evaluate(`chrome.runtime.sendMessage(${JSON.stringify(envelope)})`);
  await options.close();
}

/**
 * Sends one request to the background from an extension page (the popup), as the extension's own
 * pages do, and returns its value or throws its error.
 */
export async function extensionRequest(
  browser: ExtensionBrowser,
  name: string,
  payload: unknown,
): Promise<unknown> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  const reply = await page.evaluate(
    ([n, p]) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({ sourcelight: n, payload: p }),
    [name, payload] as const,
  );
  await page.close();
  const r = reply as { ok: boolean; value?: unknown; error?: string };
  if (!r?.ok) throw new Error(`${name}: ${r?.error}`);
  return r.value;
}
