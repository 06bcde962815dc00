/**
 * A library prepared for matching. Built once per library change and reused for every page.
 *
 * Only a compact index is kept for every source: an inverted index from word stem (an integer id) to
 * the library sentences that hold it, in typed arrays, plus each source's body end. A source's match
 * tokens, sentences, quotes and speakers are derived on first use (when it becomes a candidate for a
 * page) and kept in a bounded cache of recently used sources (./source-details.ts), so a library of
 * 10,000 sources costs ~2 KB of heap per source and a page only pays for the sources it touches.
 */
import type { SourceActor } from './actors/model';
import {
  buildStemIndex,
  type IndexPlanEntry,
  type StemIndex,
  updateStemIndex,
} from './library-index';
import {
  DEFAULT_DETAIL_CACHE,
  DetailCache,
  LazySource,
  type PreparedSource,
  prepareSource,
  type SourceDetail,
} from './source-details';
import type { Source } from './types';
import { lastAtMost, lowerBound } from './sorted';
import { INDEX_FORMAT, type IndexSnapshot, snapshotFits } from './library-snapshot';

export type { SourceSentence, StemIndex } from './library-index';
export { INDEX_FORMAT, type IndexSnapshot } from './library-snapshot';
export {
  HELD_DETAILS,
  type PreparedSource,
  prepareSource,
  type SourceDetail,
  type SourceQuote,
} from './source-details';

/** Sources prepared for matching, with the stem index candidate retrieval reads. */
export interface Library {
  sources: PreparedSource[];
  byId: Map<string, PreparedSource>;
  /** stem → sentences that hold it (see `stemPostings`, `stemSentenceCount`). */
  stems: StemIndex;
  /** Number of sentences in the library, for rarity within it. */
  sentenceCount: number;
  /** Each source's actors when already extracted (stored with the source), by source id; see lib/actors. */
  sourceActors?: ReadonlyMap<string, SourceActor[]>;
}

/** Options of `createLibrary`. */
export interface LibraryOptions {
  /**
   * How many sources' details (tokens, sentences, quotes; about 65 KB each) stay cached; the least
   * recently used are dropped and derived again when needed. A page brings up a few new ones.
   */
  detailCacheSize?: number;
  /** Actors already extracted from the sources (`extractSourceActors`), by source id; others are extracted when needed. */
  sourceActors?: ReadonlyMap<string, SourceActor[]>;
  /**
   * A stem index built earlier for these very sources, in this order (`snapshotIndex`): used as is
   * instead of scanning every source again. Ignored when its format or shape does not fit.
   */
  index?: IndexSnapshot;
}

/** The library's stem index as a snapshot for `LibraryOptions.index`. */
export function snapshotIndex(library: Library): IndexSnapshot {
  const stems = new Array<string>(library.stems.ids.size);
  for (const [stem, id] of library.stems.ids) stems[id] = stem;
  const { offsets, postings, sentenceBase, sentenceHash } = library.stems;
  return {
    format: INDEX_FORMAT,
    stems,
    offsets,
    postings,
    sentenceBase,
    sentenceHash,
    bodyEnds: Int32Array.from(library.sources, (p) => p.bodyEnd),
    sentenceCount: library.sentenceCount,
  };
}

/** An invented passage with what the index rules treat specially: abbreviations, decimals, quotes, hyphens, initialisms, a promo line. */
const PROBE_TEXT =
  'Gov. Mara Quist of the U.S.-Velmoran Coast Agency said on Jan. 3 that 1,060.5 tonnes had "re-entered" the bay. ' +
  '“We will not back down,” she told reporters. Mr. J.D. Arvid\u2019s cease-fire plan failed... Did it?\n' +
  'Subscribe to our newsletter for the latest news.';

let probe: string | null = null;

/**
 * A fingerprint of the rules a stem index is built by (tokens, stems, sentence cuts, boilerplate) as
 * they run in this build, from one invented passage: a stored index built by other rules is stale
 * even when nobody remembered to bump `INDEX_FORMAT`.
 */
