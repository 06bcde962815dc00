/**
 * Close words: the source word most like a page word that shares no stem with any of them (a spelling
 * variant, or a word sharing a common sense). The costly part of an alignment, remembered per source.
 */
import { lowerBound } from '../sorted';
import { SYNONYM_SIMILARITY, wordSenses, wordSimilarity, type MatchToken } from '../text/words';
import { CONTENT_WEIGHT, indexSource, type SourceIndex, type WordFacts } from './source-index';

/**
 * The source word most like a page word that shares no stem with any of them (a spelling variant
 * or a word sharing a common sense), as `[similarity, index]`; `[0, -1]` when none is. The costly
 * part of an alignment, so callers may remember it per source sentence.
 */
export function closestWord(p: MatchToken, src: MatchToken[] | SourceIndex): [number, number] {
  if (!mayBeClose(p)) return [0, -1];
  const index = Array.isArray(src) ? indexSource(src) : src;
  const source = index.tokens;
  const { bare: bareNorms, spelled, bySense } = wordFacts(index);
  // A source word's similarity is wordSimilarity's when the two may be spelling variants, else
  // SYNONYM_SIMILARITY when they share a sense, else 0; the first of the most similar wins. Only the
  // words long enough to be spelt alike and those sharing one of the page word's senses can score,
  // so only they are looked at.
  const pBare = bare(p.norm);
  const pSenses = wordSenses(pBare);
  let best = 0;
  let bestAt = -1;
  // Words judged by spelling, in source order.
  let spelt: number[] | null = null;
  if (pBare.length >= 5) {
    for (let k = 0; k < spelled.length; k++) {
      const j = spelled[k]!;
      if (!maySpellAlike(pBare, bareNorms[j]!)) continue;
      (spelt ??= []).push(j);
      const v = wordSimilarity(p, source[j]!);
      if (v > best) {
        best = v;
        bestAt = j;
      }
    }
  }
  // The first other word sharing a sense.
  if (pSenses.length > 0 && best <= SYNONYM_SIMILARITY) {
    let first = -1;
    for (const id of pSenses) {
      const js = bySense.get(id);
      if (!js) continue;
      for (const j of js) {
        if (first >= 0 && j >= first) break;
        if (spelt?.includes(j)) continue;
        first = j;
        break;
      }
    }
    if (first >= 0 && (best < SYNONYM_SIMILARITY || first < bestAt)) {
      best = SYNONYM_SIMILARITY;
      bestAt = first;
    }
  }
  return [best, bestAt];
}

/**
 * Whether a page word can be close to a word it shares no stem with: function words cannot, nor can
 * shorter words without common senses (see wordSimilarity). `closestWord` finds nothing for the others.
 */
export function mayBeClose(p: MatchToken): boolean {
  return p.weight >= CONTENT_WEIGHT && (p.norm.length >= 5 || wordSenses(p.norm).length > 0);
}

/** Bare forms, spelling candidates and common senses of a source passage's words, worked out on first use. */
function wordFacts(index: SourceIndex): WordFacts {
  if (!index.facts) {
    const bareNorms = index.tokens.map((t) => bare(t.norm));
    const spelled: number[] = [];
    const bySense = new Map<number, number[]>();
    index.tokens.forEach((t, j) => {
      if (t.weight < CONTENT_WEIGHT) return;
      if (bareNorms[j]!.length >= 5) spelled.push(j);
      for (const id of wordSenses(bareNorms[j]!)) {
        const js = bySense.get(id);
        if (!js) bySense.set(id, [j]);
        else if (js[js.length - 1] !== j) js.push(j);
      }
    });
    index.facts = { bare: bareNorms, spelled, bySense };
  }
  return index.facts;
}

/** The words of a source that `closestWord` could pick for one page word, ascending, each with its similarity (never 0). */
export interface CloseWords {
  at: number[];
  sim: number[];
}

/**
 * Every word of a whole source (`words`: a source's match tokens) that is close to page word `p`
 * by `closestWord`'s measure, with its similarity: `closestWord` over any passage of the source is
 * the first of the most similar of these inside it. Found through the source's word facts (see
 * `sourceWordFacts`) rather than by comparing `p` with every word, so a page word costs the same
 * whichever of the source's sentences it meets.
 */
