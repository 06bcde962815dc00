/**
 * "Browsers" for team sync tests without a browser: each has its own Sourcelight database (over
 * fake-indexeddb), its library service, its PouchDB sync database (memory adapter) and a bridge;
 * a third PouchDB database stands in for the team's server.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { openDatabase } from '../../lib/db/schema';
import { createLibraryService } from '../../lib/db/service';
import { createSyncStore } from '../../lib/db/sync-store';
import { createBridge } from '../../lib/sync/bridge';
import { loadPouch, type PouchDatabase, type PouchFactory } from '../../lib/sync/pouch';
import { trackChanges } from '../../lib/sync/tracked';

let pouch: PouchFactory | undefined;
let n = 0;

/** The requests' sender for calls that come from no tab. */
export const NOBODY = { tabId: null, url: null };

/** PouchDB with its memory adapter, loaded once. */
export async function memoryPouch(): Promise<PouchFactory> {
  pouch ??= await loadPouch({ name: 'memory', plugin: memoryAdapter });
  return pouch;
}

/** A fresh database standing in for the team's server. */
export async function teamServer(): Promise<PouchDatabase> {
  return (await memoryPouch()).local(`server-${++n}`);
}

/** One browser: its database, library handlers with the outbox wired, and its bridge. */
export async function browserProfile(name: string) {
  const factory = await memoryPouch();
  const db = await openDatabase({ factory: new IDBFactory(), name: `${name}-${++n}` });
  const service = createLibraryService({ db, newId: () => `urn:uuid:${name}-${++n}` });
  const local = factory.local(`${name}-sync-${n}`);
  const bridge = createBridge({
    local,
    store: createSyncStore(db),
    library: service.handlers,
    device: name,
  });
  const handlers = trackChanges(service.handlers, (c) => void bridge.noteLocal(c));
  return { db, service, local, bridge, handlers };
}

/** A browser of `browserProfile`. */
export type Profile = Awaited<ReturnType<typeof browserProfile>>;

/**
 * Replicates both ways with the server, applies what arrived, and replicates again (what live
 * replication does next: a conflict resolved here goes back to the server).
 */
export async function syncWith(p: Profile, server: PouchDatabase) {
  await p.bridge.noteLocal({ keys: [], scan: [] }); // let queued outbox writes finish
  const once = () =>
    new Promise<void>((ok, fail) => {
      const h = p.local.sync(server, { live: false, retry: false });
      h.on('complete', () => ok());
      h.on('error', fail);
    });
  await once();
  const report = await p.bridge.pump();
  await once();
  return report;
}
