/**
 * The battery (issue 21) in Chromium with the built extension: pages that are huge, deep, framed,
 * restless, bidirectional or that break the built-ins; a quote that looks like markup; another
 * extension trying to change the library; and every request made meanwhile. Each page: no error
 * from us, the page still works, and every highlight lies inside the one passage that renders a
 * source (right), or there is none (absent). tests/e2e/hostile.test.ts covers the pages before it.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchWithExtension,
  ROOT,
  serveStatic,
  setSiteEnabled,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { OverlayPage } from '../../testkit/overlay-page';
import { QUOTE_PARAGRAPH, writeBatteryPages } from '../fixtures/battery/generate';

const STATIC_DIR = join(ROOT, 'tests/fixtures/battery');
const INTRUDER_DIR = realpathSync(join(STATIC_DIR, 'intruder'));
/** A hang guard, not a speed target (see hostile.test.ts): far below a frozen page. */
const MAX_FREEZE_MS = 3_000;
/** Characters that carry no text of their own: zero-width and bidi controls. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Probes run in a world of their own (a CDP isolated world), so a page that broke its built-ins
 * cannot break them: the texts of every highlight (the registry is shared by all worlds) and the
 * longest gap between timers on the page's main thread.
 */
const PROBES = `(() => {
  let last = performance.now();
  window.__slMaxGap = 0;
  const beat = () => { const t = performance.now(); window.__slMaxGap = Math.max(window.__slMaxGap, t - last); last = t; setTimeout(beat, 25); };
  setTimeout(beat, 25);
  window.__slHighlights = () => [...CSS.highlights.keys()]
    .filter((n) => n.startsWith('sourcelight-'))
    .flatMap((n) => [...CSS.highlights.get(n)].map((r) => [n, r instanceof Range ? r.toString() : '']));
})()`;

interface SeenRequest {
  url: string;
  fromExtension: boolean;
}

let browser: ExtensionBrowser;
let server: StaticServer;
let generated: string;
const requests: SeenRequest[] = [];
const tally = { cases: 0, passed: 0 };

function record(r: Request): void {
  let frame = '';
  try {
    frame = r.frame().url();
  } catch {
    // Service-worker requests have no frame.
  }
  requests.push({
    url: r.url(),
    fromExtension: r.serviceWorker() !== null || frame.startsWith('chrome-extension://'),
  });
}

/** A battery case: counted, so the run prints how many passed. */
function battery(name: string, fn: () => Promise<void>, timeout = 120_000): void {
  it(
    name,
    async () => {
      tally.cases++;
      await fn();
      tally.passed++;
    },
    timeout,
  );
}

beforeAll(async () => {
  generated = mkdtempSync(join(tmpdir(), 'sourcelight-battery-'));
  writeBatteryPages(generated);
  server = await serveStatic({ '/battery': generated, '/static': STATIC_DIR });
  browser = await launchWithExtension({ alsoLoad: [INTRUDER_DIR] });
  browser.context.on('request', record);
});

