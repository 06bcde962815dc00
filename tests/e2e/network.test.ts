/**
 * Article text never leaves the machine: with the extension loaded, every request made by the pages,
 * the extension's pages and its service worker is recorded while Sourcelight reads and highlights the
 * demo pages. None may go anywhere but the local test server, none from the extension may leave the
 * extension, and none may carry the article's words. The built extension is also checked for remote
 * code, `eval`, and permissions beyond what the README explains.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SHIPPED_EXTENSION_DIR,
  launchWithExtension,
  ROOT,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';

const DEMO_DIR = join(ROOT, 'assets/demo/pages');
const DEMO_PAGES = readdirSync(DEMO_DIR).filter((n) => n.endsWith('.html'));

interface Seen {
  url: string;
  method: string;
  body: string;
  fromWorker: boolean;
  fromExtensionPage: boolean;
}

let browser: ExtensionBrowser;
let server: StaticServer;
const seen: Seen[] = [];

function record(r: Request): void {
  let frameUrl = '';
  try {
    frameUrl = r.frame().url();
  } catch {
    // Service-worker and early navigation requests have no frame.
  }
  seen.push({
    url: r.url(),
    method: r.method(),
    body: r.postData() ?? '',
    fromWorker: r.serviceWorker() !== null,
    fromExtensionPage: frameUrl.startsWith('chrome-extension://'),
  });
}

/** Runs of five words of a text, lower case: any of them in a request means article text left. */
function fiveWordRuns(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const runs = new Set<string>();
  for (let i = 0; i + 5 <= words.length; i++) runs.add(words.slice(i, i + 5).join(' '));
  return runs;
}

function carriesText(request: Seen, runs: Set<string>): string | null {
  let decoded = request.url;
  try {
    decoded = decodeURIComponent(request.url.replace(/\+/g, ' '));
  } catch {
    // Keep the raw URL.
  }
  const words = `${decoded} ${request.body}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (let i = 0; i + 5 <= words.length; i++) {
    const run = words.slice(i, i + 5).join(' ');
    if (runs.has(run)) return run;
  }
  return null;
}

beforeAll(async () => {
  server = await serveStatic({ '/demo': DEMO_DIR });
  browser = await launchWithExtension();
  browser.context.on('request', record);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('network', () => {
  it('sends no request off the machine and none carrying article text while highlighting the demo pages', async () => {
    const runs = new Set<string>();
    let highlighted = 0;
    for (const name of DEMO_PAGES) {
      const page = await browser.context.newPage();
      await page.goto(server.url(`/demo/${name}`), { waitUntil: 'load' });
      const host = page
        .locator(
          'sourcelight-overlay[data-sourcelight-state]:not([data-sourcelight-state="working"])',
        )
        .first();
      const settled = await host.waitFor({ state: 'attached', timeout: 60_000 }).then(
        () => true,
        () => false,
      );
      if (settled) {
        for (const kind of ['verbatim', 'variant', 'paraphrase', 'reuse']) {
          highlighted += Number((await host.getAttribute(`data-count-${kind}`)) ?? 0);
        }
      }
      for (const r of fiveWordRuns(await page.locator('body').innerText())) runs.add(r);
      // Open the popup for this tab too: it asks the overlay and the background for the page's state.
      const popup = await browser.context.newPage();
      await popup
        .goto(`chrome-extension://${browser.extensionId}/popup.html`)
        .catch(() => undefined);
      await popup.waitForTimeout(500);
      await popup.close();
      await page.close();
    }
    // The overlay did its work on these pages, so the requests below are those of real matching.
    expect(highlighted).toBeGreaterThan(0);
    expect(runs.size).toBeGreaterThan(100);

    const local = new URL(server.url('/')).host;
    const offMachine = seen.filter((r) => {
      const u = new URL(r.url);
      return !(u.host === local || ['chrome-extension:', 'data:', 'blob:'].includes(u.protocol));
    });
    expect(offMachine.map((r) => r.url)).toEqual([]);
    // The extension itself (service worker and its own pages) only loads its own files.
    const extensionOut = seen.filter(
      (r) => (r.fromWorker || r.fromExtensionPage) && !r.url.startsWith('chrome-extension://'),
    );
    expect(extensionOut.map((r) => r.url)).toEqual([]);
    const leaks = seen.map((r) => [r.url, carriesText(r, runs)]).filter(([, run]) => run !== null);
    expect(leaks).toEqual([]);
    expect(seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('would see a request from the service worker (self-check of the recorder)', async () => {
    const before = seen.length;
    await browser.worker.evaluate(
      `fetch(${JSON.stringify(server.url('/demo/self-check?probe=1'))}).catch(() => null)`,
    );
    await new Promise((ok) => setTimeout(ok, 500));
    const probe = seen.slice(before).find((r) => r.url.includes('probe=1'));
    expect(probe?.fromWorker).toBe(true);
  });
});

/** Every file of the built extension, with its text. */
function builtFiles(dir = SHIPPED_EXTENSION_DIR): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return builtFiles(path);
    return /\.(m?js|html|json|css)$/.test(name) ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('the built extension', () => {
  const manifest = JSON.parse(
    readFileSync(join(SHIPPED_EXTENSION_DIR, 'manifest.json'), 'utf8'),
  ) as {
    permissions?: string[];
    host_permissions?: string[];
    optional_permissions?: string[];
    content_security_policy?: unknown;
  };

  it('asks for no host permissions and only permissions the README explains', () => {
    expect(manifest.host_permissions ?? []).toEqual([]);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const permission of [
      ...(manifest.permissions ?? []),
      ...(manifest.optional_permissions ?? []),
    ]) {
      expect(readme, `README.md must explain the "${permission}" permission`).toContain(
        `\`${permission}\``,
      );
    }
  });

  it('loads no remote code and never evaluates strings as code', () => {
    // 'wasm-unsafe-eval' lets the sentence model's WebAssembly compile, and nothing else.
    const policy = JSON.stringify(manifest.content_security_policy ?? '');
    expect(policy.replaceAll("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe|eval|https?:|\*/);
    for (const { path, text } of builtFiles()) {
      const where = path.slice(SHIPPED_EXTENSION_DIR.length);
      expect(text, `${where} calls eval`).not.toMatch(/(?<![\w$.])eval\(/);
      expect(text, `${where} builds a Function from a string`).not.toMatch(
        /new Function\(|(?<![\w$.])Function(?:\.(?:apply|call))?\(/,
      );
      expect(text, `${where} imports remote code`).not.toMatch(
        /(?:importScripts|import)\(\s*["'`]https?:/,
      );
      expect(text, `${where} loads a remote script`).not.toMatch(/<script[^>]+src=["']https?:/);
    }
  });
});
