import { describe, expect, it } from 'vitest';
import { forwardToggle, type CommandTabs } from '../../lib/overlay/commands';

/** A browser with tabs 1..3, tab 2 active; tab 3 has no content script (a browser page). */
function fakeTabs() {
  const sent: { tabId: number; message: unknown }[] = [];
  const tabs: CommandTabs = {
    query: async () => [{ id: 2 }],
    sendMessage: async (tabId, message) => {
      if (tabId === 3)
        throw new Error('Could not establish connection. Receiving end does not exist.');
      sent.push({ tabId, message });
      return {};
    },
  };
  return { tabs, sent };
}

describe('the toggle shortcut reaches the overlay of the tab it was pressed in', () => {
  it('sends the toggle, marked as coming from the browser command, to the tab the browser names', async () => {
    const { tabs, sent } = fakeTabs();
    expect(await forwardToggle(1, tabs)).toBe(true);
    expect(sent).toEqual([{ tabId: 1, message: { sourcelightOverlay: 'toggle', via: 'command' } }]);
  });

  it('falls back to the active tab when the browser names none', async () => {
    const { tabs, sent } = fakeTabs();
    expect(await forwardToggle(undefined, tabs)).toBe(true);
    expect(sent.map((s) => s.tabId)).toEqual([2]);
  });

  it('does nothing, without an error, on a tab Sourcelight does not run in', async () => {
    const { tabs, sent } = fakeTabs();
    expect(await forwardToggle(3, tabs)).toBe(false);
    expect(sent).toEqual([]);
  });
});
