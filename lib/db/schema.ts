/**
 * The Sourcelight database: one IndexedDB database owned by the background service worker.
 * Every other part of the extension reaches it through lib/messaging. The schema is versioned;
 * `upgrade` walks from any older version to the current one and keeps every record.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { WebAnnotation } from '../anchoring/model';
import type { PageVisit, SourceOrigin, StoredSource } from '../messages';
import type { SourceEmbeddings } from '../semantic/stage';
import type { Source } from '../types';

// The records the protocol carries are defined with the protocol (the database depends on it, never the reverse).
export type { PageVisit, SourceOrigin, StoredSource, VisitMatch } from '../messages';

/**
 * Current schema version. History: 1 = sources, annotations, settings; 2 = adds visits and
 * corrections, source bookkeeping, annotation indexes; 3 = adds the cache of derived data;
 * 4 = adds the sentence-model vectors of each source.
 */
export const DB_VERSION = 4;
/** The database name the extension uses; tests pass their own. */
export const DB_NAME = 'sourcelight';

/** A user correction: dismissed matches of one page (`dismissed:<url>`), or actor edits (`actors`). */
export type Correction =
  | {
      key: `dismissed:${string}`;
      kind: 'dismissed';
      url: string;
      keys: string[];
      updatedAt: number;
    }
  | { key: 'actors'; kind: 'actors'; value: unknown; updatedAt: number };

/**
 * Derived data kept to save work, never the only copy of anything: `stem-index` holds the library's
 * stem index with the key of the sources and rules it was built from. Safe to clear at any time.
 */
export interface CacheEntry {
  key: string;
  /** What the value was derived from; a value whose `from` differs from the current one is stale. */
  from: string;
  value: unknown;
}

/**
 * A source's passages and their sentence-model vectors, computed when the source is added (or,
 * for a bulk import, when a page first renders it): derived data, keyed by the source's id, that
 * `from` ties to the model, the cutting rules and the source's text.
 */
export interface StoredVectors extends SourceEmbeddings {
  id: string;
  from: string;
}

/** A setting: any JSON value under a key (`site:<host>` holds whether the overlay runs there). */
export interface Setting {
  key: string;
  value: unknown;
}

/** The typed schema idb checks every store access against. */
export interface SourcelightDB extends DBSchema {
  sources: { key: string; value: StoredSource; indexes: { 'by-added': number } };
  annotations: {
    key: string;
    value: WebAnnotation;
    indexes: { 'by-page': string; 'by-modified': string };
  };
  visits: { key: string; value: PageVisit; indexes: { 'by-host': string; 'by-visited': number } };
  corrections: { key: string; value: Correction };
  settings: { key: string; value: Setting };
  cache: { key: string; value: CacheEntry };
  vectors: { key: string; value: StoredVectors };
}

export type SourcelightDatabase = IDBPDatabase<SourcelightDB>;

/** Where to open the database: tests hand in a fake-indexeddb factory and a fresh name. */
export interface OpenOptions {
  factory?: IDBFactory;
  name?: string;
  /** For migration tests only: open an older version. */
  version?: number;
}

/** Opens (creating or upgrading) the database. */
export function openDatabase({
  factory = globalThis.indexedDB,
  name = DB_NAME,
  version = DB_VERSION,
}: OpenOptions = {}): Promise<SourcelightDatabase> {
  if (!factory) return Promise.reject(new Error('IndexedDB is not available in this context.'));
  const request = factory.open(name, version);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as SourcelightDatabase;
    const tx = wrap(request.transaction!) as unknown as IDBPTransaction<
      SourcelightDB,
      StoreNames<SourcelightDB>[],
      'versionchange'
    >;
    // An aborted upgrade is reported by the open request itself; its transaction's own rejection is not news.
    tx.done.catch(() => undefined);
    upgrade(db, event.oldVersion, event.newVersion ?? version, tx);
  });
  return wrap(request) as unknown as Promise<SourcelightDatabase>;
}

/**
 * Brings a database from `oldVersion` to `newVersion`, one step at a time. Each step only adds
 * stores and indexes or rewrites records in place, so nothing stored is lost.
 */
export function upgrade(
  db: SourcelightDatabase,
  oldVersion: number,
  newVersion: number,
  tx: IDBPTransaction<SourcelightDB, StoreNames<SourcelightDB>[], 'versionchange'>,
): void {
  // The version-1 layout, kept so a version-1 database can be created in tests exactly as it was shipped.
  if (oldVersion < 1) {
    db.createObjectStore('sources', { keyPath: 'id' });
    db.createObjectStore('annotations', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2 && newVersion >= 2) {
    const sources = tx.objectStore('sources');
    sources.createIndex('by-added', 'addedAt');
    const annotations = tx.objectStore('annotations');
    annotations.createIndex('by-page', 'target.source');
    annotations.createIndex('by-modified', 'modified');
    const visits = db.createObjectStore('visits', { keyPath: 'url' });
    visits.createIndex('by-host', 'host');
    visits.createIndex('by-visited', 'visitedAt');
    db.createObjectStore('corrections', { keyPath: 'key' });
    // Version 1 stored the bare Source record under its id; wrap it with bookkeeping.
    // An interrupted upgrade (the browser closes, the transaction aborts) rolls the records back
    // and the next open runs it again: the migration's own rejection is then nothing to report.
    if (oldVersion >= 1) migrateSourcesFromV1(tx).catch(() => undefined);
  }
  if (oldVersion < 3 && newVersion >= 3) db.createObjectStore('cache', { keyPath: 'key' });
  if (oldVersion < 4 && newVersion >= 4) db.createObjectStore('vectors', { keyPath: 'id' });
}

async function migrateSourcesFromV1(
  tx: IDBPTransaction<SourcelightDB, StoreNames<SourcelightDB>[], 'versionchange'>,
): Promise<void> {
  const store = tx.objectStore('sources');
  let cursor = await store.openCursor();
  const now = Date.now();
  while (cursor) {
    const value = cursor.value as unknown as Record<string, unknown>;
    if (!('source' in value)) {
      const { addedAt, origin, ...source } = value as unknown as Source & {
        addedAt?: number;
        origin?: SourceOrigin;
      };
      await cursor.update({
        id: source.id,
        source: source as Source,
        origin: origin ?? 'file',
        addedAt: typeof addedAt === 'number' ? addedAt : now,
        updatedAt: now,
      });
    }
    cursor = await cursor.continue();
  }
}

/** Thrown when the browser refuses to store more; the message is shown to the user as it stands. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}

/**
 * Runs a write and turns a quota failure into a StorageFullError with advice, so the user sees it
 * instead of losing the save silently. Other errors pass through unchanged.
 */
export async function guardQuota<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) {
      throw new StorageFullError(
        `Could not save ${what}: the browser's storage for Sourcelight is full. Nothing was changed. Export your library, remove sources or annotations you no longer need, and try again.`,
      );
    }
    throw error;
  }
}

/** Whether an error (or a transaction's error) is the browser's quota refusal. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
