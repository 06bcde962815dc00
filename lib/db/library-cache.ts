/**
 * The prepared library (sources, actors, stem index), built from the stored sources on first use and
 * updated after each change: a change's sources are indexed, the others' index entries kept. Building
 * is the costly part of a worker's wake, so the actors are kept with each source and the stem index
 * in the `cache` store; both are caches, never the only copy.
 */
import {
  ACTOR_RULES_VERSION,
  adoptLibraryActors,
  extractSourceActors,
  type LibraryActor,
  libraryActors,
  type SourceActor,
} from '../actors/index';
import {
  createLibrary,
  detailsDerived,
  INDEX_FORMAT,
  type IndexSnapshot,
  indexAgrees,
  indexRulesProbe,
  type Library,
  snapshotIndex,
  updateLibrary,
} from '../library';
import { adoptDetails, type KeptDetail, recentDetails } from '../library-details';
import type { StoredSource } from '../messages';
import type { Source } from '../types';
import type { SourcelightDatabase } from './schema';

/** The cache entry that holds the library's stem index (and the sources packed with it). */
const CACHE_STEM_INDEX = 'stem-index';
/**
 * Present while the stored index lags behind a change of the sources (written at the change, removed
 * with the next stored index): a worker stopped in between does not wake up with the old library.
 */
const CACHE_STALE = 'stem-index-stale';

/**
 * The cache entry that holds the details (words, sentences, quotes) of the sources the last pages
 * made candidates. The worker is stopped after 30 s without work, so most pages find it just woken:
 * without these it derived them again for every page (about 10 ms a source on the test machine).
 */
const CACHE_DETAILS = 'recent-details';

/** How many sources' details are kept (about 20-40 KB each in IndexedDB). */
const KEPT_DETAILS = 128;

/** How long after a page with new details they are written (ms): pages come in bursts. */
const KEEP_DETAILS_AFTER_MS = 300;

/** How long after the last change the updated index is stored (ms): a burst of changes is stored once. */
export const STORED_LIBRARY_WRITE_MS = 5_000;

/** How long after a wake served from the stored library its sources are read to check it (ms). */
export const STORED_LIBRARY_CHECK_MS = 10_000;

/**
 * The sources and their actors, packed into the stem index's cache entry: a waking worker reads
 * this one record instead of every source (10,000 records took ~2 s of the worker's wake on the
 * 2-core test machine). The texts are one string, so reading it back is one copy, not 10,000.
 */
interface PackedSources {
  actorsVersion: number;
  /** JSON of each source without its text, its actors, and its last change. */
  meta: string;
  /**
   * JSON of the library's merged actors (`libraryActors`): merging 10,000 sources' actors again took
   * most of a waking worker's first actor search. Absent in records written before it was kept.
   */
  merged?: string;
  text: string;
  /** Where each source's text ends in `text`. */
  ends: Int32Array;
}

type StoredIndex = IndexSnapshot & { packed?: PackedSources };

/** What the stored index says of each source: its id, last change and text. */
type Stamped = Pick<StoredSource, 'id' | 'updatedAt' | 'source'>;

function packSources(
  all: Stamped[],
  sourceActors: ReadonlyMap<string, SourceActor[]> | undefined,
  merged: LibraryActor[],
): PackedSources {
  const ends = new Int32Array(all.length);
  let end = 0;
  const meta = all.map((stored, i) => {
    const { text, ...rest } = stored.source;
    end += text.length;
    ends[i] = end;
    return [rest, sourceActors?.get(stored.id) ?? null, stored.updatedAt];
  });
  return {
    actorsVersion: ACTOR_RULES_VERSION,
    meta: JSON.stringify(meta),
    merged: JSON.stringify(merged),
    text: all.map((s) => s.source.text).join(''),
    ends,
  };
}

/** The merged actors of a packed record, or null when it has none (an older record). */
function unpackMerged(packed: PackedSources): LibraryActor[] | null {
  if (typeof packed.merged !== 'string') return null;
  const merged = JSON.parse(packed.merged) as unknown;
  return Array.isArray(merged) ? (merged as LibraryActor[]) : null;
}

