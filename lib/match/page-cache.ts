/**
 * What one page's matching learns about source sentences and keeps while it lasts: each sentence
 * range indexed once, and the cuts, figures and subjects of the passages its steps read again and
 * again. Source clause cuts and a page word's close words in a source, which depend on the source
 * and the word alone, are kept with the source instead (`sourceClauses`, `closeIn`).
 */
import type { PreparedSource } from '../library';
import type { Figure } from '../text/numbers';
import { sentenceSubject, speakersAgree } from '../text/attribution';
import { segmentClauses, segmentSentences, type TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import { lowerBound } from '../sorted';
import {
  closeWords,
  mayBeClose,
  passageIndex,
  wordPositions,
  type CloseWords,
  type SourceIndex,
  type WordPositions,
} from './align';
import { figuresIn } from './event';

/**
 * What one page's matching learns about source sentences and keeps while it lasts. A page's units
 * meet the same source sentences again and again (as candidates, as neighbours to widen to), so
 * each sentence range is indexed once (a view of its source's index). Nothing here outlives the page.
 */
export interface PageCache {
  ranges: WeakMap<PreparedSource, Map<number, SourceIndex>>;
  /** `figuresIn`, remembered per passage: a unit's candidates and a source sentence's units read the same figures. */
  figures: (text: string, from: number, to: number) => readonly Figure[];
  /** `segmentSentences`, remembered per passage: a quote's sentences are read when it is matched and again beside its anchors. */
  sentences: (text: string, from: number, to: number) => readonly TextRange[];
  /** `segmentClauses`, remembered per passage: a sentence's clauses are read by each step that trims or splits its match. */
  clauses: (text: string, from: number, to: number) => readonly TextRange[];
  /** `sentenceSubject`, remembered per passage: each candidate a unit links to asks it again. */
  subject: (text: string, from: number, to: number) => string | null;
  /** `speakersAgree`, remembered per pair of names: a page's few speakers meet its sources' few again and again. */
  agree: (a: string | null, b: string | null) => boolean | null;
}

/** `read(text, from, to)` remembered per passage of each text. */
function perPassage<T>(
  read: (text: string, from: number, to: number) => T,
): (text: string, from: number, to: number) => T {
  const byText = new Map<string, Map<number, T>>();
  return (text, from, to) => {
    let byRange = byText.get(text);
    if (!byRange) byText.set(text, (byRange = new Map()));
    // Offsets below 2^26 make one exact numeric key; longer texts are read afresh.
    if (to >= 0x4000000) return read(text, from, to);
    const key = from * 0x4000000 + to;
    let found = byRange.get(key);
    if (found === undefined) byRange.set(key, (found = read(text, from, to)));
    return found;
  };
}

/** A fresh cache for one page. */
export function pageCache(): PageCache {
  const agreed = new Map<string, Map<string, boolean | null>>();
  return {
    ranges: new WeakMap(),
    figures: perPassage(figuresIn),
    sentences: perPassage(segmentSentences),
    clauses: perPassage(segmentClauses),
    subject: perPassage(sentenceSubject),
    agree: (a, b) => {
      if (!a || !b) return null;
      let byB = agreed.get(a);
      if (!byB) agreed.set(a, (byB = new Map()));
      let found = byB.get(b);
      if (found === undefined) byB.set(b, (found = speakersAgree(a, b)));
      return found;
    },
  };
}

/** The indexed source passage of sentences `[from, to]`. */
export function sentenceRange(
  cache: PageCache,
  prepared: PreparedSource,
  from: number,
  to: number,
): SourceIndex {
  let byRange = cache.ranges.get(prepared);
  if (!byRange) cache.ranges.set(prepared, (byRange = new Map()));
  const key = from * 0x100000 + to;
  let index = byRange.get(key);
  if (!index) {
    const s = prepared.sentences;
    byRange.set(key, (index = passageIndex(prepared.words, s[from]!.tokFrom, s[to]!.tokTo)));
  }
  return index;
}

/** Clause cuts of source passages by sentence range, per source words array (dropped with the source's details). */
const sourceClauseCuts = new WeakMap<MatchToken[], Map<number, readonly TextRange[]>>();

/**
 * `segmentClauses` over sentences `[from, to]` of a source, remembered with the source rather than
 * the page: a restated claim's source clauses depend on the source alone, and every page that
 * restates the passage reads them again.
 */
export function sourceClauses(
  prepared: PreparedSource,
  from: number,
  to: number,
): readonly TextRange[] {
  let byRange = sourceClauseCuts.get(prepared.words);
  if (!byRange) sourceClauseCuts.set(prepared.words, (byRange = new Map()));
  const key = from * 0x100000 + to;
  let cuts = byRange.get(key);
  if (!cuts) {
    const s = prepared.sentences;
    byRange.set(key, (cuts = segmentClauses(prepared.source.text, s[from]!.start, s[to]!.end)));
  }
  return cuts;
}

/**
 * The words of a source close to page word `p` (one that `mayBeClose`), remembered with the source
 * rather than the page: they follow from the word's normal form and the source alone (its stem is
 * its normal form's, and its weight only decides `mayBeClose`), and a source meets the same page
 * words on page after page ("nuclear", "strikes").
 */
function closeIn(prepared: PreparedSource, p: MatchToken): CloseWords {
  let byNorm = sourceCloseWords.get(prepared.words);
  if (!byNorm) sourceCloseWords.set(prepared.words, (byNorm = new Map()));
  let close = byNorm.get(p.norm);
  if (!close) {
    // A bound on what one source keeps (a page brings a source a few dozen words: about 70 a page
    // at 10,000 sources, over all the sources it meets): 256 cached sources keep some 6 MB at worst.
    if (byNorm.size >= MAX_CLOSE_PER_SOURCE) byNorm.clear();
    byNorm.set(p.norm, (close = closeWords(p, prepared.words)));
  }
  return close;
}

/** Close words by page word, per source words array (dropped with the source's details). */
const sourceCloseWords = new WeakMap<MatchToken[], Map<string, CloseWords>>();

/** Page words whose close words one source keeps. */
const MAX_CLOSE_PER_SOURCE = 512;

/** What `closestWord` finds for a word that can only match by stem. */
const NOT_CLOSE: [number, number] = [0, -1];

/**
 * A unit's words as one source sees them: where they stand in it (see `wordPositions`) and their
 * close words there, each looked up once per unit however many of the source's passages it meets.
 */
export interface UnitInSource {
  positions: WordPositions;
  /** The close words of the unit's word `i` in the source (see `closeWords`); null for a word that can only match by stem. */
  close(i: number): CloseWords | null;
}

/** The unit of words `tokens` as source `prepared` sees it. */
export function unitInSource(prepared: PreparedSource, tokens: MatchToken[]): UnitInSource {
  return new UnitWords(prepared, tokens);
}

/** `UnitInSource` as a class: a page makes thousands, and a method is shared where a closure is not. */
class UnitWords implements UnitInSource {
  readonly positions: WordPositions;
  private readonly found: (CloseWords | null | undefined)[];
  constructor(
    private readonly prepared: PreparedSource,
    private readonly tokens: MatchToken[],
  ) {
    this.positions = wordPositions(prepared.words, tokens);
    this.found = new Array(tokens.length);
  }
  close(i: number): CloseWords | null {
    let found = this.found[i];
    if (found === undefined) {
      const t = this.tokens[i]!;
      this.found[i] = found = mayBeClose(t) ? closeIn(this.prepared, t) : null;
    }
    return found;
  }
}

/**
 * Closest-word lookups for `tokens` over sentences `[from, to]` of a source, as `align` takes them
 * (`unit`: the same tokens as the source sees them, when known).
 */
export function closestIn(
  prepared: PreparedSource,
  tokens: MatchToken[],
  from: number,
  to: number,
  unit?: UnitInSource,
): (i: number) => [number, number] {
  const sents = prepared.sentences;
  const base = sents[from]!.tokFrom;
  return (i) => {
    const close = unit
      ? unit.close(i)
      : mayBeClose(tokens[i]!)
        ? closeIn(prepared, tokens[i]!)
        : null;
    if (!close) return NOT_CLOSE;
    const { at, sim } = close;
    let best = 0;
    let bestAt = -1;
    // The first of the most similar close words in the sentences, in order, as a scan of the whole range would find.
    for (let k = from; k <= to; k++) {
      const s = sents[k]!;
      for (let q = lowerBound(at, s.tokFrom); q < at.length && at[q]! < s.tokTo; q++) {
        if (sim[q]! > best) {
          best = sim[q]!;
          bestAt = at[q]! - base;
        }
      }
    }
    return [best, bestAt];
  };
}
