/** The options page's "Team sync" section, and the extension calls the sync tests make. */
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './harness';

export class SyncPage {
  constructor(
    readonly page: Page,
    readonly browser: ExtensionBrowser,
  ) {}

  static async open(browser: ExtensionBrowser): Promise<SyncPage> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const sync = new SyncPage(page, browser);
    await sync.section().waitFor();
    return sync;
  }

  section() {
    return this.page.locator('section[aria-labelledby="sync-heading"]');
  }

  /**
   * Stands in for the user's "Allow" in the browser's permission prompt (headless Chromium shows
   * none): chrome://extensions grants the origin as its site-access menu would. The options page's
   * own permissions.request then resolves without a prompt.
   */
  async grantOrigin(origin: string): Promise<void> {
    const ext = await this.browser.context.newPage();
    await ext.goto('chrome://extensions');
    await ext.evaluate(
      async ([id, pattern]) => {
        const api = (
          globalThis as unknown as {
            chrome: {
              developerPrivate: { addHostPermission(id: string, p: string): Promise<void> };
            };
          }
        ).chrome;
        await api.developerPrivate.addHostPermission(id!, pattern!);
      },
      [this.browser.extensionId, `${origin}/*`],
    );
    await ext.close();
  }

  /** Fills the form and clicks Save. */
  async configure(c: {
    server: string;
    database: string;
    username: string;
    password: string;
    enabled: boolean;
  }) {
    const s = this.section();
    await s.getByLabel('Server address', { exact: true }).fill(c.server);
    await s.getByLabel('Database', { exact: true }).fill(c.database);
    await s.getByLabel('User name', { exact: true }).fill(c.username);
    await s.getByLabel('Password', { exact: true }).fill(c.password);
    await s.getByLabel('Sync with this database').setChecked(c.enabled);
    await s.getByRole('button', { name: 'Save' }).click();
  }

  phase() {
    return this.section().locator('.sync-phase');
  }
  pending() {
    return this.section().locator('.sync-pending');
  }
  error() {
    return this.section().locator('.sync-error');
  }

  /** Waits until the section says sync is up to date with nothing pending. */
  async waitUpToDate(timeout = 60_000) {
    const shown = () =>
      this.section()
        .innerText()
        .catch(() => '');
    await this.page
      .waitForFunction(
        () => {
          const s = document.querySelector('section[aria-labelledby="sync-heading"]');
          return (
            s?.querySelector('.sync-phase')?.textContent === 'Up to date with the team.' &&
            s.querySelector('.sync-pending')?.textContent === '0'
          );
        },
        null,
        { timeout },
      )
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\nThe sync section says:\n${await shown()}`);
      });
  }

  /**
   * After the server is back: clicks "Try again now" as a user would, once the section offers it.
   * An attempt already under way when the server came back may still fail and offer it a moment
   * later, so this waits for the button or for "Up to date", whichever the section shows first.
   */
  async retryNow(timeout = 30_000) {
    const button = this.section().getByRole('button', { name: 'Try again now' });
    const upToDate = this.phase().getByText('Up to date with the team.', { exact: true });
    await button.or(upToDate).first().waitFor({ timeout });
    if (await button.isVisible()) await button.click({ timeout: 5_000 }).catch(() => undefined);
  }

  /** Sends a request to the background from this extension page, as the extension's pages do. */
  async request<T>(name: string, payload: unknown): Promise<T> {
    const reply = (await this.page.evaluate(
      ([n, p]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage({
          sourcelight: n,
          payload: p,
        }),
      [name, payload] as const,
    )) as { ok: boolean; value?: T; error?: string };
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as T;
  }
}