export function closeWords(p: MatchToken, words: MatchToken[]): CloseWords {
  if (!mayBeClose(p)) return NO_CLOSE_WORDS;
  const facts = sourceWordFacts(words);
  const pBare = bare(p.norm);
  // Each word found is marked with its similarity in a work array (-1: spelt alike but not close, so
  // a shared sense does not count it either) and listed once, however many ways it was found.
  const work = closeWork(words.length);
  const sim = work.sim;
  work.found = 0;
  // Words that may be spelling variants (see maySpellAlike): the same first three letters, or one inside the other.
  if (pBare.length >= 5) {
    const c0 = pBare.charCodeAt(0);
    const c1 = pBare.charCodeAt(1);
    const c2 = pBare.charCodeAt(2);
    const byPrefix = facts.byPrefix.get(prefixKey(pBare)) ?? NONE;
    for (let k = 0; k < byPrefix.length; k++) {
      const j = byPrefix[k]!;
      const y = facts.bare[j]!;
      if (y.charCodeAt(0) === c0 && y.charCodeAt(1) === c1 && y.charCodeAt(2) === c2)
        markSpelt(p, words, j);
    }
    // Longer or equal words holding the page word hold its first five letters: only the words that
    // hold those are searched (a long source holds nearly every five letters somewhere, so no filter
    // over the whole source says no).
    const key = windowKey(pBare, 0);
    const { innerKeys, innerWords, innerStart, innerBits } = facts;
    const bucket = Math.imul(key, HASH_MULTIPLIER) >>> (32 - innerBits);
    for (let k = innerStart[bucket]!; k < innerStart[bucket + 1]!; k++) {
      if (innerKeys[k] !== key) continue;
      const j = innerWords[k]!;
      if (facts.bare[j]!.includes(pBare)) markSpelt(p, words, j);
    }
    // Shorter words inside the page word start with one of its five-letter windows.
    for (let from = 0; from + 5 <= pBare.length; from++) {
      const byWindow = facts.byWindow.get(windowKey(pBare, from)) ?? NONE;
      for (let k = 0; k < byWindow.length; k++) {
        const j = byWindow[k]!;
        const y = facts.bare[j]!;
        if (y.length < pBare.length && pBare.startsWith(y, from)) markSpelt(p, words, j);
      }
    }
  }
  // Other words sharing a common sense.
  const senses = wordSenses(pBare);
  for (let e = 0; e < senses.length; e++) {
    const js = facts.bySense.get(senses[e]!) ?? NONE;
    for (let k = 0; k < js.length; k++) {
      const j = js[k]!;
      if (sim[j] !== 0) continue;
      sim[j] = SYNONYM_SIMILARITY;
      work.list[work.found++] = j;
    }
  }
  if (work.found === 0) return NO_CLOSE_WORDS;
  // In source order (a typed array sorts by value, natively).
  const found = work.found > 1 ? work.list.subarray(0, work.found).sort() : work.list;
  const out: CloseWords = { at: [], sim: [] };
  for (let k = 0; k < work.found; k++) {
    const j = found[k]!;
    if (sim[j]! > 0) {
      out.at.push(j);
      out.sim.push(sim[j]!);
    }
    sim[j] = 0;
  }
  return out.at.length > 0 ? out : NO_CLOSE_WORDS;
}

/**
 * `closeWords`' work arrays, reused by every call (one runs at a time): a mark per source word (its
 * similarity; all 0 between calls) and the words marked, `found` of them.
 */
const closeScratch = { sim: new Float64Array(1024), list: new Int32Array(1024), found: 0 };

/** The work arrays, with room for a source of `n` words. */
function closeWork(n: number): typeof closeScratch {
  if (closeScratch.sim.length < n) {
    const size = Math.max(n, closeScratch.sim.length * 2);
    closeScratch.sim = new Float64Array(size);
    closeScratch.list = new Int32Array(size);
  }
  return closeScratch;
}

/** Marks word `j` of a source, spelt like page word `p`, with its similarity (once). */
function markSpelt(p: MatchToken, words: MatchToken[], j: number): void {
  const { sim, list } = closeScratch;
  if (sim[j] !== 0) return;
  const v = wordSimilarity(p, words[j]!);
  sim[j] = v > 0 ? v : -1;
  list[closeScratch.found++] = j;
}

/** No close words (shared: never changed). */
const NO_CLOSE_WORDS: CloseWords = { at: [], sim: [] };

const NONE: readonly number[] = [];

/** Five code units of a word from `at`, hashed to a small integer (equal windows, equal keys; others may collide). */
const windowKey = (w: string, at: number) =>
  (Math.imul(
    Math.imul(
      Math.imul(Math.imul(w.charCodeAt(at), 31) + w.charCodeAt(at + 1), 31) + w.charCodeAt(at + 2),
      31,
    ) + w.charCodeAt(at + 3),
    31,
  ) +
    w.charCodeAt(at + 4)) >>>
  2;

/** The first three code units of a word, hashed to a small integer (others may collide: callers compare). */
const prefixKey = (w: string) =>
  (Math.imul(Math.imul(w.charCodeAt(0), 31) + w.charCodeAt(1), 31) + w.charCodeAt(2)) >>> 2;

/** What `closeWords` needs of a source's words. */
interface SourceWordFacts {
  /** Bare form of every word. */
  bare: string[];
  /** Content words of 5 letters or more (those a spelling variant can be) by the key of their first five letters (see windowKey) and of their first three letters (see prefixKey). */
  byWindow: Map<number, number[]>;
  /**
   * Those words by the key of every five letters in a row that they hold: the keys ascending, each
   * with its words ascending, each word once per key (two flat arrays: a source holds thousands).
   */
  innerKeys: Int32Array;
  innerWords: Int32Array;
  /** A hash table over the keys: the entries of bucket b (see `closeWords`) are `[innerStart[b], innerStart[b + 1])`. */
  innerStart: Int32Array;
  innerBits: number;
  byPrefix: Map<number, number[]>;
  /** Content words of each common sense, ascending. */
  bySense: Map<number, number[]>;
}

