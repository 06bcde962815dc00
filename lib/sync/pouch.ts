/**
 * The one wrapper of PouchDB (pouchdb-browser: IndexedDB adapter, HTTP adapter, replication).
 * The rest of lib/sync sees only the small surface typed here, so tests can hand in PouchDB with
 * its memory adapter and a swap of client touches this file alone.
 */

/** A stored document as PouchDB hands it back. */
export type PouchDoc = Record<string, unknown> & { _id: string; _rev: string };

/** One entry of a changes feed. */
export interface PouchChange {
  id: string;
  seq: number | string;
  deleted?: boolean;
  changes: { rev: string }[];
  doc?: PouchDoc & { _deleted?: boolean; _conflicts?: string[] };
}

/** An event source for a running sync (PouchDB's Sync object). */
export interface PouchSyncHandle {
  on(
    event: 'change',
    f: (info: {
      direction: 'push' | 'pull';
      change: { last_seq?: number | string; docs_written?: number };
    }) => void,
  ): PouchSyncHandle;
  on(event: 'paused', f: (error?: unknown) => void): PouchSyncHandle;
  on(event: 'active', f: () => void): PouchSyncHandle;
  on(event: 'denied', f: (error: unknown) => void): PouchSyncHandle;
  on(event: 'error', f: (error: unknown) => void): PouchSyncHandle;
  on(event: 'complete', f: (info: unknown) => void): PouchSyncHandle;
  cancel(): void;
}

/** The database methods Sourcelight uses. */
export interface PouchDatabase {
  get(id: string, options?: { rev?: string; conflicts?: boolean }): Promise<PouchDoc>;
  put(doc: Record<string, unknown>): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(
    docs: Record<string, unknown>[],
  ): Promise<{ ok?: boolean; id?: string; rev?: string; error?: unknown }[]>;
  remove(doc: { _id: string; _rev: string }): Promise<unknown>;
  changes(options: {
    since: number | string;
    include_docs?: boolean;
    conflicts?: boolean;
    limit?: number;
  }): Promise<{ results: PouchChange[]; last_seq: number | string }>;
  allDocs(options: {
    include_docs?: boolean;
    limit?: number;
    startkey?: string;
    endkey?: string;
    skip?: number;
  }): Promise<{ total_rows: number; rows: { id: string; doc?: PouchDoc }[] }>;
  info(): Promise<{ update_seq: number | string; doc_count: number; db_name?: string }>;
  sync(
    remote: PouchDatabase,
    options: { live: boolean; retry: boolean; batch_size?: number; batches_limit?: number },
  ): PouchSyncHandle;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/** How lib/sync opens databases: a local one by name, a remote one by URL with our fetch. */
export interface PouchFactory {
  local(name: string): PouchDatabase;
  remote(
    url: string,
    fetch: (url: string | Request, init?: RequestInit) => Promise<Response>,
  ): PouchDatabase;
}

type PouchConstructor = new (name: string, options?: Record<string, unknown>) => PouchDatabase;

/**
 * Loads pouchdb-browser (its module reads `self`, which Node lacks: the CLI and tests give it
 * `globalThis`). `adapter` names the local adapter: the browser's IndexedDB by default.
 */
export async function loadPouch(adapter?: {
  name: string;
  plugin: unknown;
}): Promise<PouchFactory> {
  const g = globalThis as { self?: unknown };
  g.self ??= globalThis;
  const PouchDB = (await import('pouchdb-browser')).default as unknown as PouchConstructor & {
    plugin(p: unknown): void;
  };
  if (adapter) PouchDB.plugin(adapter.plugin);
  return {
    local: (name) => new PouchDB(name, adapter ? { adapter: adapter.name } : {}),
    remote: (url, fetch) => new PouchDB(url, { fetch, skip_setup: true }),
  };
}
