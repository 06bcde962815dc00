/**
 * What a reader sees of Sourcelight's UI, measured in the browser: where the popover and the
 * dashboard's cell details sit against the viewport and the passage or cell they explain, whether
 * their buttons can be reached, and what axe-core finds. Selectors and page-world probes for the
 * ui-*.test.ts files live here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../../../testkit/harness';

/** The sizes and colour schemes every UI check runs in. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;

/** Where the UI tests leave their screenshots (not committed): look at them as a reader would. */
export const SHOTS_DIR = join(ROOT, 'test-results/ui');

/** Saves a screenshot of the page under SHOTS_DIR. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** A box in viewport pixels. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where a floating panel sits and whether each of its buttons can be seen and pressed. */
export interface Placement {
  box: Box;
  viewport: { width: number; height: number };
  /** Each button: its label, whether it lies inside the viewport and whether a click there reaches it. */
  buttons: { name: string; inside: boolean; reachable: boolean }[];
}

/** Measures a floating panel (the popover, the cell details) and its buttons. */
export async function placement(panel: Locator): Promise<Placement> {
  return panel.evaluate((el) => {
    const b = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const root = el.getRootNode() as Document | ShadowRoot;
    const buttons = [...el.querySelectorAll('button')].map((btn) => {
      const r = btn.getBoundingClientRect();
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        name: btn.getAttribute('aria-label') ?? btn.textContent?.trim() ?? '',
        inside: r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= vw && r.bottom <= vh,
        reachable: hit === btn || (hit !== null && btn.contains(hit)),
      };
    });
    return { box: b(el.getBoundingClientRect()), viewport: { width: vw, height: vh }, buttons };
  });
}

/** Whether `box` lies whole inside the viewport (half a pixel of rounding allowed). */
export function inside(p: Placement): boolean {
  const { box, viewport } = p;
  return (
    box.left >= -0.5 &&
    box.top >= -0.5 &&
    box.right <= viewport.width + 0.5 &&
    box.bottom <= viewport.height + 0.5
  );
}

/** Whether two boxes overlap by more than a pixel. */
export function overlaps(a: Box, b: Box): boolean {
  return (
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1
  );
}

/** Gap between two boxes that do not overlap (0 when they touch or overlap). */
export function gap(a: Box, b: Box): number {
  const dx = Math.max(0, Math.max(a.left, b.left) - Math.min(a.right, b.right));
  const dy = Math.max(0, Math.max(a.top, b.top) - Math.min(a.bottom, b.bottom));
  return Math.hypot(dx, dy);
}

/** The line boxes of the highlight the keyboard user is on (the overlay's focus highlight). */
export async function focusedPassage(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const h = CSS.highlights.get('sourcelight-focus') as unknown as Set<AbstractRange> | undefined;
    const range = h ? [...h][0] : undefined;
    if (!(range instanceof Range)) return [];
    return [...range.getClientRects()].map((r) => ({
      left: r.left,
      top: r.top,
      right: r.right,
      bottom: r.bottom,
    }));
  });
}

/** Waits until the open popover has its details and a settled position (two frames with no move). */
export async function popoverSettled(_page: Page, popover: Locator): Promise<void> {
  await popover.waitFor({ state: 'visible' });
  await popover.evaluate(
    (el: HTMLElement) =>
      new Promise<void>((done) => {
        let last = '';
        let still = 0;
        const tick = () => {
          const loading = el.textContent?.includes('Loading the source');
          const where = `${el.style.left},${el.style.top},${el.style.maxHeight},${el.offsetHeight}`;
          still = !loading && el.style.visibility === 'visible' && where === last ? still + 1 : 0;
          last = where;
          if (still >= 2) done();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}

/** One axe-core violation, as the tests print it. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page (or on `include`, axe's context: shadow DOM parts as arrays of
 * selectors) and returns the serious and critical violations. axe is evaluated through the
 * debugging protocol, so an extension page's script policy does not stop it.
 */
export async function seriousAxe(page: Page, include?: unknown): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  const all = await page.evaluate(async (context) => {
    const a = (window as unknown as { axe: typeof axe }).axe;
    const r = await a.run((context ?? document) as axe.ElementContext, {
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target)),
    }));
  }, include ?? null);
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
