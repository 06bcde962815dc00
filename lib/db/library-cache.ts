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
import { forgetReading } from '../match/page-reading';
import type { StoredSource } from '../messages';
import { storedSourcesFrom } from './library-check';
import {
  indexFrom,
  indexOfStored,
  type PackedSources,
  packSources,
  splitTexts,
  type Stamped,
  type StoredIndex,
  storedIndex,
  unpackMerged,
  unpackSources,
} from './library-pack';
import { LIBRARY_RELEASE_MS, idleRelease } from './library-release';
import { type TextSupply, textSupply } from './library-texts';
import type { SourcelightDatabase } from './schema';
import { combine, type SourcesChange } from './sources-change';

export { indexFrom } from './library-pack';
export type { SourcesChange } from './sources-change';

/** The cache entry that holds the library's stem index (and the sources packed with it). */
const CACHE_STEM_INDEX = 'stem-index';
/** The cache entry that holds the packed sources' texts, written with the stem index's entry. */
const CACHE_TEXTS = 'stem-index-texts';
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

/**
 * Changes are applied to the library when it is next asked for, when they name this many sources,
 * or this long (ms) after the last one: a burst of changes updates the index once.
 */
const APPLY_SOURCES = 1_000;
const APPLY_MS = 1_000;

/** How long after the last change the updated index is stored (ms): a burst of changes is stored once. */
export const STORED_LIBRARY_WRITE_MS = 5_000;

/** How long after a wake served from the stored library its sources are read to check it (ms). */
export const STORED_LIBRARY_CHECK_MS = 10_000;

/** The prepared library, built lazily; `changed(change)` updates it, `changed()` drops it. */
export interface LibraryCache {
  getLibrary: () => Promise<Library>;
  /**
   * The library for matching one page, as soon as it is there: a waking worker's may not have
   * read its texts yet (lib/db/library-texts.ts); `readTexts` reads those the page needs.
   */
  getPageLibrary: () => Promise<Library>;
  /**
   * Reads the texts of the sources at `positions` of a library `getPageLibrary` handed out, where
   * not read yet; false when that failed (then `getLibrary`, which reads or builds all).
   */
  readTexts: (library: Library, positions: () => Iterable<number>) => Promise<boolean>;
  changed: (change?: SourcesChange) => void;
  /** Called after a page was matched: keeps the sources' details the library derived for it. */
  used: (library: Library) => void;
}

/**
 * Creates the lazily built library over `db`; `indexTag` names the code that builds the stem index.
 * `checkMs`: see `STORED_LIBRARY_CHECK_MS`; `writeMs`: see `STORED_LIBRARY_WRITE_MS`; `turn` is
 * awaited before each batch the check reads (./library-check.ts).
 */
