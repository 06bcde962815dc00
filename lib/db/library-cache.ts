/**
 * The prepared library (sources, actors, stem index), built from the stored sources on first use and
 * again after any change. Building is the costly part of a worker's wake, so the actors are kept
 * with each source and the stem index in the `cache` store; both are caches, never the only copy.
 */
import { ACTOR_RULES_VERSION, extractSourceActors, type SourceActor } from '../actors/index';
import {
  createLibrary,
  INDEX_FORMAT,
  type IndexSnapshot,
  indexAgrees,
  indexRulesProbe,
  type Library,
  snapshotIndex,
} from '../library';
import type { StoredSource } from '../messages';
import type { SourcelightDatabase } from './schema';

/** The cache entry that holds the library's stem index. */
const CACHE_STEM_INDEX = 'stem-index';

/** The prepared library, built lazily; `changed()` drops it after a write to the sources. */
export interface LibraryCache {
  getLibrary: () => Promise<Library>;
  changed: () => void;
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

/** Creates the lazily built library over `db`; `indexTag` names the code that builds the stem index. */
export function createLibraryCache(db: SourcelightDatabase, indexTag = ''): LibraryCache {
  let library: Promise<Library> | null = null;

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
    const from = indexFrom(all, `${indexTag}/${indexRulesProbe()}`);
    const stored = await readCachedIndex(from);
    if (stored) {
      try {
        const restored = createLibrary(sources, { sourceActors, index: stored });
        // A few sources cut again must agree with the stored index, or it is not used.
        if (
          restored.stems.postings === stored.postings &&
          indexAgrees(restored, [0, sources.length >> 1, sources.length - 1])
        )
          return restored;
      } catch {
        // A damaged entry: built again below.
      }
    }
    const built = createLibrary(sources, { sourceActors });
    if (sources.length > 0) void writeCachedIndex(from, snapshotIndex(built));
    return built;
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
  const writeCachedIndex = async (from: string, value: IndexSnapshot) => {
    try {
      await db.put('cache', { key: CACHE_STEM_INDEX, from, value });
    } catch {
      // Built again on the next wake.
    }
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
      library ??= db.getAll('sources').then(buildLibrary);
      // A failed build must not stick: the next request tries again.
      library.catch(() => (library = null));
      return library;
    },
    changed: () => {
      library = null;
    },
  };
}