function unpackSources(packed: PackedSources): {
  sources: Source[];
  sourceActors: Map<string, SourceActor[]>;
  stamps: Map<string, number>;
} {
  const meta = JSON.parse(packed.meta) as [Omit<Source, 'text'>, SourceActor[] | null, number][];
  if (meta.length !== packed.ends.length) throw new Error('the stored library is damaged');
  const sourceActors = new Map<string, SourceActor[]>();
  const stamps = new Map<string, number>();
  let start = 0;
  const sources = meta.map(([rest, actors, updatedAt], i) => {
    const end = packed.ends[i]!;
    if (end < start || end > packed.text.length || typeof updatedAt !== 'number')
      throw new Error('the stored library is damaged');
    if (actors) sourceActors.set(rest.id, actors);
    stamps.set(rest.id, updatedAt);
    const source = { ...rest, text: packed.text.slice(start, end) } as Source;
    start = end;
    return source;
  });
  return { sources, sourceActors, stamps };
}

/** Sources written (new or new versions) and ids removed, as the database now holds them. */
export interface SourcesChange {
  put?: StoredSource[];
  removed?: string[];
}

/**
 * The prepared library, built lazily; `changed(change)` updates it after a write to the sources,
 * `changed()` (a write it is not told about) drops it.
 */
export interface LibraryCache {
  getLibrary: () => Promise<Library>;
  changed: (change?: SourcesChange) => void;
  /** Called after a page was matched: keeps the sources' details the library derived for it. */
  used: (library: Library) => void;
}

/**
 * What a stem index is built from: the index format, the building code's tag, and each source's id,
 * last change and length, in the order the library holds them. Any difference makes a stored index stale.
 */
