/**
 * When a stopped service worker gets its library ready. Chromium stops an idle worker after 30 s,
 * so the first page after a pause finds it stopped; the page's script cannot ask before
 * DOMContentLoaded, and starting the worker then costs that page 150-300 ms. A tab that starts
 * loading wakes the worker at once (tabs.onUpdated, no permission needed), while the page is still
 * on its way. The same event also fires for a changed title or favicon: those wakes leave the
 * library alone, so a chat tab's ticking title does not hold 30 MB of library in memory.
 */

/** The part of tabs.onUpdated's changeInfo this reads. */
export interface TabChange {
  status?: string;
}

export interface LibraryWake {
  /** A tab changed: a page starting to load gets the library ready. */
  tabChanged(change: TabChange): void;
  /** A request arrived (a page, the popup, the dashboard): the library is got ready first. */
  requested(): void;
}

/** What started the library's preparation: a tab starting to load, or a request. */
export type WakeReason = 'page-loading' | 'request';

/** Calls `prepare` once, on the first page that starts loading or the first request. */
export function libraryWake(prepare: (reason: WakeReason) => void): LibraryWake {
  let started = false;
  const once = (reason: WakeReason): void => {
    if (started) return;
    started = true;
    prepare(reason);
  };
  return {
    tabChanged: (change) => {
      if (change.status === 'loading') once('page-loading');
    },
    requested: () => once('request'),
  };
}
