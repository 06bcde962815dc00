/**
 * Actor corrections end to end, in Chromium with the built extension: on the options page the user
 * finds an actor of the demo story by searching, renames one and hides another; the demo page then
 * shows the new name in the actor popover and no highlight for the hidden actor; Undo puts the
 * hidden actor back on the page while the rename stays.
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
import { OverlayPage } from '../../testkit/overlay-page';

/** The options page's Actors section and its controls. */
class ActorsPage {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
  ) {}
  async open() {
    await this.page.goto(`chrome-extension://${this.extensionId}/options.html`);
    // The demo library is seeded on install: wait for its sources and their actors.
    await this.page.getByTestId('source-row').first().waitFor({ timeout: 30_000 });
    await this.rows().first().waitFor({ timeout: 30_000 });
  }
  search() {
    return this.page.getByTestId('actor-search');
  }
  rows() {
    return this.page.getByTestId('actor-row');
  }
  /** The one row whose displayed name is exactly `name`. */
  row(name: string) {
    return this.rows().filter({
      has: this.page.getByTestId('actor-name').getByText(name, { exact: true }),
    });
  }
  status() {
    return this.page.getByTestId('status-message');
  }
  error() {
    return this.page.getByTestId('error-message');
  }
  undo() {
    return this.page.getByTestId('undo');
  }
  async find(query: string) {
    await this.search().fill(query);
  }
  /** The row of an actor by id, which stays the same while the name is edited or changed. */
  async byId(name: string) {
    const id = await this.row(name).getAttribute('data-actor-id');
    return this.rows().and(this.page.locator(`[data-actor-id="${id}"]`));
  }
  async rename(name: string, to: string) {
    const row = await this.byId(name);
    await row.getByTestId('actor-rename').click();
    await row.getByTestId('actor-rename-input').fill(to);
    await row.getByTestId('actor-rename-save').click();
    await this.status().filter({ hasText: 'Renamed' }).waitFor();
  }
  async hide(name: string) {
    await this.row(name).getByTestId('actor-hide').click();
    await this.status().filter({ hasText: 'Hid' }).waitFor();
  }
}

/** Opens the demo page in a new tab and waits for the overlay's run. */
async function visitDemo(browser: ExtensionBrowser, url: string) {
  const { page, o: overlay, host } = await OverlayPage.visit(browser.context, url);
  return { page, overlay, host };
}

/** The name the actor popover of the first highlight containing `text` shows. */
async function popoverName(overlay: OverlayPage, text: string): Promise<string> {
  const popover = await overlay.openPopover('actor', text);
  return popover.locator('header strong').innerText();
}

describe('actor corrections on the options page', () => {
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

  it('renames and hides actors, the page shows it, and Undo brings the hidden actor back', async () => {
    const demo = server.url('/demo/rewritten.html');
    const before = await visitDemo(browser, demo);
    expect(before.host.state).toBe('ready');
    const baseline = await before.overlay.highlightTexts('actor');
    expect(baseline.length).toBe(before.host.counts.actor);
    const varkonyiMentions = baseline.filter((t) => t.includes('Varkonyi')).length;
    expect(varkonyiMentions).toBeGreaterThan(0);
    expect(await popoverName(before.overlay, 'Oskelund')).toBe('Maren Oskelund');
    await before.page.close();

    const options = new ActorsPage(await browser.context.newPage(), browser.extensionId);
    await options.open();
    // The static loading line is gone once the library is there.
    expect(await options.page.getByText('Loading your library…').count()).toBe(0);
    const total = await options.rows().count();

    await options.find('oskelund');
    await expect.poll(() => options.rows().count()).toBe(1);
    await options.rename('Maren Oskelund', 'Maren Oskelund-Vey');
    await options.row('Maren Oskelund-Vey').waitFor();

    await options.find('varkonyi');
    await options.hide('Ines Varkonyi');
    const hiddenRow = options.row('Ines Varkonyi');
    await expect.poll(() => hiddenRow.getAttribute('data-hidden')).toBe('true');
    expect(await hiddenRow.getByTestId('actor-hide').innerText()).toBe('Show');
    await options.find('');
    // Hidden actors stay listed, so they can be shown again.
    expect(await options.rows().count()).toBe(total);

    const corrected = await visitDemo(browser, demo);
    const texts = await corrected.overlay.highlightTexts('actor');
    expect(texts.some((t) => t.includes('Varkonyi'))).toBe(false);
    expect(corrected.host.counts.actor).toBe(baseline.length - varkonyiMentions);
    expect(await popoverName(corrected.overlay, 'Oskelund')).toBe('Maren Oskelund-Vey');
    await corrected.page.close();

    await options.undo().click();
    await options.status().filter({ hasText: 'Undone' }).waitFor();
    await expect.poll(() => options.row('Ines Varkonyi').getAttribute('data-hidden')).toBe('false');
    await options.row('Maren Oskelund-Vey').waitFor();

    const undone = await visitDemo(browser, demo);
    expect(undone.host.counts.actor).toBe(baseline.length);
    expect(await undone.overlay.highlightTexts('actor')).toEqual(baseline);
    expect(await popoverName(undone.overlay, 'Oskelund')).toBe('Maren Oskelund-Vey');
    await undone.page.close();
    expect(await options.error().count()).toBe(0);
    await options.page.close();
  });

  it('adds and removes aliases as chips and merges one actor into another, with Undo', async () => {
    const options = new ActorsPage(await browser.context.newPage(), browser.extensionId);
    await options.open();
    const total = await options.rows().count();

    await options.find('orlek');
    let orlek = await options.byId('Orlek Hydropower Group');
    const chips = () => orlek.getByTestId('actor-alias').allInnerTexts();
    await orlek.getByTestId('actor-alias-input').fill('Orlek Power');
    await orlek.getByTestId('actor-alias-add').click();
    await options.status().filter({ hasText: 'Orlek Power' }).waitFor();
    await expect
      .poll(async () => (await chips()).some((c) => c.includes('Orlek Power')))
      .toBe(true);
    expect(await orlek.getByTestId('actor-alias-input').inputValue()).toBe('');

    await orlek
      .getByRole('button', { name: 'Remove the alias “Orlek Power” of Orlek Hydropower Group' })
      .click();
    await options.status().filter({ hasText: 'no longer points' }).waitFor();
    await expect
      .poll(async () => (await chips()).some((c) => c.includes('Orlek Power')))
      .toBe(false);
    await expect.poll(() => orlek.innerText()).toContain('Never matched: Orlek Power');

    await options.find('');
    orlek = await options.byId('Orlek Hydropower Group');
    await orlek.getByTestId('actor-merge').click();
    await orlek
      .getByTestId('actor-merge-target')
      .selectOption({ label: 'Ministry of Water Resources (organisation)' });
    await orlek.getByTestId('actor-merge-confirm').click();
    await options.status().filter({ hasText: 'Merged' }).waitFor();
    await expect.poll(() => options.rows().count()).toBe(total - 1);
    const ministry = await options.byId('Ministry of Water Resources');
    expect(
      (await ministry.getByTestId('actor-alias').allInnerTexts()).some((c) =>
        c.includes('Orlek Hydropower Group'),
      ),
    ).toBe(true);

    await options.undo().click();
    await options.status().filter({ hasText: 'Undone' }).waitFor();
    await expect.poll(() => options.rows().count()).toBe(total);
    expect(await options.error().count()).toBe(0);
    await options.page.close();
  });
});
