/**
 * Stage 1, candidates: the source sentences a page unit may render, found through the library's
 * stem index from the unit's rarest words only, so the cost follows the page, not the library size.
 */
import {
  sentenceLocation,
  stemInSentences,
  stemPostings,
  stemSentenceCount,
  type Library,
} from '../library';
import { isMonthWord } from '../text/numbers';
import type { MatchToken } from '../text/words';
import { CONTENT_WEIGHT } from './align';
import { distinctPostings } from './distinct-postings';
import { topSentences, type Seed } from './top-sentences';
import { LONG_RUN } from './rules';
import type { UnitBound } from './unit';

/** How many source sentences a unit's seed words may bring up before the best are kept. */
const MAX_CANDIDATES = 6;

/** Seed words per unit: its rarest words. */
const MAX_SEEDS = 8;

/** A candidate source sentence for a unit and its seed score. */
interface Candidate {
  source: number;
  sentence: number;
  score: number;
}

/**
 * Candidate source sentences for a unit: the sentences that share its rarest stems, scored by the
 * summed weight of the seed stems they hold, best first, at most MAX_CANDIDATES, none below
 * `minScore` (see ./candidates.ts: the cost follows the rare seeds, not the library size).
 */
export function candidates(
  tokens: MatchToken[],
  library: Library,
  minScore: number,
  figures = false,
  bound?: UnitBound,
): Candidate[] {
  const n = Math.max(library.sentenceCount, 1);
  const scale = Math.log(1 + n);
  const seen = new Set<string>();
  const seeds: { weight: number; stem: string; df: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.weight < CONTENT_WEIGHT || seen.has(t.stem)) continue;
    seen.add(t.stem);
    const df = stemSentenceCount(library, t.stem);
    if (df === 0) continue;
    const libraryRarity = Math.log(1 + n / df) / scale;
    // In a passage with figures, the month of a date and a count of 100 or more anchor an event
    // claim (./event.ts): they seed as strongly as the rarest words.
    const anchor = figures && (isMonthWord(t.norm) || /^\d[\d,.]{2,}$/.test(t.norm));
    seeds.push({ weight: (anchor ? 1 : t.weight) * (0.5 + 0.5 * libraryRarity), stem: t.stem, df });
  }
  seeds.sort(strongerSeed);
  if (bound) bound.allSeeds = seeds.length <= MAX_SEEDS;
  // Words in a large share of the library's sentences find everything and tell nothing.
  const cap = Math.max(200, n * 0.05);
  const used: Seed[] = [];
  for (let e = 0; e < seeds.length && e < MAX_SEEDS; e++)
    if (seeds[e]!.df <= cap)
      used.push({ weight: seeds[e]!.weight, list: distinctPostings(library, seeds[e]!.stem) });
  const top = topSentences(used, minScore, MAX_CANDIDATES, {
    hashes: library.stems.sentenceHash,
  });
  const out: Candidate[] = [];
  for (let r = 0; r < top.length; r++) {
    const at = sentenceLocation(library, top[r]!.id);
    out.push({ source: at.source, sentence: at.sentence, score: top[r]!.score });
  }
  return out;
}

/** Seeds by weight, the rarer first among equals. */
const strongerSeed = (a: { weight: number; df: number }, b: { weight: number; df: number }) =>
  b.weight - a.weight || a.df - b.df;

/** Sentences a quote's rarest word may bring up for an exact-run check. */
const MAX_RUN_LOOKUPS = 200;

/**
 * Source sentences that hold a quote's words as one unbroken run ("we will not back down", all
 * common words that seed too weakly to be candidates). Looks only at the sentences that hold the
 * quote's rarest stem, so it costs little. Kept apart from `candidates`: it is a fallback for
 * quotes, not ranking.
 */
export function verbatimQuoteCandidates(
  tokens: MatchToken[],
  library: Library,
): { source: number; sentence: number }[] {
  const out: { source: number; sentence: number }[] = [];
  for (const id of runSentences(tokens, library)) {
    const at = sentenceLocation(library, id);
    const p = library.sources[at.source]!;
    const sent = p.sentences[at.sentence]!;
    const end = Math.min(p.words.length, sent.tokTo + tokens.length);
    for (let j = sent.tokFrom; j < sent.tokTo && j + tokens.length <= end; j++) {
      let n = 0;
      while (n < tokens.length && p.words[j + n]!.norm === tokens[n]!.norm) n++;
      if (n === tokens.length) {
        out.push(at);
        break;
      }
    }
  }
  return out;
}

/**
 * The library sentences (global ids) where `tokens` may start as one run, from the index alone,
 * before a source's words are derived: the sentence holds the first word and the sentence or a
 * later one of its source holds each of the others. Only the sentences of the rarest stem are
 * looked at; none when it is too common or a word is not in the library.
 */
export function runSentences(tokens: MatchToken[], library: Library): number[] {
  if (tokens.length < LONG_RUN) return [];
  let rarest: Int32Array | undefined;
  for (const t of tokens) {
    const list = stemPostings(library, t.stem);
    if (list.length === 0) return [];
    if (!rarest || list.length < rarest.length) rarest = list;
  }
  if (!rarest || rarest.length > MAX_RUN_LOOKUPS) return [];
  const out: number[] = [];
  for (const id of rarest) {
    const at = sentenceLocation(library, id);
    const sourceEnd = library.stems.sentenceBase[at.source + 1]!;
    if (!stemInSentences(library, tokens[0]!.stem, id, id + 1)) continue;
    if (tokens.every((t) => stemInSentences(library, t.stem, id, sourceEnd))) out.push(id);
  }
  return out;
}

/** How rare a stem is among the library's sentences, in [0, 1]: 1 for one sentence, ≈ 0.2 for every one. */
export function libraryRarity(library: Library, stem: string): number {
  const n = Math.max(library.sentenceCount, 1);
  const df = stemSentenceCount(library, stem);
  return df === 0 ? 1 : Math.log(1 + n / df) / Math.log(1 + n);
}
