/**
 * A library prepared for matching. Built once per library change and reused for every page.
 *
 * Only a compact index is kept for every source: an inverted index from word stem (an integer id) to
 * the library sentences that hold it, in typed arrays, plus each source's body end. A source's match
 * tokens, sentences, quotes and speakers are derived on first use (when it becomes a candidate for a
 * page) and kept in a bounded cache of recently used sources, so a library of 10,000 sources costs ~2 KB
 * of heap per source and a page only pays for the sources it touches.
 */
import type { SourceActor } from './actors/model';
import { findBoilerplateStart } from './sources';
import { findSpeaker } from './text/attribution';
import { findQuotes } from './text/quotes';
import { segmentSentences, type TextRange } from './text/segment';
import { matchTokens, scanMatchWords, stemWord, type MatchToken } from './text/words';
import type { Source } from './types';
import { lastAtMost, lowerBound } from './sorted';

/** A sentence of a source body, with the range of its match tokens. */
export interface SourceSentence {
  start: number;
  end: number;
  /** Match tokens `[tokFrom, tokTo)` of `PreparedSource.words`. */
  tokFrom: number;
  tokTo: number;
}

/** A direct quote in a source, with the speaker it is attributed to. */
export interface SourceQuote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  /** Index of the sentence that holds the quote's start. */
  sentence: number;
}

/** What matching derives from a source's body; in a library, computed on demand and cached. */
export interface SourceDetail {
  /** Match tokens of the body (stems, rarity weights, joined initialisms and hyphenated words). */
  words: MatchToken[];
  sentences: SourceSentence[];
  quotes: SourceQuote[];
  /** Speaker of each sentence's reported speech ("Pezeshkian stated that …"), or null. */
  sentenceSpeakers: (string | null)[];
}

/** A source with the derived data matching needs (the detail fields may be computed on access). */
export interface PreparedSource extends Readonly<SourceDetail> {
  readonly source: Source;
  /** End of the matchable body: trailing publisher boilerplate starts here. */
  readonly bodyEnd: number;
}

/**
 * Inverted index from stem to library sentences. Sentences have global ids: source `i`'s sentence
 * `k` is `sentenceBase[i] + k`, so ids ascend with (source, sentence).
 */
export interface StemIndex {
  /** Stem → stem id. */
  ids: Map<string, number>;
  /** Postings of stem id `s`: `postings[offsets[s] .. offsets[s + 1])`, ascending sentence ids, one per sentence. */
  offsets: Int32Array;
  postings: Int32Array;
  /** First global sentence id of each source; one more entry than sources, the last is the sentence count. */
  sentenceBase: Int32Array;
}

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

/**
 * Format of `IndexSnapshot`. Bump it whenever tokenising, stemming, sentence cutting or boilerplate
 * detection changes: a snapshot of another format is never used.
 */
export const INDEX_FORMAT = 1;

/**
 * The stem index as plain data that IndexedDB stores as is (typed arrays are cloned, not
 * serialised). A browser worker that wakes up reads it back instead of scanning every source again
 * (about 0.2 ms per source: 2 s for 10,000).
 */
export interface IndexSnapshot {
  format: number;
  /** Stems by stem id. */
  stems: string[];
  offsets: Int32Array;
  postings: Int32Array;
  sentenceBase: Int32Array;
  /** Each source's end of matchable body (see `findBoilerplateStart`). */
  bodyEnds: Int32Array;
  sentenceCount: number;
}

