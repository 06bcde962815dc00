/**
 * A page must not be able to drive Sourcelight. Every attack runs from the page's own script
 * (Playwright `page.evaluate` runs in the page world, with no extension privileges) against the
 * shipped build (`npm run build`): a closed shadow root, no test hooks. After each one the overlay
 * is still on (the same highlights in `CSS.highlights`), the root is unreachable, no popover is
 * open (seen through the DevTools protocol, which sees closed roots), and in the end, after a
 * reload, nothing was dismissed or saved (the page draws as many highlights, and the database
 * holds no dismissal and no annotation). Controls with trusted input (Playwright's keyboard and
 * mouse) show each check can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClosedRoot } from '../../testkit/closed-root';
import {
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchWithExtension,
  SHIPPED_EXTENSION_DIR,
  type StaticServer,
  serveStatic,
} from '../../testkit/harness';
import { KINDS } from '../../testkit/overlay-page';
import { DEMO_PAGES } from './pages/demo-expectations';

let browser: ExtensionBrowser;
let server: StaticServer;
let page: Page;
let closed: ClosedRoot;
let drawn = 0;
const tried: string[] = [];
const passed: string[] = [];

/** Highlights drawn now, over every kind (read in the page world, as any page can). */
const highlightCount = (p: Page) =>
  p.evaluate(
    (kinds) => kinds.reduce((n, k) => n + (CSS.highlights.get(`sourcelight-${k}`)?.size ?? 0), 0),
    [...KINDS],
  );

/** Waits until the overlay drew its highlights (the page sees them appear in `CSS.highlights`). */
const waitDrawn = async (p: Page) => {
  await p.waitForFunction(
    (kinds) => kinds.some((k) => (CSS.highlights.get(`sourcelight-${k}`)?.size ?? 0) > 0),
    [...KINDS],
  );
  return highlightCount(p);
};

/** Lets the page run two frames and a task: anything the attack started synchronously has happened. */
const settle = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<void>((ok) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0))),
      ),
  );

/** The page-world centre of the first verbatim highlight (the page can compute it too). */
const highlightPoint = (p: Page) =>
  p.evaluate(() => {
    const h = CSS.highlights.get('sourcelight-verbatim') as unknown as Set<Range> | undefined;
    const r = h ? [...h][0] : undefined;
    r?.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const rect = r?.getClientRects()[0];
    return rect
      ? { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 }
      : null;
  });

/** What the database holds (read on the extension's own page, where its IndexedDB lives). */
async function stored(): Promise<{ dismissed: number; annotations: number }> {
  const ext = await browser.context.newPage();
  try {
    await ext.goto(`chrome-extension://${browser.extensionId}/options.html`);
    return await ext.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('sourcelight');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const all = (store: string) =>
        new Promise<{ kind?: string }[]>((ok) => {
          const q = db.transaction(store).objectStore(store).getAll();
          q.onsuccess = () => ok(q.result);
        });
      const corrections = await all('corrections');
      const annotations = await all('annotations');
      db.close();
      return {
        dismissed: corrections.filter((c) => c.kind === 'dismissed').length,
        annotations: annotations.length,
      };
    });
  } finally {
    await ext.close();
  }
}

/** One attack from the page world, then the checks every attack must pass. */
async function attack(name: string, run: (p: Page) => Promise<unknown>) {
  tried.push(name);
  await run(page);
  await settle(page);
  expect(await highlightCount(page), `${name}: the overlay must stay on`).toBe(drawn);
  expect(
    await page.evaluate(() => document.querySelector('sourcelight-overlay')?.shadowRoot ?? null),
    `${name}: the root must stay unreachable`,
  ).toBeNull();
  expect(await closed.dialogs(), `${name}: no popover may open`).toBe(0);
  passed.push(name);
}

beforeAll(async () => {
  browser = await launchWithExtension({ extensionDir: SHIPPED_EXTENSION_DIR });
  server = await serveStatic({ '/demo': DEMO_PAGES });
  page = await browser.context.newPage();
  closed = new ClosedRoot(page);
  await page.goto(server.url('/demo/wire-copy.html'));
  drawn = await waitDrawn(page);
});

afterAll(async () => {
  console.log(`page attacks: ${tried.length} tried, ${passed.length} passed`);
  await browser?.close();
  await server?.close();
});

