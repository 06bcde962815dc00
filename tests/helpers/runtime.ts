/**
 * Runtime messaging in unit tests with a real sender: WXT's fake browser delivers messages with an
 * empty sender, which the background refuses (lib/messaging/senders.ts), so these runtimes say
 * who sends, as Chrome and Firefox do.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MessagingRuntime } from '../../lib/messaging/index';
import type { RawSender } from '../../lib/messaging/senders';

/** The fake browser's runtime, sending as `sender`. */
export function runtimeAs(sender: RawSender): MessagingRuntime {
  const runtime = fakeBrowser.runtime;
  return {
    id: runtime.id,
    getURL: (path) => runtime.getURL(path),
    onMessage: runtime.onMessage as unknown as MessagingRuntime['onMessage'],
    async sendMessage(message) {
      let sendResponse: (reply: unknown) => void = () => undefined;
      const reply = new Promise<unknown>((ok) => {
        sendResponse = ok;
      });
      const results = await runtime.onMessage.trigger(message, sender as never, sendResponse);
      return results.some((r: unknown) => r === true) ? reply : undefined;
    },
  };
}

/** Sends as one of the extension's own pages (the options page). */
export function pageRuntime(): MessagingRuntime {
  return runtimeAs({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('options.html') });
}

/** Sends as the content script in tab `tabId` showing `url`. */
export function contentRuntime(url: string, tabId = 7): MessagingRuntime {
  return runtimeAs({ id: fakeBrowser.runtime.id, url, tab: { id: tabId, url } });
}
