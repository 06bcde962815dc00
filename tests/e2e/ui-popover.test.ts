/**
 * The popover as a reader meets it, in Chromium with the built extension, on a 1280×900 screen and
 * a 390×844 phone, light and dark: every highlight of the demo pages opened from the keyboard, and
 * each kind clicked at the top and the bottom edge of the viewport. Each popover must lie whole
 * inside the viewport, keep its buttons in view and reachable, and leave the passage it explains
 * uncovered; axe-core must find nothing serious in it. Screenshots go to test-results/ui/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchWithExtension,
  ROOT,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { KINDS, OverlayPage, type Kind } from '../../testkit/overlay-page';
import {
  type Box,
  focusedPassage,
  inside,
  overlaps,
  placement,
  popoverSettled,
  SCHEMES,
  seriousAxe,
  shot,
  VIEWPORTS,
} from './pages/ui-probe';

const PAGES = ['rewritten.html', 'opinion.html', 'wire-copy.html'];
/** The popover inside the overlay's shadow root, for axe-core. */
const POPOVER_CONTEXT = { include: [['sourcelight-overlay', '.popover']] };

let browser: ExtensionBrowser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchWithExtension();
  server = await serveStatic({ '/demo': join(ROOT, 'assets/demo/pages') });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(file: string, width: number, height: number, scheme: 'light' | 'dark') {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: scheme });
  const o = new OverlayPage(page);
  await page.goto(server.url(`/demo/${file}`));
  const host = await o.waitSettled();
  expect(host.state).toBe('ready');
  return { page, o, total: KINDS.reduce((n, k) => n + host.counts[k], 0), host };
}

/** Checks one open popover against the passage it explains; returns what failed, in words. */
async function problems(o: OverlayPage, passage: Box[], what: string): Promise<string[]> {
  await popoverSettled(o.page, o.popover());
  const p = await placement(o.popover());
  const out: string[] = [];
  if (!inside(p)) out.push(`${what}: popover ${JSON.stringify(p.box)} leaves the viewport`);
  for (const b of p.buttons)
    if (!b.inside || !b.reachable)
      out.push(`${what}: button "${b.name}" ${b.inside ? 'is covered' : 'is out of view'}`);
  if (passage.some((line) => overlaps(line, p.box)))
    out.push(`${what}: popover covers the passage it explains`);
  return out;
}

/** Scrolls the first `kind` highlight to the top or bottom edge of the viewport and clicks it. */
async function clickAtEdge(page: Page, kind: Kind, edge: 'top' | 'bottom'): Promise<Box[] | null> {
  const rects = await page.evaluate(
    ([name, where]) => {
      const h = CSS.highlights.get(name) as unknown as Set<AbstractRange> | undefined;
      const range = h ? [...h].find((r) => r instanceof Range) : undefined;
      if (!(range instanceof Range)) return null;
      const r0 = range.getBoundingClientRect();
      const y = where === 'top' ? r0.top - 12 : r0.bottom - innerHeight + 12;
      window.scrollBy(0, y);
      return [...range.getClientRects()].map((r) => ({
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
      }));
    },
    [`sourcelight-${kind}`, edge] as const,
  );
  if (!rects?.length) return null;
  const line = edge === 'top' ? rects[0]! : rects[rects.length - 1]!;
  await page.mouse.click(
    line.left + Math.min(12, (line.right - line.left) / 2),
    (line.top + line.bottom) / 2,
  );
  return rects;
}

for (const vp of VIEWPORTS) {
  for (const scheme of SCHEMES) {
    describe(`popover, ${vp.width}×${vp.height}, ${scheme}`, () => {
      for (const file of PAGES) {
        it(`every popover on ${file} is whole in view, buttons reachable, passage uncovered`, async () => {
          const { page, o, total, host } = await openPage(file, vp.width, vp.height, scheme);
          const failures: string[] = [];
          const shotKinds = new Set<string>();
          // Every highlight from the keyboard, as a keyboard user reads the page.
          for (let i = 0; i < total; i++) {
            await page.keyboard.press('Alt+Shift+N');
            await o.navigator().waitFor();
            await page.keyboard.press('Enter');
            const popover = o.popover();
            await popover.waitFor({ state: 'visible' });
            await popoverSettled(page, popover);
            const passage = await focusedPassage(page);
            expect(passage.length).toBeGreaterThan(0);
            failures.push(...(await problems(o, passage, `${file} highlight ${i + 1}`)));
            const kind = (await popover.getAttribute('class'))?.match(/kind-(\w+)/)?.[1] ?? '';
            if (kind !== 'actor') {
              expect(await popover.getByRole('button', { name: 'Save' }).count()).toBe(1);
              expect(await popover.getByRole('button', { name: 'Not a match' }).count()).toBe(1);
            }
            if (!shotKinds.has(kind)) {
              shotKinds.add(kind);
              await shot(page, `popover-${vp.name}-${scheme}-${file.replace('.html', '')}-${kind}`);
              expect(await seriousAxe(page, POPOVER_CONTEXT)).toEqual([]);
            }
            await page.keyboard.press('Escape');
            await popover.waitFor({ state: 'detached' });
          }
          // Clicked at the viewport's edges, where there is room on one side only.
          for (const kind of KINDS.filter((k) => host.counts[k] > 0)) {
            for (const edge of ['top', 'bottom'] as const) {
              const rects = await clickAtEdge(page, kind, edge);
              if (!rects) continue;
              await o.popover().waitFor({ state: 'visible' });
              failures.push(...(await problems(o, rects, `${file} ${kind} at the ${edge}`)));
              await page.keyboard.press('Escape');
              await o.popover().waitFor({ state: 'detached' });
            }
          }
          expect(failures).toEqual([]);
          await page.close();
        });
      }
    });
  }
}

describe('keyboard', () => {
  it('Alt+Shift+H switches the overlay off and on while focus is in the highlight navigator', async () => {
    const { page, o } = await openPage('opinion.html', 1280, 900, 'light');
    await page.keyboard.press('Alt+Shift+N');
    await o.navigator().waitFor();
    expect(await o.navigator().evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Alt+Shift+H');
    // Off: the overlay's element and every highlight are gone (once, not off and straight back on).
    await expect.poll(() => o.host().count()).toBe(0);
    expect(await o.highlightNames()).toEqual([]);
    await page.keyboard.press('Alt+Shift+H');
    await o.waitSettled(2);
    expect((await o.highlightTexts('actor')).length).toBeGreaterThan(0);
    await page.close();
  });
});
