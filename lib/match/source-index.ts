/**
 * What an alignment knows of a source passage: its words' stems and forms as postings, built once
 * per source and shared by every passage of it a page aligns with; and the alignment's result type.
 */
import { lowerBound } from '../sorted';
import type { MatchToken } from '../text/words';

/** Words below this weight are function words: they extend runs but are not evidence. */
export const CONTENT_WEIGHT = 0.2;

/** How a page passage aligns with a source passage. */
export interface Alignment {
  /** Similarity of each page token to its best source token, in [0, 1]. */
  sim: number[];
  /** Index (into the source tokens given) of each page token's best source token, or -1. */
  at: number[];
  /** Rarity-weighted sum of page words rendered by the source. */
  evidence: number;
  /** Share of the page passage's content weight that the source renders. */
  cover: number;
  /** Share of the source passage's content weight that the page renders. */
  sourceCover: number;
  /**
   * Evidence from words written in lower case: what is claimed rather than who is named. Shared
   * names alone do not make two sentences the same statement.
   */
  claimEvidence: number;
  /** Share of the page passage's lower-case content weight that the source renders. */
  claimCover: number;
  /** Longest run of identical consecutive words, and where it starts on each side. */
  run: { length: number; page: number; source: number; weight: number };
  /** Page tokens that sit in runs of 3 or more identical consecutive words. */
  runTokens: number;
}

/** What an alignment needs to know of a source passage, whatever the page. */
export interface SourceIndex {
  tokens: MatchToken[];
  /**
   * Positions of each stem, and of each word form (runs compare word forms), counted from `base`
   * words before the passage: a passage of a source reads the whole source's positions (see
   * `passageIndex`), so they may hold positions outside it.
   */
  stems: Postings;
  norms: Postings;
  base: number;
  /** Filled in by the first `closestWord` on this passage. */
  facts?: WordFacts;
}

/**
 * The positions of each key (a stem or a word form) among some words, ascending: key ids by key,
 * and one flat array (a source's index is kept as long as its details, so it is kept small).
 */
export interface Postings {
  ids: Map<string, number>;
  /** The positions of key id `i` are `at[start[i]]` to `at[start[i + 1] - 1]`. */
  start: Int32Array;
  at: Int32Array;
}

/** The postings of `tokens` by `keyOf`. */
function postings(tokens: MatchToken[], keyOf: (t: MatchToken) => string): Postings {
  const ids = new Map<string, number>();
  const idOf = new Int32Array(tokens.length);
  const counts: number[] = [];
  tokens.forEach((t, j) => {
    const key = keyOf(t);
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = counts.length));
      counts.push(0);
    }
    idOf[j] = id;
    counts[id]!++;
  });
  const start = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) start[i + 1] = start[i]! + counts[i]!;
  const next = start.slice(0, counts.length);
  const at = new Int32Array(tokens.length);
  for (let j = 0; j < tokens.length; j++) at[next[idOf[j]!]!++] = j;
  return { ids, start, at };
}

/** Indexes a source passage for `align`. */
export function indexSource(tokens: MatchToken[]): SourceIndex {
  return {
    tokens,
    stems: postings(tokens, (t) => t.stem),
    norms: postings(tokens, (t) => t.norm),
    base: 0,
  };
}

/** Each source's words indexed whole, by words array (dropped with a source's details, like its word facts). */
const wholeIndexes = new WeakMap<MatchToken[], SourceIndex>();

/**
 * Words `[from, to)` of a source (`words`: its match tokens) indexed for `align`. A page aligns with
 * many passages of a source (each candidate sentence, widened to its neighbours): they all share one
 * index of the whole source, built once, rather than each building its own.
 */
export function passageIndex(words: MatchToken[], from: number, to: number): SourceIndex {
  const whole = wholeIndex(words);
  return { tokens: words.slice(from, to), stems: whole.stems, norms: whole.norms, base: from };
}

/** The index of a source's words as a whole, built on first use. */
function wholeIndex(words: MatchToken[]): SourceIndex {
  let whole = wholeIndexes.get(words);
  if (!whole) wholeIndexes.set(words, (whole = indexSource(words)));
  return whole;
}

/**
 * Where a page passage's words stand in a whole source (see `passageIndex`): the key id of each
 * word's stem and of its word form there, or -1. A unit meets several passages of one source (its
 * candidates and their neighbours), so it looks its words up once per source.
 */
export interface WordPositions {
  /** The source postings they were read from: they stand in for their lookups only. */
  stems: Postings;
  norms: Postings;
  stemIds: number[];
  /** Looked up by the first alignment that reads them (a unit's candidates are often not aligned at all). */
  normIds: number[] | null;
}

/** Where the words of `page` stand in a source (`words`: its match tokens). */
export function wordPositions(words: MatchToken[], page: MatchToken[]): WordPositions {
  const whole = wholeIndex(words);
  return {
    stems: whole.stems,
    norms: whole.norms,
    stemIds: page.map((t) => whole.stems.ids.get(t.stem) ?? -1),
    normIds: null,
  };
}

/** Whether page word `i`'s stem stands in the source's words `[from, to)`. */
export function stemBetween(
  positions: WordPositions,
  i: number,
  from: number,
  to: number,
): boolean {
  const id = positions.stemIds[i]!;
  if (id < 0) return false;
  const { start, at } = positions.stems;
  const k = lowerBound(at, from, start[id]!, start[id + 1]!);
  return k < start[id + 1]! && at[k]! < to;
}

/** What `closestWord` needs of a source passage. */
export interface WordFacts {
  /** Bare form of each word. */
  bare: string[];
  /** Content words long enough to be a spelling variant (see maySpellAlike), ascending. */
  spelled: number[];
  /** Content words of each common sense, ascending. */
  bySense: Map<number, number[]>;
}
