/**
 * Team sync in the background service worker: wraps the library's handlers so local changes reach
 * the outbox, adds the sync requests, wakes sync with an alarm (Chrome stops idle workers), and
 * asks open pages to read themselves again when a colleague's sources or notes arrive.
 */
import { browser } from 'wxt/browser';
import type { SourcelightDatabase } from '../db/schema';
import { createSyncStore } from '../db/sync-store';
import type { Handlers, LibraryHandlers } from '../messages';
import { requestTab } from '../messaging/index';
import { createSyncController, type SyncController } from './controller';
import { loadPouch } from './pouch';
import { trackChanges } from './tracked';

const ALARM = 'sourcelight-sync';

/** The optional APIs sync uses, present only once granted (alarms) or in some browsers. */
interface OptionalApis {
  alarms?: {
    create(name: string, info: { periodInMinutes: number }): unknown;
    clear(name: string): unknown;
    onAlarm: { addListener(f: (alarm: { name: string }) => void): void };
  };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  tabs: { query(q: Record<string, never>): Promise<{ id?: number }[]> };
}

/**
 * The handlers with team sync added. Call at start-up, synchronously (the alarm listener must be
 * registered before the worker's first task ends).
 */
export function withTeamSync(
  ready: Promise<LibraryHandlers>,
  database: Promise<SourcelightDatabase>,
): Promise<Handlers> {
  const api = browser as unknown as OptionalApis;
  const controller: Promise<SyncController> = Promise.all([ready, database, loadPouch()]).then(
    ([handlers, db, pouch]) =>
      createSyncController({
        pouch,
        store: createSyncStore(db),
        library: handlers,
        hasPermission: (origin) =>
          api.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false),
        onApplied: () => refreshPages(api),
      }),
  );
  void controller.then((c) => c.start()).catch((e) => console.error('Sourcelight sync:', e));
  api.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void controller.then((c) => c.wake());
  });

  return Promise.all([ready, controller]).then(([handlers, c]) => ({
    ...trackChanges(handlers, (change) => {
      void c.noteLocal(change).catch((e) => console.error('Sourcelight sync outbox:', e));
    }),
    'sync.status': () => c.status(),
    'sync.configure': async ({ config }) => {
      const status = await c.configure(config);
      // The alarm wakes a stopped worker so changes keep flowing while no page is open.
      if (config.enabled) api.alarms?.create(ALARM, { periodInMinutes: 1 });
      else api.alarms?.clear(ALARM);
      return status;
    },
    'sync.retry': () => c.retry(),
    'sync.undoRemoval': ({ id }) => c.undoRemoval(id),
    'sync.keepVersion': ({ id, version }) => c.keepVersion(id, version),
  }));
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Asks every open page's overlay to read its article again (once for a burst of arrivals). */
function refreshPages(api: OptionalApis): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    const tabs = await api.tabs.query({}).catch(() => []);
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      // Tabs without Sourcelight's content script (browser pages) cannot answer: nothing to do there.
      void requestTab(tab.id, 'content.libraryChanged', {}).catch(() => undefined);
    }
  }, 200);
}
