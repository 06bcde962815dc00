/**
 * What matching derives from a source's body (match tokens, sentences, quotes, speakers), and the
 * bounded cache a library keeps them in: a source's details are derived when it first becomes a
 * candidate for a page and dropped when the cache needs room (./library.ts).
 */
import { findBoilerplateStart } from './sources';
import { findSpeaker, withTextAside } from './text/attribution';
import { findQuotes } from './text/quotes';
import { cutSentences, type SourceSentence } from './library-index';
import { segmentSentences, type TextRange } from './text/segment';
import { matchTokens, type MatchToken } from './text/words';
import type { Source } from './types';

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

export const DEFAULT_DETAIL_CACHE = 256;
/**
 * While one page is analysed the cache keeps up to this many sources' details rather than evict
 * one the same page may need again (see `holdingDetails` in ./library.ts).
 */
export const HELD_DETAILS = 1024;

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

/**
 * Derives a source body's match tokens, sentences, quotes and speakers. The source's analysis is
 * not kept beyond this: the page's, read between derivations, is.
 */
function deriveDetail(text: string, bodyEnd: number): SourceDetail {
  return withTextAside(text, () => deriveDetailOf(text, bodyEnd));
}

function deriveDetailOf(text: string, bodyEnd: number): SourceDetail {
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
export class DetailCache {
  private ring: LazySource[] = [];
  private hand = 0;
  private holds = 0;
  private capacity: number;
  /** Details derived so far (for benchmarks: how often the cache missed). */
  derived = 0;
  /** Sources in the order their details were last derived or adopted (may hold evicted ones). */
  order: LazySource[] = [];
  constructor(private readonly base: number) {
    this.capacity = base;
  }

  /** Grows the cache for one page's analysis (calls nest). */
  hold(): void {
    this.holds++;
    this.capacity = Math.max(this.base, HELD_DETAILS);
  }
  /** Ends a `hold`: the last one shrinks the cache back, keeping the sources used last. */
  release(): void {
    if (--this.holds > 0) return;
    this.holds = 0;
    this.capacity = this.base;
    if (this.ring.length <= this.base) return;
    // The sources derived (or taken) last keep their details; the others are dropped.
    const keep = new Set<LazySource>();
    for (let k = this.order.length - 1; k >= 0 && keep.size < this.base; k--) {
      const s = this.order[k]!;
      if (s.peek()) keep.add(s);
    }
    for (const s of this.ring) if (!keep.has(s)) s.drop();
    this.ring = this.ring.filter((s) => keep.has(s));
    this.order = [...keep].reverse();
    this.hand = 0;
  }

  load(owner: LazySource): SourceDetail {
    const detail = deriveDetail(owner.source.text, owner.bodyEnd);
    this.derived++;
    this.admit(owner);
    return detail;
  }
  /** Makes room for `owner`'s details, evicting another source's when full. */
  admit(owner: LazySource): void {
    this.order.push(owner);
    if (this.order.length > 2 * this.capacity) this.order = this.order.slice(-this.base);
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
export class LazySource implements PreparedSource {
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
    if (!this.detail) {
      const { text } = this.source;
      return withTextAside(text, () =>
        findSourceQuotes(text, this.bodyEnd, segmentSentences(text, 0, this.bodyEnd)),
      );
    }
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