afterAll(async () => {
  console.log(
    `battery (Chromium): ${tally.passed}/${tally.cases} cases passed; ${requests.length} requests seen, ${requests.filter((r) => r.fromExtension).length} from the extension`,
  );
  await browser?.close();
  await server?.close();
  if (generated) rmSync(generated, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  errors: string[];
  state: string | null;
  /** A run of the overlay ended on the page (a page that keeps changing may have started another). */
  ended: boolean;
  /** Evaluates an expression in the probes' world and returns its value. */
  probe: (expression: string) => Promise<unknown>;
}

/** Opens a page with the probes and waits until the overlay's run has ended. */
async function visit(path: string, waitForOverlay = true): Promise<Visit> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const errors: string[] = [];
  const ours = (text: string) => /chrome-extension:\/\/|sourcelight/i.test(text);
  cdp.on('Runtime.exceptionThrown', (e) => {
    const d = e.exceptionDetails;
    const text = `${d.exception?.description ?? d.text} @ ${d.url ?? ''} ${d.stackTrace?.callFrames.map((f) => f.url).join(' ') ?? ''}`;
    // The page's own "page broke …" errors are its business; anything thrown from our code is ours.
    if (ours(text) && !/^Error: page broke/.test(d.exception?.description ?? '')) errors.push(text);
    else if (ours(d.stackTrace?.callFrames.map((f) => f.url).join(' ') ?? '')) errors.push(text);
  });
  cdp.on('Runtime.consoleAPICalled', (e) => {
    if (e.type !== 'error' && e.type !== 'assert') return;
    const frames = e.stackTrace?.callFrames.map((f) => f.url).join(' ') ?? '';
    if (ours(frames))
      errors.push(`console: ${e.args.map((a) => a.description ?? a.value).join(' ')}`);
  });
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await cdp.send('Runtime.enable');
  await page.goto(server.url(path), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'battery-probes',
  });
  const probe = async (expression: string) => {
    const r = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      returnByValue: true,
    });
    if (r.exceptionDetails) throw new Error(`probe failed: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  await probe(PROBES);
  const done =
    'sourcelight-overlay[data-sourcelight-state]:not([data-sourcelight-state="working"])';
  // Asked in the probes' own world: a page that broke its built-ins (overrides.html) breaks any
  // check run in the page's world, and the run's end would be missed.
  const runEnded = async () =>
    (await probe(
      `!!document.querySelector('${done}') || performance.getEntriesByName('sourcelight:done').length > 0`,
    )) === true;
  if (waitForOverlay)
    await expect
      .poll(runEnded, { timeout: 60_000, interval: 100 })
      .toBe(true)
      .catch(() => undefined);
  const state = await page
    .locator('sourcelight-overlay')
    .first()
    .getAttribute('data-sourcelight-state', { timeout: 1_000 })
    .catch(() => null);
  return { page, errors, state, ended: await runEnded(), probe };
}

/** Turns the overlay on or off for the test server's site, as the popup's switch does. */
const setSiteOn = (enabled: boolean) =>
  setSiteEnabled(browser, new URL(server.url('/')).hostname, enabled);

/**
 * The longest gap between timers on `path` with the overlay turned off for the site, in the same
 * browser: a page this big holds its own main thread while it is laid out, and that is not ours.
 */
async function gapWithOverlayOff(path: string): Promise<number> {
  await setSiteOn(false);
  try {
    const v = await visit(path, false);
    await v.page.locator('#counter').click();
    await v.page.waitForTimeout(5_000);
    const gap = (await v.probe('window.__slMaxGap')) as number;
    await v.page.close();
    return gap;
  } finally {
    await setSiteOn(true);
  }
}

/** No error of ours, the page's button still counts, its timers never froze, highlights right or absent. */
async function expectSound(
  v: Visit,
  inside = QUOTE_PARAGRAPH,
  pageOwnGap = 0,
): Promise<[string, string][]> {
  expect(v.errors).toEqual([]);
  const counter = v.page.locator('#counter');
  await counter.click();
  await counter.click();
  expect(await counter.getAttribute('data-clicks')).toBe('2');
  const gap = (await v.probe('window.__slMaxGap')) as number;
  expect(gap).toBeLessThan(pageOwnGap + MAX_FREEZE_MS);
  // A page that keeps changing may be read again once a run has ended: 'working' is then a rerun.
  const settled = ['ready', 'not-article', 'off', ...(v.ended ? ['working'] : [])];
  if (v.state !== null) expect(settled).toContain(v.state);
  const drawn = (await v.probe('window.__slHighlights()')) as [string, string][];
  const allowed = inside.replace(INVISIBLE, '');
  for (const [name, text] of drawn) {
    if (name === 'sourcelight-saved' || name === 'sourcelight-focus') continue;
    expect(text.replace(INVISIBLE, '').length, name).toBeGreaterThan(0);
    expect(allowed, `${name}: "${text}"`).toContain(text.replace(INVISIBLE, ''));
  }
  return drawn;
}

describe('battery: hostile pages', () => {
  battery('200,000 elements: highlights right or absent, the page keeps working', async () => {
    const own = await gapWithOverlayOff('/battery/elements-200k.html');
    const v = await visit('/battery/elements-200k.html');
    await expectSound(v, QUOTE_PARAGRAPH, own);
    console.log(
      `200,000 elements: overlay state ${v.state}; longest gap with the overlay off ${Math.round(own)} ms`,
    );
    await v.page.close();
  });

  battery('5,000 levels of nesting built by the page script', async () => {
    const v = await visit('/battery/deep-5000.html');
    await expectSound(v);
    expect(await v.page.evaluate('document.body.dataset.deep')).toBe('built');
    await v.page.close();
  });

  battery('100 iframes of four kinds: frames keep their own documents', async () => {
    const v = await visit('/battery/frames-100.html');
    await expectSound(v);
    expect(await v.page.locator('iframe').count()).toBe(100);
    expect(await v.page.frameLocator('iframe >> nth=1').locator('#inner').textContent()).toBe(
      'inside a frame',
    );
    await v.page.close();
  });

  battery('a DOM that changes every 10 ms: the page keeps ticking', async () => {
    const v = await visit('/battery/mutating-10ms.html');
    const before = Number(await v.page.locator('body').getAttribute('data-ticks'));
    await expectSound(v);
    await v.page.waitForFunction((n) => Number(document.body.dataset.ticks) > n + 20, before);
    await v.page.close();
  });

  battery('a quotation of 1 MB that never closes', async () => {
    const v = await visit('/battery/quote-1mb.html');
    await expectSound(v);
    await v.page.close();
  });

  battery(
    'right-to-left text, bidi controls and zero-width characters inside the quote',
    async () => {
      const v = await visit('/battery/rtl-zero-width.html');
      // The quote with its invisible characters is a second right place for a highlight.
      const rtl = (await v.page.locator('p', { hasText: 'he repeated' }).textContent()) ?? '';
      await expectSound(v, `${QUOTE_PARAGRAPH}\n${rtl}`);
      expect(await v.page.locator('p[dir="rtl"]').textContent()).toContain('المعاهدة');
      await v.page.close();
    },
  );

  battery(
    'a page that breaks Array, JSON, Node, Range and CSS.highlights before anything runs',
    async () => {
      const v = await visit('/battery/overrides.html');
      await expectSound(v);
      expect(await v.page.locator('#widget').textContent()).toBe('widget ready');
      await v.page.close();
    },
  );
});

describe('battery: markup in a quote', () => {
  battery('shows markup-looking text as text in the popover, and runs none of it', async () => {
    const source = JSON.parse(readFileSync(join(STATIC_DIR, 'markup-source.json'), 'utf8'));
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const envelope = {
      sourcelight: 'library.import',
      payload: { sources: [source], origin: 'paste', where: 'battery' },
    };
    const added = (await options.evaluate(
      `chrome.runtime.sendMessage(${JSON.stringify(envelope)})`,
    )) as { ok: boolean };
    expect(added.ok).toBe(true);
    await options.close();
    const v = await visit('/static/markup-quote.html');
    // What else gets linked here is the matcher's call; this case is about how the quote is shown.
    const drawn = await expectSound(v, (await v.page.locator('article').textContent()) ?? '');
    expect(drawn.some(([n]) => n === 'sourcelight-verbatim')).toBe(true);
    const popover = await new OverlayPage(v.page).openPopover('verbatim', 'must wait outside');
    const shown = await popover.innerText();
    expect(shown).toContain("<script>alert('sourcelight')</script>");
    expect(shown).toContain('<img src=x onerror=alert(2)>');
    expect(await popover.locator('script, img').count()).toBe(0);
    await v.page.waitForTimeout(300);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });
});

describe('battery: another extension', () => {
  battery('cannot list, export, write or delete the library over runtime messaging', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const snapshot = () =>
      options.evaluate(`(async () => {
        const ask = async (name) => JSON.stringify(await chrome.runtime.sendMessage({ sourcelight: name, payload: {} }));
        return [await ask('library.list'), await ask('annotation.export')];
      })()`) as Promise<string[]>;
    const before = await snapshot();
    expect(before[0]).toContain('demo-dam-courier');
    // Chromium gives an unpacked extension the id hashed from its folder's path.
    const intruderId = [...createHash('sha256').update(INTRUDER_DIR).digest('hex').slice(0, 32)]
      .map((c) => String.fromCharCode(97 + Number.parseInt(c, 16)))
      .join('');
    const intruder = await browser.context.newPage();
    await intruder.goto(`chrome-extension://${intruderId}/intrude.html`);
    const results = (await intruder.evaluate(`tryAll(${JSON.stringify(browser.extensionId)})`)) as {
      name: string;
      reply?: { ok?: boolean; value?: unknown } | null;
      error?: string;
    }[];
    expect(results).toHaveLength(8);
    for (const r of results) {
      // Refused outright, or answered with nothing: never a reply carrying the library.
      expect(r.reply?.ok ?? false, r.name).toBe(false);
      expect(JSON.stringify(r.reply ?? null), r.name).not.toContain('demo-dam');
    }
    expect(await snapshot()).toEqual(before);
    await intruder.close();
    await options.close();
  });
});

describe('battery: network', () => {
  battery('nothing the extension requested during the battery left the machine', async () => {
    expect(requests.length).toBeGreaterThan(10);
    const local = new URL(server.url('/')).host;
    const away = requests.filter((r) => {
      const u = new URL(r.url);
      return !(
        u.host === local || ['chrome-extension:', 'data:', 'blob:', 'about:'].includes(u.protocol)
      );
    });
    expect(away.map((r) => r.url)).toEqual([]);
    expect(
      requests
        .filter((r) => r.fromExtension && !r.url.startsWith('chrome-extension://'))
        .map((r) => r.url),
    ).toEqual([]);
  });
});