/** The library's stem index as a snapshot for `LibraryOptions.index`. */
export function snapshotIndex(library: Library): IndexSnapshot {
  const stems = new Array<string>(library.stems.ids.size);
  for (const [stem, id] of library.stems.ids) stems[id] = stem;
  const { offsets, postings, sentenceBase } = library.stems;
  return {
    format: INDEX_FORMAT,
    stems,
    offsets,
    postings,
    sentenceBase,
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

/** Whether a snapshot can stand for the index of `sources`. */
function snapshotFits(index: IndexSnapshot, sources: Source[]): boolean {
  // Read back from storage: anything may be there.
  const arrays = [index.offsets, index.postings, index.sentenceBase, index.bodyEnds];
  if (!arrays.every((a) => a instanceof Int32Array) || !Array.isArray(index.stems)) return false;
  return (
    index.format === INDEX_FORMAT &&
    index.sentenceBase.length === sources.length + 1 &&
    index.bodyEnds.length === sources.length &&
    index.offsets.length === index.stems.length + 1 &&
    index.sentenceBase[sources.length] === index.sentenceCount &&
    sources.every((s, i) => index.bodyEnds[i]! <= s.text.length)
  );
}

const DEFAULT_DETAIL_CACHE = 256;
const NO_POSTINGS = new Int32Array(0);

/**
 * Sentences of a body with their match-token ranges, given the tokens' count and ranges; the one
 * cut used by the index and by details.
 */
function cutSentences(
  text: string,
  bodyEnd: number,
  count: number,
  startOf: (i: number) => number,
  endOf: (i: number) => number,
): SourceSentence[] {
  const sentences: SourceSentence[] = [];
  let t = 0;
  for (const r of segmentSentences(text, 0, bodyEnd)) {
    while (t < count && startOf(t) < r.start) t++;
    const tokFrom = t;
    while (t < count && endOf(t) <= r.end) t++;
    sentences.push({ start: r.start, end: r.end, tokFrom, tokTo: t });
  }
  return sentences;
}

/** Direct quotes of a body with their speakers and sentences (`sentences`: the body's sentence ranges). */
function findSourceQuotes(
  text: string,
  bodyEnd: number,
  sentences: readonly TextRange[],
): SourceQuote[] {
  const sentenceAt = (offset: number) =>
    Math.max(
      0,
      sentences.findIndex((s) => offset >= s.start && offset < s.end),
    );
  return findQuotes(text.slice(0, bodyEnd)).map((q) => {
    const si = sentenceAt(q.start);
    const s = sentences[si] ?? { start: 0, end: bodyEnd };
    return { ...q, sentence: si, speaker: findSpeaker(text, q.start, q.end, s.start, s.end) };
  });
}

/** Derives a source body's match tokens, sentences, quotes and speakers. */
function deriveDetail(text: string, bodyEnd: number): SourceDetail {
  const words = matchTokens(text, 0, bodyEnd);
  const sentences = cutSentences(
    text,
    bodyEnd,
    words.length,
    (i) => words[i]!.start,
    (i) => words[i]!.end,
  );
  const quotes = findSourceQuotes(text, bodyEnd, sentences);
  const sentenceSpeakers = sentences.map((s) =>
    findSpeaker(text, s.end, s.end, s.start, s.end, false),
  );
  return { words, sentences, quotes, sentenceSpeakers };
}

/** Prepares one source eagerly: finds its boilerplate, tokenises the body, cuts sentences and finds quotes. */
export function prepareSource(source: Source): PreparedSource {
  const bodyEnd = findBoilerplateStart(source.text, source.outlet);
  return { source, bodyEnd, ...deriveDetail(source.text, bodyEnd) };
}

/**
 * Bounded cache of source details, shared by the sources of one library. Eviction is by the clock
 * rule (a source used since the hand last passed gets a second chance), an approximation of least
 * recently used whose hits cost one store: details are read in inner loops.
 */
class DetailCache {
  private readonly ring: LazySource[] = [];
  private hand = 0;
  /** Details derived so far (for benchmarks: how often the cache missed). */
  derived = 0;
  /** Sources in the order their details were last derived or adopted (may hold evicted ones). */
  order: LazySource[] = [];
  constructor(private readonly capacity: number) {}

  load(owner: LazySource): SourceDetail {
    const detail = deriveDetail(owner.source.text, owner.bodyEnd);
    this.derived++;
    this.admit(owner);
    return detail;
  }

  /** Makes room for `owner`'s details, evicting another source's when full. */
  admit(owner: LazySource): void {
    this.order.push(owner);
    if (this.order.length > 2 * this.capacity) this.order = this.order.slice(-this.capacity);
    if (this.ring.length < this.capacity) {
      this.ring.push(owner);
      return;
    }
    for (;;) {
      const victim = this.ring[this.hand]!;
      if (victim.used) victim.used = false;
      else {
        victim.drop();
        this.ring[this.hand] = owner;
        this.hand = (this.hand + 1) % this.ring.length;
        return;
      }
      this.hand = (this.hand + 1) % this.ring.length;
    }
  }
}

/** A library source whose details are derived on first access and cached by the library. */
class LazySource implements PreparedSource {
  private detail: SourceDetail | null = null;
  /** Read since the cache's clock hand last passed. */
  used = false;
  constructor(
    readonly source: Source,
    readonly bodyEnd: number,
    private readonly cache: DetailCache,
  ) {}
  private get d(): SourceDetail {
    if (this.detail) {
      this.used = true;
      return this.detail;
    }
    return (this.detail = this.cache.load(this));
  }
  /** The details if derived and still cached, without deriving them. */
  peek(): SourceDetail | null {
    return this.detail;
  }
  /** Takes details derived earlier (see `adoptDetails`); false when it has its own already. */
  adopt(detail: SourceDetail): boolean {
    if (this.detail) return false;
    this.detail = detail;
    this.cache.admit(this);
    return true;
  }
  /** Forgets the details (the cache evicted them); they are derived again on next access. */
  drop(): void {
    this.detail = null;
    this.used = false;
  }
  get words(): MatchToken[] {
    return this.d.words;
  }
  get sentences(): SourceSentence[] {
    return this.d.sentences;
  }
  get quotes(): SourceQuote[] {
    // Quotes alone (an actor's quotes across many sources, for a popover) need no match tokens:
    // found without loading the details into the cache, they are the same quotes.
    if (!this.detail)
      return findSourceQuotes(
        this.source.text,
        this.bodyEnd,
        segmentSentences(this.source.text, 0, this.bodyEnd),
      );
    this.used = true;
    return this.detail.quotes;
  }
  get sentenceSpeakers(): (string | null)[] {
    return this.d.sentenceSpeakers;
  }
  /** Plain data for JSON (the details are getters). */
  toJSON(): PreparedSource {
    return { source: this.source, bodyEnd: this.bodyEnd, ...this.d };
  }
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Builds a library from sources: the stem index now, each source's details when first needed. */
export function createLibrary(sources: Source[], options: LibraryOptions = {}): Library {
  const cache = new DetailCache(Math.max(1, options.detailCacheSize ?? DEFAULT_DETAIL_CACHE));
  if (options.index && snapshotFits(options.index, sources)) {
    const { stems, offsets, postings, sentenceBase, bodyEnds, sentenceCount } = options.index;
    const prepared: PreparedSource[] = sources.map(
      (source, i) => new LazySource(source, bodyEnds[i]!, cache),
    );
    const library: Library = {
      sources: prepared,
      byId: new Map(prepared.map((p) => [p.source.id, p])),
      stems: { ids: new Map(stems.map((stem, id) => [stem, id])), offsets, postings, sentenceBase },
      sentenceCount,
    };
    if (options.sourceActors) library.sourceActors = options.sourceActors;
    caches.set(library, cache);
    return library;
  }
  const ids = new Map<string, number>();
  // (stem id, sentence id) pairs in sentence order; grouped by stem below.
  const pairStem = new IntList();
  const pairSentence = new IntList();
  // Last sentence each stem was seen in: one posting per sentence.
  let lastSeen = new Int32Array(4096).fill(-1);
  const sentenceBase = new Int32Array(sources.length + 1);
  const prepared: PreparedSource[] = [];
  let sentenceCount = 0;
  // One source's words: stem ids and ranges (no match-token objects: only candidates need those).
  const wordStem = new IntList();
  const wordStart = new IntList();
  const wordEnd = new IntList();
  const stemId = (stem: string) => {
    let id = ids.get(stem);
    if (id === undefined) {
      ids.set(stem, (id = ids.size));
      if (id === lastSeen.length) {
        const grown = new Int32Array(lastSeen.length * 2).fill(-1);
        grown.set(lastSeen);
        lastSeen = grown;
      }
    }
    return id;
  };
  sources.forEach((source, si) => {
    const text = source.text;
    const bodyEnd = findBoilerplateStart(text, source.outlet);
    prepared.push(new LazySource(source, bodyEnd, cache));
    sentenceBase[si] = sentenceCount;
    wordStem.length = wordStart.length = wordEnd.length = 0;
    scanMatchWords(text, 0, bodyEnd, (norm, start, end) => {
      wordStem.push(stemId(stemWord(norm)));
      wordStart.push(start);
      wordEnd.push(end);
    });
    for (const s of cutSentences(
      text,
      bodyEnd,
      wordStem.length,
      (i) => wordStart.data[i]!,
      (i) => wordEnd.data[i]!,
    )) {
      const g = sentenceCount++;
      for (let i = s.tokFrom; i < s.tokTo; i++) {
        const id = wordStem.data[i]!;
        if (lastSeen[id] === g) continue;
        lastSeen[id] = g;
        pairStem.push(id);
        pairSentence.push(g);
      }
    }
  });
  sentenceBase[sources.length] = sentenceCount;
  // Counting sort by stem id; stable, so each stem's sentences stay ascending.
  const offsets = new Int32Array(ids.size + 1);
  for (let k = 0; k < pairStem.length; k++) offsets[pairStem.data[k]! + 1]!++;
  for (let s = 0; s < ids.size; s++) offsets[s + 1]! += offsets[s]!;
  const fill = offsets.slice(0, ids.size);
  const postings = new Int32Array(pairStem.length);
  for (let k = 0; k < pairStem.length; k++)
    postings[fill[pairStem.data[k]!]!++] = pairSentence.data[k]!;
  const library: Library = {
    sources: prepared,
    byId: new Map(prepared.map((p) => [p.source.id, p])),
    stems: { ids, offsets, postings, sentenceBase },
    sentenceCount,
  };
  if (options.sourceActors) library.sourceActors = options.sourceActors;
  caches.set(library, cache);
  return library;
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
 * The details of at most `max` sources, those derived (or adopted) last, by source index: what a
 * service worker keeps in IndexedDB so that a page after it was stopped need not derive them again.
 */
export function recentDetails(
  library: Library,
  max: number,
): { at: number; detail: SourceDetail }[] {
  const cache = caches.get(library);
  if (!cache) return [];
  const index = new Map(library.sources.map((p, i) => [p, i]));
  const out: { at: number; detail: SourceDetail }[] = [];
  const seen = new Set<LazySource>();
  for (let k = cache.order.length - 1; k >= 0 && out.length < max; k--) {
    const owner = cache.order[k]!;
    const detail = owner.peek();
    const at = index.get(owner);
    if (seen.has(owner) || !detail || at === undefined) continue;
    seen.add(owner);
    out.push({ at, detail });
  }
  return out.reverse();
}

/**
 * Hands a library details that `recentDetails` listed for a library of the very same sources (the
 * caller checks that). Each is taken only where it fits the stem index (as many sentences, words
 * inside the body); returns how many were taken.
 */
export function adoptDetails(
  library: Library,
  entries: { at: number; detail: SourceDetail }[],
): number {
  const base = library.stems.sentenceBase;
  let taken = 0;
  for (const { at, detail } of entries) {
    const p = library.sources[at];
    if (!(p instanceof LazySource) || !Array.isArray(detail?.words)) continue;
    const last = detail.words[detail.words.length - 1];
    const fits =
      Array.isArray(detail.sentences) &&
      Array.isArray(detail.quotes) &&
      Array.isArray(detail.sentenceSpeakers) &&
      detail.sentences.length === base[at + 1]! - base[at]! &&
      detail.sentenceSpeakers.length === detail.sentences.length &&
      (last === undefined || last.end <= p.bodyEnd);
    if (fits && p.adopt(detail)) taken++;
  }
  return taken;
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