export function indexRulesProbe(): string {
  if (probe !== null) return probe;
  const p = prepareSource({
    id: 'probe',
    title: 'probe',
    text: PROBE_TEXT,
    outlet: 'Probe',
    url: null,
    published: null,
    language: 'en',
  });
  const parts = [
    String(p.bodyEnd),
    ...p.sentences.map((x) => `${x.start}-${x.end}-${x.tokFrom}-${x.tokTo}`),
    ...p.words.map((w) => w.stem),
  ];
  let h = 0x811c9dc5;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return (probe = (h >>> 0).toString(36));
}

const NO_POSTINGS = new Int32Array(0);

/** A library over prepared sources and their index, sharing `cache` for the sources' details. */
function assemble(
  prepared: PreparedSource[],
  stems: StemIndex,
  cache: DetailCache,
  sourceActors: ReadonlyMap<string, SourceActor[]> | undefined,
): Library {
  const library: Library = {
    sources: prepared,
    byId: new Map(prepared.map((p) => [p.source.id, p])),
    stems,
    sentenceCount: stems.sentenceBase[prepared.length]!,
  };
  if (sourceActors) library.sourceActors = sourceActors;
  caches.set(library, cache);
  return library;
}

/** Builds a library from sources: the stem index now, each source's details when first needed. */
export function createLibrary(sources: Source[], options: LibraryOptions = {}): Library {
  const cache = new DetailCache(Math.max(1, options.detailCacheSize ?? DEFAULT_DETAIL_CACHE));
  if (options.index && snapshotFits(options.index, sources)) {
    const { stems, offsets, postings, sentenceBase, sentenceHash, bodyEnds } = options.index;
    const prepared = sources.map((source, i) => new LazySource(source, bodyEnds[i]!, cache));
    const ids = new Map(stems.map((stem, id) => [stem, id]));
    return assemble(
      prepared,
      { ids, offsets, postings, sentenceBase, sentenceHash },
      cache,
      options.sourceActors,
    );
  }
  const { stems, bodyEnds } = buildStemIndex(sources);
  const prepared = sources.map((source, i) => new LazySource(source, bodyEnds[i]!, cache));
  return assemble(prepared, stems, cache, options.sourceActors);
}

/** Whether two versions of a source say the same in every field. */
function sameSource(a: Source, b: Source): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof Source)[];
  return (
    keys.length === Object.keys(b).length && keys.every((k) => (a[k] ?? null) === (b[k] ?? null))
  );
}

/** What changed in a library: sources added or replaced (by id), and ids removed. */
export interface LibraryChange {
  /** New sources, and new versions of sources already there (same id). */
  put?: readonly Source[];
  removed?: Iterable<string>;
  /** Actors of the put sources, by id, when already extracted. */
  actors?: ReadonlyMap<string, SourceActor[]>;
}

/**
 * The library after `change`, without scanning the sources that did not change: their postings are
 * kept (renumbered) and their cached details reused. A put source whose id is already there takes
 * its place; a new one goes where its id sorts among the sources (the database's key order, so a
 * library built from the stored sources after the change holds them in the same order). Removing
 * an absent id, or putting a source again, changes nothing: applying a change twice is harmless.
 * The old library stays as it was.
 */