export function indexFrom(all: readonly Stamped[], tag: string): string {
  // Two 32-bit FNV-1a hashes with different seeds: a 64-bit fingerprint without a crypto round trip.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
  };
  for (const s of all) mix(`${s.id}\u0000${s.updatedAt}\u0000${s.source.text.length}\u0001`);
  return `${INDEX_FORMAT}:${tag}:${all.length}:${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

/**
 * Creates the lazily built library over `db`; `indexTag` names the code that builds the stem index.
 * `checkMs`: see `STORED_LIBRARY_CHECK_MS`; `writeMs`: see `STORED_LIBRARY_WRITE_MS`.
 */
export function createLibraryCache(
  db: SourcelightDatabase,
  indexTag = '',
  checkMs = STORED_LIBRARY_CHECK_MS,
  writeMs = STORED_LIBRARY_WRITE_MS,
): LibraryCache {
  let library: Promise<Library> | null = null;
  /** Counts changes: a stored index is only written for the newest. */
  let generation = 0;
  let writeTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last stored index was written and how long that took (ms). */
  let lastWrite = { end: 0, cost: 0 };
  /** Each built library's sources' last changes, for the fingerprint of its stored index. */
  const stampsOf = new WeakMap<Library, Map<string, number>>();
  const tag = () => `${indexTag}/${indexRulesProbe()}`;
  /** Details derived when they were last written, and the pending write. */
  let keptAt = -1;
  let keeping: ReturnType<typeof setTimeout> | null = null;
  const stampedOf = (lib: Library): Stamped[] | null => {
    const stamps = stampsOf.get(lib);
    if (!stamps) return null;
    return lib.sources.map(({ source }) => ({
      id: source.id,
      source,
      updatedAt: stamps.get(source.id) ?? 0,
    }));
  };

  /**
   * The library of the stored sources, with the actors stored with them. The service worker is
   * stopped when idle and builds the library again on waking: extracting every source's actors
   * each time would take seconds for a large library. Actors stored by other rules (an update) are
   * extracted again here and stored back, so that happens once.
   */
  const buildLibrary = async (all: StoredSource[]): Promise<Library> => {
    const sourceActors = new Map<string, SourceActor[]>();
    const refreshed: StoredSource[] = [];
    for (const stored of all) {
      const d = stored.derived;
      if (d?.actorsVersion === ACTOR_RULES_VERSION && Array.isArray(d.actors)) {
        sourceActors.set(stored.id, d.actors as SourceActor[]);
        continue;
      }
      try {
        const actors = extractSourceActors(stored.source);
        sourceActors.set(stored.id, actors);
        refreshed.push({
          ...stored,
          derived: { ...d, actors, actorsVersion: ACTOR_RULES_VERSION },
        });
      } catch {
        // Left to findActors, which extracts what it is not given.
      }
    }
    if (refreshed.length) void storeRefreshed(refreshed);
    const sources = all.map((s) => s.source);
    const from = indexFrom(all, tag());
    const built = generation;
    const stamps = new Map(all.map((s) => [s.id, s.updatedAt]));
    const stored = await readCachedIndex(from);
    if (stored) {
      try {
        const restored = createLibrary(sources, { sourceActors, index: stored });
        // A few sources cut again must agree with the stored index, or it is not used.
        if (
          restored.stems.postings === stored.postings &&
          indexAgrees(restored, [0, sources.length >> 1, sources.length - 1])
        ) {
          stampsOf.set(restored, stamps);
          return restored;
        }
      } catch {
        // A damaged entry: built again below.
      }
    }
    const fresh = createLibrary(sources, { sourceActors });
    stampsOf.set(fresh, stamps);
    // Not when a change came meanwhile: the library it updates is stored after it.
    if (sources.length > 0 && built === generation)
      void writeCachedIndex(from, {
        ...snapshotIndex(fresh),
        // Merged now rather than on the first page: the first page after a build merges them anyway.
        packed: packSources(all, sourceActors, libraryActors(fresh)),
      });
    return fresh;
  };

  /** The library after a change of the sources: updated, with its sources' last changes. */
  const applyChange = (lib: Library, change: SourcesChange): Library => {
    const before = stampsOf.get(lib);
    const stamps = new Map(before);
    const actors = new Map<string, SourceActor[]>();
    for (const s of change.put ?? []) {
      stamps.set(s.id, s.updatedAt);
      const d = s.derived;
      if (d?.actorsVersion === ACTOR_RULES_VERSION && Array.isArray(d.actors))
        actors.set(s.id, d.actors as SourceActor[]);
    }
    for (const id of change.removed ?? []) stamps.delete(id);
    const next = updateLibrary(lib, {
      put: (change.put ?? []).map((s) => s.source),
      removed: change.removed ?? [],
      actors,
    });
    // Applied twice (a build from the sources that already held it): nothing to store again.
    if (next === lib && [...stamps].every(([id, at]) => before?.get(id) === at)) return lib;
    stampsOf.set(next, stamps);
    storeLater();
    return next;
  };

  /**
   * Stores the library's index once changes have paused, unless another change came meanwhile; and
   * spends at most a twentieth of the time storing it (a large library's record is tens of MB), so a
   * long burst of changes, a first sync, is not slowed down by storing every step of it.
   */
  const storeLater = () => {
    if (writeTimer) clearTimeout(writeTimer);
    const at = generation;
    const wait = Math.max(writeMs, lastWrite.end + 20 * lastWrite.cost - Date.now());
    writeTimer = setTimeout(async () => {
      writeTimer = null;
      let start = Date.now();
      try {
        const lib = library && (await library);
        const items = lib && stampedOf(lib);
        if (!lib || !items || at !== generation) return;
        // Merging the actors is work the next page needs anyway: it does not count as storing.
        const merged = items.length ? libraryActors(lib) : [];
        start = Date.now();
        if (items.length === 0) await db.delete('cache', CACHE_STEM_INDEX);
        else
          await writeCachedIndex(indexFrom(items, tag()), {
            ...snapshotIndex(lib),
            packed: packSources(items, lib.sourceActors, merged),
          });
      } catch {
        // Built from the sources on the next wake.
      }
      lastWrite = { end: Date.now(), cost: Date.now() - start };
    }, wait);
  };

  /**
   * The library as stored with the index, without reading every source: what a waking worker
   * uses. The service's own writes drop the entry (`changed`); a change made behind its back is
   * found by reading the sources `checkMs` later, and the library is then built again.
   */
  const fromStored = async (): Promise<Library | null> => {
    try {
      const tx = db.transaction('cache');
      const [entry, stale, kept] = await Promise.all([
        tx.store.get(CACHE_STEM_INDEX),
        tx.store.get(CACHE_STALE),
        tx.store.get(CACHE_DETAILS),
      ]);
      // For the benchmark (bench/cold-worker.ts reads the worker's marks): a waking worker's steps.
      performance.mark('sourcelight:stored-read');
      const value = entry?.value as StoredIndex | undefined;
      const packed = value?.packed;
      if (!entry || stale || !value || !packed || packed.actorsVersion !== ACTOR_RULES_VERSION)
        return null;
      const { sources, sourceActors, stamps } = unpackSources(packed);
      if (!entry.from.startsWith(`${INDEX_FORMAT}:${tag()}:${sources.length}:`)) return null;
      const restored = createLibrary(sources, { sourceActors, index: value });
      if (
        restored.stems.postings !== value.postings ||
        !indexAgrees(restored, [0, sources.length >> 1, sources.length - 1])
      )
        return null;
      stampsOf.set(restored, stamps);
      const merged = unpackMerged(packed);
      if (merged) adoptLibraryActors(restored, merged);
      if (kept?.from === entry.from && Array.isArray(kept.value))
        adoptDetails(restored, kept.value as KeptDetail[]);
      keptAt = detailsDerived(restored);
      performance.mark('sourcelight:unpacked');
      setTimeout(() => void check(), checkMs);
      return restored;
    } catch {
      return null;
    }
  };

  /** Reads the sources and, when the library is not theirs, builds it again. */
  const check = async () => {
    try {
      const all = await db.getAll('sources');
      const served = library;
      const items = served && stampedOf(await served);
      if (!items || indexFrom(all, tag()) === indexFrom(items, tag())) return;
      // Changes that came meanwhile are in the database: read again, not the list read above.
      if (library === served) library = db.getAll('sources').then(buildLibrary);
    } catch {
      // Checked again on the next wake.
    }
  };
  /** The stored stem index when it was built from `from`; null when absent, stale or unreadable. */
  const readCachedIndex = async (from: string): Promise<IndexSnapshot | null> => {
    try {
      const entry = await db.get('cache', CACHE_STEM_INDEX);
      return entry && entry.from === from ? (entry.value as IndexSnapshot) : null;
    } catch {
      return null;
    }
  };
  /** Stores the stem index; a cache, so a failure (quota) only means building it again next time. */
  const writeCachedIndex = async (from: string, value: StoredIndex) => {
    try {
      await db.put('cache', { key: CACHE_STEM_INDEX, from, value });
      await db.delete('cache', CACHE_STALE);
    } catch {
      // Built again on the next wake.
    }
  };
  /** Writes the details of the sources the last pages used, unless none was derived since the last write. */
  const keepDetails = (lib: Library) => {
    keeping = null;
    const items = stampedOf(lib);
    const derived = detailsDerived(lib);
    if (!items || derived === keptAt) return;
    keptAt = derived;
    const value = recentDetails(lib, KEPT_DETAILS);
    void db
      .put('cache', { key: CACHE_DETAILS, from: indexFrom(items, tag()), value })
      .catch(() => undefined);
  };
  /** Writes refreshed derived data back; a cache, so failures (quota, a source removed meanwhile) are ignored. */
  const storeRefreshed = async (records: StoredSource[]) => {
    try {
      const tx = db.transaction('sources', 'readwrite');
      for (const r of records) {
        const current = await tx.store.get(r.id);
        // Only where the source is still the one the actors were read from.
        if (current && current.source.text === r.source.text)
          await tx.store.put({ ...current, derived: r.derived });
      }
      await tx.done;
    } catch {
      // Extracted again on the next build.
    }
  };

  const load = () =>
    fromStored().then(
      (stored) =>
        stored ??
        db.getAll('sources').then((all) => {
          // For the benchmark (bench/cold-worker.ts reads the worker's marks): a waking worker's steps.
          performance.mark('sourcelight:sources-read');
          return buildLibrary(all);
        }),
    );
  /** Sets the library's promise; a failed build must not stick: the next request tries again. */
  const hold = (next: Promise<Library>) => {
    library = next;
    next.catch(() => {
      if (library === next) library = null;
    });
    return next;
  };

  return {
    getLibrary: () => library ?? hold(load()),
    changed: (change) => {
      generation++;
      if (!change) {
        library = null;
        // The stored library no longer holds: the next wake reads the sources.
        void db.delete('cache', CACHE_STEM_INDEX).catch(() => undefined);
        void db.delete('cache', CACHE_DETAILS).catch(() => undefined);
        return;
      }
      // The library it updates is read first (a transaction opened before the mark below sees the
      // index as stored); a build from the sources already holds the change, and applying it again
      // changes nothing.
      const base = library ?? load();
      void db.put('cache', { key: CACHE_STALE, from: '', value: null }).catch(() => undefined);
      hold(base.then((lib) => applyChange(lib, change)));
    },
    used: (lib) => {
      if (keeping === null && detailsDerived(lib) !== keptAt)
        keeping = setTimeout(() => keepDetails(lib), KEEP_DETAILS_AFTER_MS);
    },
  };
}
