/**
 * Page object for a news page with the Sourcelight overlay: every selector and page-world probe
 * the e2e tests, the demo and the benchmark use lives here.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** Highlight kinds and their CSS Custom Highlight names (the public contract). */
export const KINDS = ['verbatim', 'variant', 'paraphrase', 'reuse', 'actor'] as const;
export type Kind = (typeof KINDS)[number];

/** What the host element reports through its data attributes. */
export interface HostState {
  state: string | null;
  runs: number;
  counts: Record<Kind, number>;
  drawnMs: number | null;
  /** Where the pass of links through meaning stands ('working', 'done', 'off'), null before one. */
  meaning: string | null;
}

/** A news page seen through the overlay. */
export class OverlayPage {
  constructor(readonly page: Page) {}

  /** Opens `url` in a new tab and waits until the overlay finished its first run there. */
  static async visit(
    context: BrowserContext,
    url: string,
  ): Promise<{ page: Page; o: OverlayPage; host: HostState }> {
    const page = await context.newPage();
    const o = new OverlayPage(page);
    await page.goto(url);
    return { page, o, host: await o.waitSettled() };
  }

  /** The overlay's host element (a custom element; its shadow root is open only in a test build). */
  host() {
    return this.page.locator('sourcelight-overlay');
  }

  /** The popover inside the shadow root (Playwright locators pierce the test build's open root). */
  popover() {
    return this.page.locator('sourcelight-overlay .popover');
  }

  /** The keyboard navigator button inside the shadow root. */
  navigator() {
    return this.page.locator('sourcelight-overlay .navigator');
  }

  /** Reads the host's debug attributes (null state when there is no host). */
  async hostState(): Promise<HostState> {
    return this.page.evaluate(
      (kinds) => {
        const h = document.querySelector('sourcelight-overlay');
        const counts = Object.fromEntries(
          kinds.map((k) => [k, Number(h?.getAttribute(`data-count-${k}`) ?? 0)]),
        );
        const drawn = h?.getAttribute('data-sourcelight-drawn-ms');
        return {
          state: h?.getAttribute('data-sourcelight-state') ?? null,
          runs: Number(h?.getAttribute('data-sourcelight-runs') ?? 0),
          counts: counts as Record<Kind, number>,
          drawnMs: drawn ? Number(drawn) : null,
          meaning: h?.getAttribute('data-sourcelight-meaning') ?? null,
        };
      },
      [...KINDS],
    );
  }

  /** Waits until the overlay finished a run (ready, not-article or error) after `minRuns` runs. */
  async waitSettled(minRuns = 1, timeout = 30_000): Promise<HostState> {
    await this.page.waitForFunction(
      (n) => {
        const h = document.querySelector('sourcelight-overlay');
        const s = h?.getAttribute('data-sourcelight-state');
        return !!s && s !== 'working' && Number(h!.getAttribute('data-sourcelight-runs')) >= n;
      },
      minRuns,
      { timeout },
    );
    return this.hostState();
  }