export function updateLibrary(library: Library, change: LibraryChange): Library {
  const cache = caches.get(library) ?? new DetailCache(DEFAULT_DETAIL_CACHE);
  const put = new Map<string, Source>();
  for (const s of change.put ?? []) put.set(s.id, s);
  const removed = new Set(change.removed ?? []);
  for (const id of put.keys()) removed.delete(id);
  const added = [...put.values()]
    .filter((s) => !library.byId.has(s.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const plan: IndexPlanEntry[] = [];
  const prepared: PreparedSource[] = [];
  // Where each plan entry scanned from scratch sits in `prepared` (its body end is known after the scan).
  const scanned: number[] = [];
  const addSource = (source: Source) => {
    scanned.push(prepared.length);
    plan.push(source);
    prepared.push(null as unknown as PreparedSource);
  };
  let next = 0;
  library.sources.forEach((p, i) => {
    const id = p.source.id;
    while (next < added.length && added[next]!.id < id) addSource(added[next++]!);
    if (removed.has(id)) return;
    const fresh = put.get(id);
    if (!fresh || sameSource(fresh, p.source)) {
      if (fresh) put.delete(id);
      plan.push(i);
      prepared.push(p);
    } else if (fresh.text === p.source.text && fresh.outlet === p.source.outlet) {
      // Only the metadata changed: the body end, sentences and postings are the same.
      plan.push(i);
      prepared.push(new LazySource(fresh, p.bodyEnd, cache));
    } else addSource(fresh);
  });
  while (next < added.length) addSource(added[next++]!);
  // Nothing new (a change applied twice): the same library.
  if (
    prepared.length === library.sources.length &&
    prepared.every((p, i) => p === library.sources[i])
  )
    return library;
  const previous = {
    stems: library.stems,
    bodyEnds: Int32Array.from(library.sources, (p) => p.bodyEnd),
  };
  const { stems, bodyEnds } = updateStemIndex(previous, plan);
  for (const at of scanned) prepared[at] = new LazySource(plan[at] as Source, bodyEnds[at]!, cache);
  let sourceActors = library.sourceActors;
  if (sourceActors || change.actors) {
    const actors = new Map(sourceActors);
    for (const id of removed) actors.delete(id);
    for (const id of put.keys()) actors.delete(id);
    for (const [id, list] of change.actors ?? []) if (put.has(id)) actors.set(id, list);
    sourceActors = actors;
  }
  return assemble(prepared, stems, cache, sourceActors);
}

const caches = new WeakMap<Library, DetailCache>();

/**
 * Whether the sources at `positions` cut into as many sentences as the index says: a cheap check that
 * a stored snapshot was built by the same rules (a snapshot from other rules would point candidates
 * at the wrong sentences).
 */
export function indexAgrees(library: Library, positions: number[]): boolean {
  const base = library.stems.sentenceBase;
  return positions.every(
    (i) =>
      i < 0 ||
      i >= library.sources.length ||
      library.sources[i]!.sentences.length === base[i + 1]! - base[i]!,
  );
}

/** How many source details a library has derived so far (cache misses), for benchmarks. */
export function detailsDerived(library: Library): number {
  return caches.get(library)?.derived ?? 0;
}

/**
 * Runs one page's analysis with the library's details cache grown (up to `HELD_DETAILS` sources, about 64 MB of 450-word ones),
 * then shrinks it back. A page that meets more sources than the cache holds visits them unit by
 * unit, over and over: wikipedia-2 against 1,000 synthetic sources met 850 of them and derived
 * 2,815 details (2.4 ms each) in one analysis, 5-7 s; held, each is derived once.
 */
export function holdingDetails<T>(library: Library, analyse: () => T): T {
  const cache = caches.get(library);
  if (!cache) return analyse();
  cache.hold();
  try {
    return analyse();
  } finally {
    cache.release();
  }
}

/** A library's cached details (`order`: as derived or taken, latest last), for lib/library-details.ts. */
export function heldDetails(library: Library) {
  return {
    order: (caches.get(library)?.order ?? []) as readonly PreparedSource[],
    peek: (p: PreparedSource) => (p instanceof LazySource ? p.peek() : null),
    adopt: (p: PreparedSource, d: SourceDetail) => p instanceof LazySource && p.adopt(d),
  };
}

/** The library sentences (global ids, ascending) that hold `stem`; empty when none does. */
export function stemPostings(library: Library, stem: string): Int32Array {
  const { ids, offsets, postings } = library.stems;
  const id = ids.get(stem);
  return id === undefined ? NO_POSTINGS : postings.subarray(offsets[id]!, offsets[id + 1]!);
}

/** How many library sentences hold `stem`: its document frequency, for rarity within the library. */
export function stemSentenceCount(library: Library, stem: string): number {
  const { ids, offsets } = library.stems;
  const id = ids.get(stem);
  return id === undefined ? 0 : offsets[id + 1]! - offsets[id]!;
}

/** Whether a library sentence with a global id in `[from, to)` holds `stem`: binary search, no details needed. */
export function stemInSentences(library: Library, stem: string, from: number, to: number): boolean {
  const list = stemPostings(library, stem);
  const at = lowerBound(list, from);
  return at < list.length && list[at]! < to;
}

/** Source index and sentence index of a global sentence id. */
export function sentenceLocation(
  library: Library,
  sentenceId: number,
): { source: number; sentence: number } {
  const base = library.stems.sentenceBase;
  // Last source whose first sentence id is <= sentenceId; sources without sentences share a base.
  const source = Math.max(0, lastAtMost(base, sentenceId, 0, base.length - 1));
  return { source, sentence: sentenceId - base[source]! };
}