describe('the shipped build', () => {
  it('closes the shadow root and carries no test hook (the test build does, so this scan can fail)', async () => {
    const content = (dir: string) => readFileSync(join(dir, 'content-scripts/content.js'), 'utf8');
    const shipped = content(SHIPPED_EXTENSION_DIR);
    expect(shipped).not.toContain('data-sourcelight-state');
    expect(shipped).not.toMatch(/mode:\s*[`'"]open[`'"]/);
    expect(shipped).toMatch(/mode:\s*[`'"]closed[`'"]/);
    const test = content(EXTENSION_DIR);
    expect(test).toContain('data-sourcelight-state');
    // And in the page: the root is closed, and the host tells the page nothing of our state.
    const roots = await closed.roots();
    expect(roots.map((r) => r.type)).toEqual(['closed']);
    const attributes = await page.evaluate(() =>
      [...(document.querySelector('sourcelight-overlay')?.attributes ?? [])].map((a) => a.name),
    );
    expect(attributes.filter((a) => a.startsWith('data-'))).toEqual([]);
  });
});

describe('attacks from the page world', () => {
  it('a synthetic Alt+Shift+H on window, document, body and the host does not switch the overlay off', async () => {
    expect(drawn).toBeGreaterThan(0);
    await attack('synthetic toggle key', (p) =>
      p.evaluate(() => {
        const init = {
          key: 'H',
          code: 'KeyH',
          altKey: true,
          shiftKey: true,
          bubbles: true,
          composed: true,
        };
        const host = document.querySelector('sourcelight-overlay');
        for (const target of [window, document, document.body, host].filter(Boolean))
          for (const type of ['keydown', 'keyup'])
            target!.dispatchEvent(new KeyboardEvent(type, init));
      }),
    );
    // Control: the reader's own Alt+Shift+H does switch it off, and on again.
    await page.keyboard.press('Alt+Shift+H');
    await page.waitForFunction(() => !CSS.highlights.get('sourcelight-verbatim')?.size);
    await page.keyboard.press('Alt+Shift+H');
    expect(await waitDrawn(page)).toBe(drawn);
  });

  it('the shadow root cannot be read or reached from the page', async () => {
    await attack('reach into the shadow root', (p) =>
      p.evaluate(() => {
        const host = document.querySelector('sourcelight-overlay')!;
        const found = {
          shadowRoot: host.shadowRoot,
          children: host.querySelectorAll('*').length,
          text: host.textContent,
          deep: document.querySelectorAll('sourcelight-overlay *, .popover, [role="dialog"]')
            .length,
        };
        let attached = 'no error';
        try {
          host.attachShadow({ mode: 'open' });
        } catch (e) {
          attached = String(e);
        }
        if (
          found.shadowRoot ||
          found.children ||
          found.text ||
          found.deep ||
          attached === 'no error'
        )
          throw new Error(`the page reached the overlay: ${JSON.stringify(found)}`);
      }),
    );
  });

  it('synthetic clicks and pointer events on a highlight open no popover', async () => {
    const at = await highlightPoint(page);
    expect(at).not.toBeNull();
    await attack('synthetic click on a highlight', (p) =>
      p.evaluate(({ x, y }) => {
        const target = document.elementFromPoint(x, y)!;
        const init = { clientX: x, clientY: y, bubbles: true, composed: true, button: 0 };
        for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
          target.dispatchEvent(new MouseEvent(type, init));
        (target as HTMLElement).click();
      }, at!),
    );
    await attack('synthetic hover on a highlight', async (p) => {
      await p.evaluate(({ x, y }) => {
        const target = document.elementFromPoint(x, y)!;
        for (let i = 0; i < 5; i++)
          target.dispatchEvent(
            new MouseEvent('mousemove', {
              clientX: x + i,
              clientY: y,
              bubbles: true,
              composed: true,
            }),
          );
      }, at!);
      // A hover popover opens after the overlay's hover delay (250 ms): give a honoured hover
      // twice that before the checks.
      await p.waitForTimeout(500);
    });
    // Control: the reader's own click opens the popover, seen through the closed root.
    await page.mouse.click(at!.x, at!.y);
    await expect.poll(() => closed.dialogs()).toBe(1);
    expect(await closed.buttons()).toEqual(expect.arrayContaining(['Save', 'Not a match']));
  });

  it('with a popover open, the page can neither press "Not a match" or "Save" nor close it', async () => {
    // The reader opened it (previous test); the page now tries everything it can reach.
    expect(await closed.dialogs()).toBe(1);
    tried.push('press the popover buttons from the page');
    await page.evaluate(() => {
      const host = document.querySelector('sourcelight-overlay') as HTMLElement;
      const rect = host.getBoundingClientRect();
      for (const el of document.querySelectorAll('button, [role="dialog"]'))
        (el as HTMLElement).click();
      host.click();
      host.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }),
      );
      host.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
      );
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      // Focus tricks: make the host focusable, focus it, tab into it.
      host.tabIndex = 0;
      host.focus();
      host.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true }),
      );
      document.activeElement?.dispatchEvent(
        new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true }),
      );
      // Every point but the site's links: following one would leave the page, which says nothing
      // about the overlay (and where the links fall depends on the scroll).
      for (let x = 0; x < innerWidth; x += 40)
        for (let y = 0; y < innerHeight; y += 40) {
          const el = document.elementFromPoint(x, y) as HTMLElement | null;
          if (el && !el.closest('a[href]')) el.click();
        }
      host.removeAttribute('tabindex');
      void rect;
    });
    await settle(page);
    expect(await closed.dialogs(), 'the popover is still open: the page could not close it').toBe(
      1,
    );
    expect(await highlightCount(page)).toBe(drawn);
    passed.push('press the popover buttons from the page');
    await page.keyboard.press('Escape');
    await expect.poll(() => closed.dialogs()).toBe(0);
  });

  it('attributes, custom events and postMessage change nothing', async () => {
    await attack('DOM attributes on the host and the article', (p) =>
      p.evaluate(() => {
        const host = document.querySelector('sourcelight-overlay')!;
        const planted: [string, string][] = [
          ['data-sourcelight-state', 'off'],
          ['data-sourcelight-dismiss', 'all'],
          ['data-enabled', 'false'],
          ['aria-hidden', 'true'],
        ];
        for (const [k, v] of planted) host.setAttribute(k, v);
        document.body.setAttribute('data-sourcelight', 'off');
        document.documentElement.setAttribute('data-sourcelight-enabled', 'false');
      }),
    );
    await attack('custom events', (p) =>
      p.evaluate(() => {
        for (const type of [
          'sourcelight:toggle',
          'sourcelight:dismiss',
          'sourcelight:save',
          'wxt:locationchange',
          'wxt:content:locationchange',
        ]) {
          window.dispatchEvent(new CustomEvent(type, { detail: { enabled: false } }));
          document.dispatchEvent(new CustomEvent(type, { detail: { enabled: false } }));
        }
      }),
    );
    await attack('postMessage', (p) =>
      p.evaluate(() => {
        for (const message of [
          { sourcelightOverlay: 'toggle' },
          { sourcelightOverlay: 'setSiteEnabled', enabled: false },
          { sourcelight: 'match.dismiss', payload: { url: location.href, key: 'x' } },
          { sourcelight: 'annotation.save', payload: {} },
        ])
          window.postMessage(message, '*');
      }),
    );
    await attack('runtime messaging from the page', (p) =>
      p.evaluate(() => {
        const chromeApi = (
          window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }
        ).chrome;
        if (typeof chromeApi?.runtime?.sendMessage === 'function')
          throw new Error('the page can reach runtime messaging');
      }),
    );
  });

  it('tampering with CSS.highlights does not steer the overlay', async () => {
    const at = await highlightPoint(page);
    await attack('CSS.highlights entries replaced and planted', (p) =>
      p.evaluate(() => {
        const verbatim = CSS.highlights.get('sourcelight-verbatim')!;
        const mine = [...(verbatim as unknown as Set<Range>)];
        // A decoy highlight over the page's first paragraph, under our focus and verbatim names.
        const decoy = document.createRange();
        decoy.selectNodeContents(document.querySelector('p')!);
        CSS.highlights.set('sourcelight-focus', new Highlight(decoy));
        CSS.highlights.delete('sourcelight-verbatim');
        CSS.highlights.set('sourcelight-verbatim', new Highlight(...mine));
      }),
    );
    // Our own ranges still decide what a click opens: the reader's click on the highlight opens
    // its popover; a click on the decoy opens none.
    await page.mouse.click(at!.x, at!.y);
    await expect.poll(() => closed.dialogs()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => closed.dialogs()).toBe(0);
  });

  it('a page removing our host gets it back once, and no tug of war after that', async () => {
    tried.push('remove the host element');
    const added = await page.evaluate(async () => {
      const host = () => document.querySelector('sourcelight-overlay');
      const observed = { added: 0 };
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if ((n as Element).tagName === 'SOURCELIGHT-OVERLAY') observed.added += 1;
      }).observe(document.documentElement, { childList: true });
      const frames = () =>
        new Promise<void>((ok) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0))),
        );
      host()!.remove();
      await frames();
      const back = Boolean(host());
      host()?.remove();
      await frames();
      await frames();
      return { back, afterSecond: Boolean(host()), added: observed.added };
    });
    expect(added).toEqual({ back: true, afterSecond: false, added: 1 });
    expect(await highlightCount(page)).toBe(drawn);
    passed.push('remove the host element');
  });

  it("the page's own listeners hear no message from Sourcelight (none names the extension)", async () => {
    const heard = await browser.context.newPage();
    try {
      // Page world, before any page script: every window message and every event on document.
      await heard.addInitScript(() => {
        const log: string[] = [];
        (window as unknown as { __heard: string[] }).__heard = log;
        window.addEventListener('message', (e) => log.push(`message ${JSON.stringify(e.data)}`));
      });
      await heard.goto(server.url('/demo/wire-copy.html'));
      expect(await waitDrawn(heard)).toBeGreaterThan(0);
      await settle(heard);
      const log = await heard.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
      expect(
        log.filter((m) => m.includes(browser.extensionId) || /sourcelight|wxt/i.test(m)),
      ).toEqual([]);
    } finally {
      await heard.close();
    }
  });

  it('after a reload the page draws as many highlights, and the database holds no dismissal and no note', async () => {
    await page.reload();
    expect(await waitDrawn(page)).toBe(drawn);
    expect(await stored()).toEqual({ dismissed: 0, annotations: 0 });
    expect(passed).toEqual(tried);
  });
});