  /**
   * Waits until the pass of links through meaning has answered for the current article ('done':
   * the model ran; 'off': it could not) and returns that outcome.
   */
  async waitMeaning(timeout = 180_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      () => {
        const m = document
          .querySelector('sourcelight-overlay')
          ?.getAttribute('data-sourcelight-meaning');
        return m === 'done' || m === 'off' ? m : null;
      },
      undefined,
      { timeout },
    );
    return (await handle.jsonValue()) as string;
  }

  /** The text under each range of a highlight name, read in the page world. */
  async highlightTexts(kind: Kind | string): Promise<string[]> {
    const name = kind.startsWith('sourcelight-') ? kind : `sourcelight-${kind}`;
    return this.page.evaluate((n) => {
      const h = CSS.highlights.get(n);
      return h
        ? [...(h as unknown as Set<AbstractRange>)].map((r) =>
            r instanceof Range ? r.toString() : '',
          )
        : [];
    }, name);
  }

  /** Names currently registered in `CSS.highlights`. */
  async highlightNames(): Promise<string[]> {
    return this.page.evaluate(() => [
      ...(CSS.highlights as unknown as Map<string, unknown>).keys(),
    ]);
  }

  /** Centre of the first highlight range (of `kind`) whose text contains `text`, in viewport pixels. */
  async pointOf(kind: Kind, text: string): Promise<{ x: number; y: number } | null> {
    return this.page.evaluate(
      ([n, t]) => {
        const h = CSS.highlights.get(n);
        for (const r of h ? [...(h as unknown as Set<AbstractRange>)] : []) {
          if (!(r instanceof Range) || !r.toString().includes(t)) continue;
          r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
          const rect = r.getClientRects()[0];
          if (rect)
            return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
        }
        return null;
      },
      [`sourcelight-${kind}`, text] as const,
    );
  }

  /** Clicks the highlight of `kind` containing `text` and waits for its popover. */
  async openPopover(kind: Kind, text: string) {
    const at = await this.pointOf(kind, text);
    if (!at) throw new Error(`no ${kind} highlight containing "${text}"`);
    await this.page.mouse.click(at.x, at.y);
    await this.popover().waitFor({ state: 'visible' });
    return this.popover();
  }

  /** The "Annotate" button the overlay offers next to a selection in the article. */
  annotateButton() {
    return this.page.locator('sourcelight-overlay .adder');
  }

  /** The note and tags form that "Annotate" opens. */
  annotateForm() {
    return this.page.locator('sourcelight-overlay .annotate');
  }

  /** Selects the first occurrence of `text` on the page (within one text node), as a user would. */
  async selectText(text: string) {
    await this.page.evaluate((t) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = (n as Text).data.indexOf(t);
        if (at < 0) continue;
        n.parentElement?.scrollIntoView({ block: 'center' });
        document.getSelection()!.setBaseAndExtent(n, at, n, at + t.length);
        return;
      }
      throw new Error(`no text "${t}" on the page`);
    }, text);
    // The overlay offers only selections that follow the reader's own input (a script-made
    // selection is never offered): a trusted Shift press ends the gesture, as after Shift+arrows.
    await this.page.keyboard.press('Shift');
  }

  /** Selects `text`, annotates it with a note and tags through the overlay's form, and waits for "Saved". */
  async annotate(text: string, note: string, tags: string) {
    await this.selectText(text);
    await this.annotateButton().click();
    const form = this.annotateForm();
    await form.getByLabel('Note').fill(note);
    await form.getByLabel(/Tags/).fill(tags);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('button', { name: 'Saved' }).waitFor();
  }

  /** The page's DOM serialised, for "turning off restores the page" checks. */
  async serialise(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.outerHTML);
  }

  /** The page's own adopted stylesheets count (ours adds one while on). */
  async adoptedSheets(): Promise<number> {
    return this.page.evaluate(() => document.adoptedStyleSheets.length);
  }

  /** Records the DOM as served, before any extension code ran (call before `goto`). */
  async recordPristineDom() {
    await this.page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { __pristine: string }).__pristine =
          document.documentElement.outerHTML;
      });
    });
  }

  /** The DOM recorded by `recordPristineDom`. */
  async pristineDom(): Promise<string> {
    return this.page.evaluate(() => (window as unknown as { __pristine: string }).__pristine);
  }

  /** Timing measures the content script recorded (`sourcelight:*`), in ms. */
  async measures(): Promise<Record<string, number>> {
    return this.page.evaluate(() =>
      Object.fromEntries(
        performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('sourcelight:'))
          .map((m) => [m.name, m.duration]),
      ),
    );
  }
}

/** The toolbar popup opened as a page for a given tab (`popup.html?tab=<id>`). */
export class PopupPage {
  constructor(readonly page: Page) {}

  /** Opens the popup for the most recently opened other tab of the browser. */
  static async openFor(context: BrowserContext, extensionId: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const tabId = await page.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: {
            tabs: {
              query(q: object): Promise<{ id: number }[]>;
              getCurrent(): Promise<{ id: number }>;
            };
          };
        }
      ).chrome;
      const self = await c.tabs.getCurrent();
      return (await c.tabs.query({})).filter((t) => t.id !== self.id).at(-1)!.id;
    });
    await page.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    return new PopupPage(page);
  }

  /** Sends a tab message to the overlay of the tab this popup is about, as the popup or the background would. */
  async sendToTab(message: unknown): Promise<unknown> {
    return this.page.evaluate((m) => {
      const tabId = Number(new URLSearchParams(location.search).get('tab'));
      const c = (
        globalThis as unknown as {
          chrome: { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } };
        }
      ).chrome;
      return c.tabs.sendMessage(tabId, m);
    }, message);
  }

  /** Count shown for a kind. */
  async count(kind: Kind): Promise<number> {
    return Number(await this.page.locator(`tr[data-kind="${kind}"] .n`).innerText());
  }

  /** The site switch. */
  siteSwitch() {
    return this.page.getByRole('checkbox');
  }

  /** "Save this page as a source". */
  saveAsSourceButton() {
    return this.page.getByRole('button', { name: 'Save this page as a source' });
  }

  /** The line saying whether matching through meaning is on. */
  meaningStatus() {
    return this.page.getByTestId('meaning-status');
  }

  /** The message saying how saving the page went. */
  saveMessage() {
    return this.page.getByTestId('save-source-message');
  }
}
