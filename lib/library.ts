/**
 * A library prepared for matching: each source's matchable body (boilerplate excluded), its tokens,
 * sentences and direct quotes, and an inverted index from word stem to the source sentences that hold
 * it. Built once per library change and reused for every page; a page only ever touches the postings
 * of its own rarest words, so matching cost grows far slower than the library.
 */
import { findBoilerplateStart } from './sources';
import { findSpeaker } from './text/attribution';
import { tokenize, type Token } from './text/normalize';
import { findQuotes } from './text/quotes';
import { segmentSentences } from './text/segment';
import { matchTokens, type MatchToken } from './text/words';
import type { Source } from './types';

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

/** A source with the derived data matching needs. */
export interface PreparedSource {
  source: Source;
  /** End of the matchable body: trailing publisher boilerplate starts here. */
  bodyEnd: number;
  /** Tokens of the body, in order. */
  tokens: Token[];
  /** Match tokens of the body (stems, rarity weights, joined initialisms and hyphenated words). */
  words: MatchToken[];
  sentences: SourceSentence[];
  quotes: SourceQuote[];
  /** Speaker of each sentence's reported speech ("Pezeshkian stated that …"), or null. */
  sentenceSpeakers: (string | null)[];
}

/** Sources prepared for matching, with an index from normalised word to its occurrences. */
export interface Library {
  sources: PreparedSource[];
  byId: Map<string, PreparedSource>;
  /** word → list of [source index, token index] pairs, flattened. */
  postings: Map<string, number[]>;
  /** stem → list of [source index, sentence index] pairs, flattened, one entry per sentence. */
  stemPostings: Map<string, number[]>;
  /** Number of sentences in the library, for rarity within it. */
  sentenceCount: number;
}

/** Prepares one source: finds its boilerplate, tokenises the body, cuts sentences and finds quotes. */
export function prepareSource(source: Source): PreparedSource {
  const text = source.text;
  const bodyEnd = findBoilerplateStart(text, source.outlet);
  const words = matchTokens(text, 0, bodyEnd);
  const sentences: SourceSentence[] = [];
  let t = 0;
  for (const r of segmentSentences(text, 0, bodyEnd)) {
    while (t < words.length && words[t]!.start < r.start) t++;
    const tokFrom = t;
    while (t < words.length && words[t]!.end <= r.end) t++;
    sentences.push({ start: r.start, end: r.end, tokFrom, tokTo: t });
  }
  const sentenceAt = (offset: number) => Math.max(0, sentences.findIndex((s) => offset >= s.start && offset < s.end));
  const quotes = findQuotes(text.slice(0, bodyEnd)).map((q) => {
    const si = sentenceAt(q.start);
    const s = sentences[si] ?? { start: 0, end: bodyEnd };
    return { ...q, sentence: si, speaker: findSpeaker(text, q.start, q.end, s.start, s.end) };
  });
  const sentenceSpeakers = sentences.map((s) => findSpeaker(text, s.end, s.end, s.start, s.end, false));
  return { source, bodyEnd, tokens: tokenize(text, 0, bodyEnd), words, sentences, quotes, sentenceSpeakers };
}

/** Builds a library from sources. */
export function createLibrary(sources: Source[]): Library {
  const prepared = sources.map(prepareSource);
  const postings = new Map<string, number[]>();
  const stemPostings = new Map<string, number[]>();
  let sentenceCount = 0;
  prepared.forEach((p, si) => {
    p.tokens.forEach((t, ti) => {
      let list = postings.get(t.norm);
      if (!list) postings.set(t.norm, (list = []));
      list.push(si, ti);
    });
    p.sentences.forEach((s, k) => {
      sentenceCount++;
      const seen = new Set<string>();
      for (let i = s.tokFrom; i < s.tokTo; i++) {
        const stem = p.words[i]!.stem;
        if (seen.has(stem)) continue;
        seen.add(stem);
        let list = stemPostings.get(stem);
        if (!list) stemPostings.set(stem, (list = []));
        list.push(si, k);
      }
    });
  });
  return { sources: prepared, byId: new Map(prepared.map((p) => [p.source.id, p])), postings, stemPostings, sentenceCount };
}
