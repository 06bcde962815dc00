import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createOverlay } from '../../components/overlay/overlay-controller';
import { request, serveContentRequests } from '../../lib/messaging/index';
import type { RuntimePort } from '../../lib/messaging/offscreen';
import { isTabMessage } from '../../lib/overlay/tab-messages';

/** Reads the article of the page and highlights what comes from the user's sources. */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  // At DOMContentLoaded rather than document_idle, which waits for the load event or 200 ms after
  // DOMContentLoaded. Not at document_start: this script (140 KB) would be compiled and run before
  // the page is parsed, holding a small page's DOMContentLoaded up by 60-90 ms, and even a 6 KB one
  // that only asked whether the site is on cost it 12-35 ms (bench/page-cost.ts). Later changes to
  // the page are followed anyway.
  runAt: 'document_end',
  // WXT's older way of telling a previous copy of this script to stop, kept by WXT for scripts of
  // its older versions: a window message any page script can read (it names our extension id),
  // and the single costliest line of our start (about 30 ms in Chromium). Its custom event stays.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const overlay = createOverlay(
      ctx,
      document,
      (name, payload) => request(name, payload),
      (name) => browser.runtime.connect({ name }) as unknown as RuntimePort,
    );

    // The popup asks the overlay directly (tab messages); the background asks for the article ("save page as source").
    const listener = (
      message: unknown,
      sender: { id?: string },
      sendResponse: (reply: unknown) => void,
    ): boolean | undefined => {
      // Tab messages come from this extension's popup or background only (a page cannot send
      // runtime messages; another extension's id is refused all the same).
      if (isTabMessage(message) && sender?.id === browser.runtime.id) {
        const done = (): void => sendResponse(overlay.status());
        if (message.sourcelightOverlay === 'status') done();
        else if (message.sourcelightOverlay === 'toggle')
          void overlay.toggle(message.via === 'command' ? 'command' : 'other').then(done, done);
        else void overlay.setSiteEnabled(message.enabled).then(done, done);
        return true;
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
    const stopServing = serveContentRequests({
      'content.article': () => {
        const article = overlay.article();
        if (!article) throw new Error('This page has no article Sourcelight can read.');
        return article;
      },
      // A colleague's sources or notes arrived by team sync: match and draw again.
      'content.libraryChanged': async () => {
        await overlay.refresh();
        return undefined;
      },
    });
    ctx.onInvalidated(stopServing);

    await overlay.start();
  },
});
