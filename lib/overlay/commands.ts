/**
 * The browser shortcut `toggle-overlay`, delivered to the background, passed on to the overlay in
 * the tab it was pressed in. Takes the tabs surface as a parameter so tests hand in a fake; sending
 * a message to a tab by id needs no permission.
 */
import type { TabMessage } from './tab-messages';

/** The command name declared in the manifest (wxt.config.ts). */
export const TOGGLE_COMMAND = 'toggle-overlay';

/** The part of `browser.tabs` the forwarding uses. */
export interface CommandTabs {
  query(query: { active: true; currentWindow: true }): Promise<{ id?: number }[]>;
  sendMessage(tabId: number, message: TabMessage): Promise<unknown>;
}

/**
 * Sends the toggle to `tabId` (the tab the browser reports with the command), else to the active
 * tab. Resolves false, without throwing, when the tab has no overlay (a browser page, a PDF, a tab
 * opened before the extension was installed): there is nothing to switch there.
 */
export async function forwardToggle(
  tabId: number | undefined,
  tabs: CommandTabs,
): Promise<boolean> {
  try {
    const id = tabId ?? (await tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (id === undefined) return false;
    await tabs.sendMessage(id, { sourcelightOverlay: 'toggle', via: 'command' });
    return true;
  } catch {
    return false;
  }
}
