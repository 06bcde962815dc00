/**
 * The prepared library (sources, actors, stem index), built from the stored sources on first use and
 * again after any change. Building is the costly part of a worker's wake, so the actors are kept
 * with each source and the stem index in the `cache` store; both are caches, never the only copy.
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
  adoptDetails,
  createLibrary,
  detailsDerived,
  INDEX_FORMAT,
  type IndexSnapshot,
  indexAgrees,
  indexRulesProbe,
  type Library,
  recentDetails,
  snapshotIndex,
  type SourceDetail,
} from '../library';
import type { StoredSource } from '../messages';
import type { Source } from '../types';
import type { SourcelightDatabase } from './schema';

/** The cache entry that holds the library's stem index (and the sources packed with it). */
const CACHE_STEM_INDEX = 'stem-index';

/**
 * The cache entry that holds the details (words, sentences, quotes) of the sources the last pages
 * made candidates. The worker is stopped after 30 s without work, so most pages find it just woken:
 * without these it derived them again for every page (about 10 ms a source on the test machine).
 */
const CACHE_DETAILS = 'recent-details';

/** How many sources' details are kept (about 20 KB each in IndexedDB). */
const KEPT_DETAILS = 128;

/** How long after a page with new details they are written (ms): pages come in bursts. */
const KEEP_DETAILS_AFTER_MS = 300;

/** How long after a wake served from the stored library its sources are read to check it (ms). */
export const STORED_LIBRARY_CHECK_MS = 10_000;

/**
 * The sources and their actors, packed into the stem index's cache entry: a waking worker reads
 * this one record instead of every source (10,000 records took ~2 s of the worker's wake on the
 * 2-core test machine). The texts are one string, so reading it back is one copy, not 10,000.
 */
