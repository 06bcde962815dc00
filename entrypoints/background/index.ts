import defaultLibrary from 'virtual:sourcelight/default-library';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openDatabase } from '../../lib/db/schema';
import { createLibraryService, warmPageCode } from '../../lib/db/service';
import { sourceFromPastedText } from '../../lib/import/sources';
import { deferHandlers, errorMessage, requestTab, serveRequests } from '../../lib/messaging/index';
import { domReader, offscreenReader, type OffscreenApi } from '../../lib/messaging/offscreen';
import {
  type BrowserOrt,
  extensionModel,
  offscreenEncoder,
  packagedEncoder,
} from '../../lib/messaging/offscreen-model';
import { libraryWake } from '../../lib/messaging/wake';
import { withTeamSync } from '../../lib/sync/background';
import { forwardToggle, TOGGLE_COMMAND, type CommandTabs } from '../../lib/overlay/commands';

const MENU_SAVE_PAGE = 'sourcelight-save-page';
const MENU_SAVE_SELECTION = 'sourcelight-save-selection';

/** The service worker: owns the library database and answers the extension's pages and content script. */
export default defineBackground(() => {
  // For the benchmark (bench/cold-worker.ts reads the worker's marks): the bundle has been evaluated.
  performance.mark('sourcelight:main');
  const database = openDatabase();
  // Big pages are read here rather than in the page: Firefox's background page has a DOM, Chrome's
  // worker opens an offscreen document, which pages then send their HTML to themselves.
  const offscreen =
    typeof DOMParser === 'function' ? null : offscreenReader(browser as unknown as OffscreenApi);
  const service = database.then((db) => {
    performance.mark('sourcelight:db-open');
    return createLibraryService({
      db,
      defaultSources: defaultLibrary,
      fetchTabArticle: (tabId) => requestTab(tabId, 'content.article', {}),
      extractAway: offscreen?.read ?? domReader(() => new DOMParser()),
      openAway: offscreen?.open,
      indexTag: browser.runtime.getManifest().version,
      // Only while a meaning pass runs: a listener kept at start-up would wake the stopped worker
      // for every tab the reader closes.
      watchClosedTabs: (closed) => {
        const listener = (tabId: number) => closed(tabId);
        browser.tabs.onRemoved.addListener(listener);
        return () => browser.tabs.onRemoved.removeListener(listener);
      },
      // The sentence model runs in Firefox's background page itself, in Chrome's offscreen document.
      loadModel: extensionModel(
        import.meta.env.FIREFOX
          ? async () =>
              packagedEncoder(
                (await import('onnxruntime-web/wasm')) as unknown as BrowserOrt,
                getURL,
              )()
          : offscreenEncoder(browser as unknown as OffscreenApi),
        getURL,
      ),
    });
  });
  // The embedded library is added once, on first run; the user may remove it and add it back from the options page.
  const ready = service.then(async (s) => {
    await s
      .seedDefaultsOnce()
      .catch((error) => console.error('Sourcelight: could not add the default library:', error));
    performance.mark('sourcelight:ready');
    return s.handlers;
  });
  // Registered synchronously so a message can wake the worker; requests wait for the database.
  const handlers = withTeamSync(ready, database);
  // The library is got ready as soon as a page starts loading or a request comes (wake.ts), not
  // when a page first asks for matching, so its load overlaps the page's own. Started before the
  // first request is served, its read is under way first, and that request's small read comes back
  // before it.
  const wake = libraryWake((reason) => {
    void handlers
      .then((h) => {
        const prepared = h['library.prepare']({}, { tabId: null, url: null });
        // No page is waiting yet: the matcher's code is compiled while the database reads the
        // library (after its read was asked for, which the compiling would otherwise hold up).
        if (reason === 'page-loading') warmPageCode(defaultLibrary[0]);
        return prepared;
      })
      .catch(() => undefined);
  });
  serveRequests(deferHandlers(handlers, wake.requested));
  browser.tabs.onUpdated.addListener((_tabId, change) => wake.tabChanged(change));

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: MENU_SAVE_PAGE,
      title: 'Save this page as a Sourcelight source',
      contexts: ['page'],
    });
    browser.contextMenus.create({
      id: MENU_SAVE_SELECTION,
      title: 'Save the selected text as a Sourcelight source',
      contexts: ['selection'],
    });
  });

  // The browser shortcut (Alt+Shift+H unless the user rebinds it) switches the overlay in its tab.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_COMMAND)
      void forwardToggle(tab?.id, browser.tabs as unknown as CommandTabs);
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    const tabId = tab?.id;
    void (async () => {
      const handlers = await ready;
      try {
        if (info.menuItemId === MENU_SAVE_PAGE && tabId !== undefined) {
          const saved = await handlers['library.addTab'](
            { tabId },
            { tabId, url: tab?.url ?? null },
          );
          await tell(tabId, '✓', `Saved "${saved.title}" to your Sourcelight library`);
        } else if (info.menuItemId === MENU_SAVE_SELECTION && info.selectionText) {
          const taken = new Set(
            (await handlers['library.list']({}, { tabId: null, url: null })).map((s) => s.id),
          );
          const source = sourceFromPastedText(
            { text: info.selectionText, title: tab?.title, url: info.pageUrl },
            taken,
          );
          await handlers['library.import'](
            { sources: [source], origin: 'page', where: 'Selected text' },
            { tabId: tabId ?? null, url: null },
          );
          if (tabId !== undefined)
            await tell(tabId, '✓', `Saved the selection as "${source.title}"`);
        }
      } catch (error) {
        if (tabId !== undefined)
          await tell(tabId, '!', `Sourcelight could not save: ${errorMessage(error)}`);
      }
    })();
  });
});

/** A file of the extension, by its path inside the build. */
const getURL = (path: string) => browser.runtime.getURL(path as '/');

/** Reports a context-menu result on the toolbar button (no notifications permission needed). */
async function tell(tabId: number, badge: string, title: string): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: badge }).catch(() => undefined);
  await browser.action.setTitle({ tabId, title }).catch(() => undefined);
}