export function createLibraryCache(
  db: SourcelightDatabase,
  indexTag = '',
  checkMs = STORED_LIBRARY_CHECK_MS,
  writeMs = STORED_LIBRARY_WRITE_MS,
  turn: () => Promise<void> = async () => undefined,
  releaseMs = LIBRARY_RELEASE_MS,
): LibraryCache {
  let library: Promise<Library> | null = null;
  /** Counts changes: a stored index is only written for the newest. */
  let generation = 0;
  let writeTimer: ReturnType<typeof setTimeout> | null = null;
  /** Changes not applied to the library yet, and how many sources they name. */
  let pending: SourcesChange[] = [];
  let pendingSize = 0;
  let applyTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last stored index was written and how long that took (ms). */
  let lastWrite = { end: 0, cost: 0 };
  /** Each built library's sources' last changes, for the fingerprint of its stored index. */
  const stampsOf = new WeakMap<Library, Map<string, number>>();
  /** The texts of libraries restored with their texts unread. */
  const supplies = new WeakMap<Library, TextSupply>();
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
          // The sources were read because the stored library would not serve a wake (its texts
          // or actors missing or stale): stored again whole, so the next wake need not read them.
          if (built === generation)
            void writeCachedIndex(
              from,
              stored,
              packSources(all, sourceActors, libraryActors(restored)),
            );
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
      void writeCachedIndex(
        from,
        snapshotIndex(fresh),
        // Merged now rather than on the first page: the first page after a build merges them anyway.
        packSources(all, sourceActors, libraryActors(fresh)),
      );
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
   * Applies the changes waiting (see `APPLY_MS`) to the library, as one update: a first sync's
   * many small batches do not each copy the whole index.
   */
  const applyPending = () => {
    if (applyTimer) clearTimeout(applyTimer);
    applyTimer = null;
    if (!pending.length) return;
    const change = combine(pending);
    pending = [];
    pendingSize = 0;
    hold(withAllTexts(library ?? hold(load())).then((lib) => applyChange(lib, change)));
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
        const lib = library && (await withAllTexts(library));
        const items = lib && stampedOf(lib);
        if (!lib || !items || at !== generation) return;
        // Merging the actors is work the next page needs anyway: it does not count as storing.
        const merged = items.length ? libraryActors(lib) : [];
        start = Date.now();
        if (items.length === 0) await dropStored(CACHE_STEM_INDEX, CACHE_TEXTS);
        else
          await writeCachedIndex(
            indexFrom(items, tag()),
            snapshotIndex(lib),
            packSources(items, lib.sourceActors, merged),
          );
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
      // One transaction, so the entries agree; its requests are answered in order, so the index
      // is unpacked while the browser still reads the details. The texts are read when needed.
      const tx = db.transaction('cache');
      const reads = Promise.all([tx.store.get(CACHE_STEM_INDEX), tx.store.get(CACHE_STALE)]);
      const kept = tx.store.get(CACHE_DETAILS);
      // Not awaited on every path: its failure is this one's.
      kept.catch(() => undefined);
      const [entry, stale] = await reads;
      // For the benchmark (bench/cold-worker.ts reads the worker's marks): a waking worker's steps.
      performance.mark('sourcelight:stored-read');
      const value = entry?.value as StoredIndex | undefined;
      const packed = value?.packed;
      if (!entry || stale || !value || !packed || packed.actorsVersion !== ACTOR_RULES_VERSION)
        return null;
      const { sources, sourceActors, stamps, giveTexts } = unpackSources(packed);
      if (!entry.from.startsWith(`${INDEX_FORMAT}:${tag()}:${sources.length}:`)) return null;
      const index = indexOfStored(value);
      const restored = createLibrary(sources, { sourceActors, index });
      const probes = [0, sources.length >> 1, sources.length - 1];
      if (giveTexts) {
        // Only the fingerprint: the entry (its postings' gaps, its JSON) is not kept alive by this.
        const from = entry.from;
        const supply = textSupply(db, restored, stamps, async () => {
          const texts = await db.get('cache', CACHE_TEXTS);
          if (texts?.from !== from) throw new Error('the stored texts are not the library’s');
          const actors = giveTexts(texts.value);
          if (actors) restored.sourceActors = actors;
        });
        supplies.set(restored, supply);
        if (!(await supply.some(() => probes))) return null;
      }
      performance.mark('sourcelight:texts-read');
      if (restored.stems.postings !== index.postings || !indexAgrees(restored, probes)) return null;
      stampsOf.set(restored, stamps);
      const merged = unpackMerged(packed);
      if (merged) adoptLibraryActors(restored, merged);
      const keptEntry = await kept;
      if (keptEntry?.from === entry.from && Array.isArray(keptEntry.value))
        adoptDetails(restored, keptEntry.value as KeptDetail[]);
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
      const stored = await storedSourcesFrom(db, tag(), turn);
      performance.mark('sourcelight:checked'); // for the benchmarks
      const served = library;
      const items = served && stampedOf(await served);
      if (!items || stored === indexFrom(items, tag())) return;
      // Changes that came meanwhile are in the database: read them all now (rare).
      if (library === served) library = db.getAll('sources').then(buildLibrary);
    } catch {} // Checked again on the next wake.
  };
  /** The stored stem index when it was built from `from`; null when absent, stale or unreadable. */
  const readCachedIndex = async (from: string): Promise<IndexSnapshot | null> => {
    try {
      const entry = await db.get('cache', CACHE_STEM_INDEX);
      return entry && entry.from === from ? indexOfStored(entry.value as StoredIndex) : null;
    } catch {
      return null;
    }
  };
  /**
   * Stores the stem index with the packed sources, their texts in an entry of their own, in one
   * transaction; a cache, so a failure (quota) only means building it again next time.
   */
  const writeCachedIndex = async (from: string, snapshot: IndexSnapshot, all: PackedSources) => {
    try {
      const { packed, texts } = splitTexts(all, Date.now());
      const tx = db.transaction('cache', 'readwrite');
      await Promise.all([
        tx.store.put({ key: CACHE_STEM_INDEX, from, value: storedIndex(snapshot, packed) }),
        texts
          ? tx.store.put({ key: CACHE_TEXTS, from, value: texts })
          : tx.store.delete(CACHE_TEXTS),
        tx.store.delete(CACHE_STALE),
        tx.done,
      ]);
    } catch {
      // Built again on the next wake.
    }
  };
  /** Deletes cache entries (failures ignored: a stale entry is found stale by its fingerprint). */
  const dropStored = async (...keys: string[]) => {
    await Promise.all(keys.map((key) => db.delete('cache', key).catch(() => undefined)));
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

  /** The library built from the sources, read whole. */
  const readAndBuild = () =>
    db.getAll('sources').then((all) => {
      // For the benchmark (bench/cold-worker.ts reads the worker's marks): a waking worker's steps.
      performance.mark('sourcelight:sources-read');
      return buildLibrary(all);
    });
  /** The library as a waking worker gets it: restored from the stored one (texts unread) or built. */
  const load = () => {
    // For the benchmark: when a waking worker began loading its library.
    performance.mark('sourcelight:library-load');
    return fromStored().then((stored) => stored ?? readAndBuild());
  };
  /**
   * The library of `held` with every text read; when its texts cannot be read it is built again
   * from the sources (and so is the library held by then, when a change replaced it meanwhile).
   */
  const withAllTexts = async (held: Promise<Library>): Promise<Library> => {
    const lib = await held;
    const supply = supplies.get(lib);
    if (!supply || (await supply.all())) return lib;
    if (library === held || !library) return hold(readAndBuild());
    return withAllTexts(library);
  };
  /** Sets the library's promise; a failed build must not stick: the next request tries again. */
  const hold = (next: Promise<Library>) => {
    library = next;
    next.catch(() => {
      if (library === next) library = null;
    });
    return next;
  };

  const asked = idleRelease(releaseMs, {
    held: () => library !== null,
    busy: () => pending.length > 0 || !!applyTimer || !!writeTimer || !!keeping,
    release: () => {
      library = null;
      forgetReading();
    },
  });

  return {
    getLibrary: () => {
      asked();
      if (pending.length) applyPending();
      return withAllTexts(library ?? hold(load()));
    },
    getPageLibrary: () => {
      asked();
      if (pending.length) applyPending();
      return library ?? hold(load());
    },
    readTexts: async (lib, positions) => (await supplies.get(lib)?.some(positions)) ?? true,
    changed: (change) => {
      generation++;
      if (!change) {
        library = null;
        pending = [];
        pendingSize = 0;
        // The stored library no longer holds: the next wake reads the sources.
        void dropStored(CACHE_STEM_INDEX, CACHE_TEXTS, CACHE_DETAILS);
        return;
      }
      // The library it updates is read first (a transaction opened before the mark below sees the
      // index as stored); a build from the sources already holds the change, and applying it again
      // changes nothing.
      if (!library) hold(load());
      void db.put('cache', { key: CACHE_STALE, from: '', value: null }).catch(() => undefined);
      pending.push(change);
      pendingSize += (change.put?.length ?? 0) + (change.removed?.length ?? 0);
      if (applyTimer) clearTimeout(applyTimer);
      applyTimer = null;
      if (pendingSize >= APPLY_SOURCES) applyPending();
      else applyTimer = setTimeout(applyPending, Math.min(writeMs, APPLY_MS));
    },
    used: (lib) => {
      if (keeping === null && detailsDerived(lib) !== keptAt)
        keeping = setTimeout(() => keepDetails(lib), KEEP_DETAILS_AFTER_MS);
    },
  };
}