/** Spreads window keys over a hash table's buckets (Knuth's multiplicative hashing: the top bits of key × 2^32/φ). */
const HASH_MULTIPLIER = 0x9e3779b1;

/** Per words array, so a source whose details a library evicts drops its facts too. */
const sourceFacts = new WeakMap<MatchToken[], SourceWordFacts>();

/** The word facts of a source's words: built once per source, whatever the page. */
function sourceWordFacts(words: MatchToken[]): SourceWordFacts {
  let facts = sourceFacts.get(words);
  if (facts) return facts;
  const bareForms: string[] = [];
  const byWindow = new Map<number, number[]>();
  // Every (window key, word) pair of those words, as keys and words side by side.
  const innerPairs: number[] = [];
  const byPrefix = new Map<number, number[]>();
  const bySense = new Map<number, number[]>();
  const push = <K>(map: Map<K, number[]>, key: K, j: number) => {
    const js = map.get(key);
    if (!js) map.set(key, [j]);
    else if (js[js.length - 1] !== j) js.push(j);
  };
  words.forEach((t, j) => {
    if (t.weight < CONTENT_WEIGHT) return;
    const b = bare(t.norm);
    bareForms[j] = b;
    if (b.length >= 5) {
      push(byWindow, windowKey(b, 0), j);
      for (let at = 0; at + 5 <= b.length; at++) innerPairs.push(windowKey(b, at), j);
      push(byPrefix, prefixKey(b), j);
    }
    for (const id of wordSenses(b)) push(bySense, id, j);
  });
  // A hash table in two flat arrays, about two keys a bucket, filled bucket by bucket in the order
  // the pairs came (so each key's words ascend); a word holding the same five letters twice is kept once.
  const pairs = innerPairs.length / 2;
  let innerBits = 4;
  while (innerBits < 20 && 1 << (innerBits + 1) <= pairs) innerBits++;
  const buckets = 1 << innerBits;
  const bucketOf = (key: number) => Math.imul(key, HASH_MULTIPLIER) >>> (32 - innerBits);
  const from = new Int32Array(buckets + 1);
  for (let e = 0; e < pairs; e++) from[bucketOf(innerPairs[2 * e]!) + 1]!++;
  for (let b = 0; b < buckets; b++) from[b + 1]! += from[b]!;
  const next = from.slice(0, buckets);
  const keys = new Int32Array(pairs);
  const owners = new Int32Array(pairs);
  for (let e = 0; e < pairs; e++) {
    const k = next[bucketOf(innerPairs[2 * e]!)]!++;
    keys[k] = innerPairs[2 * e]!;
    owners[k] = innerPairs[2 * e + 1]!;
  }
  const innerKeys = new Int32Array(pairs);
  const innerWords = new Int32Array(pairs);
  const innerStart = new Int32Array(buckets + 1);
  let kept = 0;
  for (let b = 0; b < buckets; b++) {
    innerStart[b] = kept;
    for (let k = from[b]!; k < from[b + 1]!; k++) {
      // A word's pairs in a bucket stand together: look back among them for the same key.
      let seen = false;
      for (let q = kept - 1; q >= innerStart[b]! && innerWords[q] === owners[k]; q--)
        if (innerKeys[q] === keys[k]) seen = true;
      if (seen) continue;
      innerKeys[kept] = keys[k]!;
      innerWords[kept++] = owners[k]!;
    }
  }
  innerStart[buckets] = kept;
  facts = {
    bare: bareForms,
    byWindow,
    innerKeys: innerKeys.slice(0, kept),
    innerWords: innerWords.slice(0, kept),
    innerStart,
    innerBits,
    byPrefix,
    bySense,
  };
  sourceFacts.set(words, facts);
  return facts;
}

/** The highest similarity of the close words in `[from, to)`, 0 when none is there. */
export function closestSimilarity(close: CloseWords, from: number, to: number): number {
  let best = 0;
  for (let k = lowerBound(close.at, from); k < close.at.length && close.at[k]! < to; k++)
    if (close.sim[k]! > best) best = close.sim[k]!;
  return best;
}

/** A word without its possessive ending, as wordSimilarity compares it. */
function bare(norm: string): string {
  return norm.endsWith("'s") ? norm.slice(0, -2) : norm;
}

/**
 * Whether two words can be spelling variants by wordSimilarity's measure: both long enough, and the
 * same first letters or one inside the other. False means their similarity is 0 or from a sense.
 */
function maySpellAlike(x: string, y: string): boolean {
  if (y.length < 5) return false;
  if (
    x.charCodeAt(0) === y.charCodeAt(0) &&
    x.charCodeAt(1) === y.charCodeAt(1) &&
    x.charCodeAt(2) === y.charCodeAt(2)
  )
    return true;
  return x.length <= y.length ? y.includes(x) : x.includes(y);
}