interface PackedSources {
  actorsVersion: number;
  /** JSON of each source without its text, and its actors (null where `merged` stands for them). */
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

function packSources(all: StoredSource[], merged: LibraryActor[]): PackedSources {
  const ends = new Int32Array(all.length);
  let end = 0;
  const meta = all.map((stored, i) => {
    const { text, ...rest } = stored.source;
    end += text.length;
    ends[i] = end;
    return [rest, null];
  });
  return {
    actorsVersion: ACTOR_RULES_VERSION,
    meta: JSON.stringify(meta),
    merged: JSON.stringify(merged),
    text: all.map((s) => s.source.text).join(''),
    ends,
  };
}

/** The merged actors of a packed record, or null when it has none (an older record) or they are damaged. */
function unpackMerged(packed: PackedSources): LibraryActor[] | null {
  if (typeof packed.merged !== 'string') return null;
  const merged = JSON.parse(packed.merged) as unknown;
  return Array.isArray(merged) ? (merged as LibraryActor[]) : null;
}

function unpackSources(packed: PackedSources): {
  sources: Source[];
  sourceActors: Map<string, SourceActor[]>;
} {
  const meta = JSON.parse(packed.meta) as [Omit<Source, 'text'>, SourceActor[] | null][];
  if (meta.length !== packed.ends.length) throw new Error('the stored library is damaged');
  const sourceActors = new Map<string, SourceActor[]>();
  let start = 0;
  const sources = meta.map(([rest, actors], i) => {
    const end = packed.ends[i]!;
    if (end < start || end > packed.text.length) throw new Error('the stored library is damaged');
    if (actors) sourceActors.set(rest.id, actors);
    const source = { ...rest, text: packed.text.slice(start, end) } as Source;
    start = end;
    return source;
  });
  return { sources, sourceActors };
}

/** The prepared library, built lazily; `changed()` drops it after a write to the sources. */
export interface LibraryCache {
  getLibrary: () => Promise<Library>;
  changed: () => void;
  /** Called after a page was matched: keeps the sources' details the library derived for it. */
  used: (library: Library) => void;
}

/**
 * What a stem index is built from: the index format, the building code's tag, and each source's id,
 * last change and length, in the order the library holds them. Any difference makes a stored index stale.
 */
export function indexFrom(all: StoredSource[], tag: string): string {
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
 * `checkMs`: see `STORED_LIBRARY_CHECK_MS`.
 */
export function createLibraryCache(
  db: SourcelightDatabase,
  indexTag = '',
  checkMs = STORED_LIBRARY_CHECK_MS,
): LibraryCache {
  let library: Promise<Library> | null = null;
  const tag = () => `${indexTag}/${indexRulesProbe()}`;
  /** What each library was built from (see `indexFrom`): kept details are valid for that only. */
  const builtFrom = new WeakMap<Library, string>();
  /** Details derived when they were last written, and the pending write. */
  let keptAt = -1;
  let keeping: ReturnType<typeof setTimeout> | null = null;

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
    const stored = await readCachedIndex(from);
    if (stored) {
      try {
        const restored = createLibrary(sources, { sourceActors, index: stored });
        // A few sources cut again must agree with the stored index, or it is not used.
        if (
          restored.stems.postings === stored.postings &&
          indexAgrees(restored, [0, sources.length >> 1, sources.length - 1])
        ) {
          builtFrom.set(restored, from);
          return restored;
        }
      } catch {
        // A damaged entry: built again below.
      }
    }
    const built = createLibrary(sources, { sourceActors });
    builtFrom.set(built, from);
    if (sources.length > 0)
      void writeCachedIndex(from, {
        ...snapshotIndex(built),
        // Merged now rather than on the first page: the first page after a change would merge them anyway.
        packed: packSources(all, libraryActors(built)),
      });
    return built;
  };

  /**
   * The library as stored with the index, without reading every source: what a waking worker
   * uses. The service's own writes drop the entry (`changed`); a change made behind its back is
   * found by reading the sources `checkMs` later, and the library is then built again.
   */
  const fromStored = async (): Promise<Library | null> => {
    try {
      const [entry, kept] = await Promise.all([
        db.get('cache', CACHE_STEM_INDEX),
        db.get('cache', CACHE_DETAILS).catch(() => undefined),
      ]);
      // For the benchmark (bench/cold-worker.ts reads the worker's marks): a waking worker's steps.
      performance.mark('sourcelight:stored-read');
      const value = entry?.value as StoredIndex | undefined;
      const packed = value?.packed;
      if (!entry || !value || !packed || packed.actorsVersion !== ACTOR_RULES_VERSION) return null;
      const { sources, sourceActors } = unpackSources(packed);
      if (!entry.from.startsWith(`${INDEX_FORMAT}:${tag()}:${sources.length}:`)) return null;
      const merged = unpackMerged(packed);
      // Without stored merged actors, each source's own are in the record (an older record).
      if (!merged && sourceActors.size < sources.length) return null;
      const restored = createLibrary(sources, { sourceActors, index: value });
      if (
        restored.stems.postings !== value.postings ||
        !indexAgrees(restored, [0, sources.length >> 1, sources.length - 1])
      )
        return null;
      if (merged) adoptLibraryActors(restored, merged);
      builtFrom.set(restored, entry.from);
      if (kept?.from === entry.from && Array.isArray(kept.value))
        adoptDetails(restored, kept.value as { at: number; detail: SourceDetail }[]);
      keptAt = detailsDerived(restored);
      performance.mark('sourcelight:unpacked');
      // Only the fingerprint goes into the timer: the record read (the texts, 30 MB at 10,000
      // sources) must not stay alive until the check.
      const from = entry.from;
      setTimeout(() => void check(from, restored), checkMs);
      return restored;
    } catch {
      return null;
    }
  };

  /** Reads the sources and, when they are not what `from` says, builds the library again. */
  const check = async (from: string, served: Library) => {
    try {
      const all = await db.getAll('sources');
      if (indexFrom(all, tag()) === from || !library) return;
      const current = await library;
      if (current === served) library = buildLibrary(all);
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
    } catch {
      // Built again on the next wake.
    }
  };
  /** Writes the details of the sources the last pages used, unless none was derived since the last write. */
  const keepDetails = (lib: Library) => {
    keeping = null;
    const from = builtFrom.get(lib);
    const derived = detailsDerived(lib);
    if (from === undefined || derived === keptAt) return;
    keptAt = derived;
    void db
      .put('cache', { key: CACHE_DETAILS, from, value: recentDetails(lib, KEPT_DETAILS) })
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

  return {
    getLibrary: () => {
      library ??= fromStored().then(
        (stored) =>
          stored ??
          db.getAll('sources').then((all) => {
            // For the benchmark (bench/cold-worker.ts reads the worker's marks): a waking worker's steps.
            performance.mark('sourcelight:sources-read');
            return buildLibrary(all);
          }),
      );
      // A failed build must not stick: the next request tries again.
      library.catch(() => (library = null));
      return library;
    },
    changed: () => {
      library = null;
      // The stored library no longer holds: the next wake reads the sources.
      void db.delete('cache', CACHE_STEM_INDEX).catch(() => undefined);
      void db.delete('cache', CACHE_DETAILS).catch(() => undefined);
    },
    used: (lib) => {
      if (keeping === null && detailsDerived(lib) !== keptAt)
        keeping = setTimeout(() => keepDetails(lib), KEEP_DETAILS_AFTER_MS);
    },
  };
}
