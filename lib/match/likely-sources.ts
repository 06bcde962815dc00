/**
 * The library sources a page's matching is likely to read, found from the stem index alone: a
 * waking service worker reads only these sources' texts before matching the page (the texts of a
 * large library are most of its stored bytes). It follows ./candidates.ts for the units matching
 * tries (quotes, sentences and their clauses); a source it misses is not wrong, only slower: the
 * caller reads every text and matches again when matching reaches a text not read.
 */
import { type Library, sentenceLocation, stemInSentences, stemPostings } from '../library';
import { textSentences } from '../text/attribution';
import { findFigures } from '../text/numbers';
import { segmentClauses, segmentSentences, type TextRange } from '../text/segment';
import { matchTokens, type MatchToken } from '../text/words';
import { firstWhere } from '../sorted';
import { candidates } from './candidates';
import { pageQuotes } from './page-quotes';
import { LONG_RUN } from './rules';

/** Sentences a quote's rarest word may bring up for an exact-run check (as ./candidates.ts). */
const MAX_RUN_LOOKUPS = 200;

/** Positions (in `library.sources`) of the sources matching `pageText` is likely to read. */
export function likelySources(pageText: string, library: Library): Set<number> {
  const out = new Set<number>();
  if (library.sources.length === 0 || pageText.trim() === '') return out;
  const all = matchTokens(pageText);
  const tokensIn = (start: number, end: number) => {
    const lo = firstWhere(0, all.length, (i) => all[i]!.start >= start);
    let k = lo;
    while (k < all.length && all[k]!.end <= end) k++;
    return all.slice(lo, k);
  };
  const quotes = pageQuotes(pageText);
  const unit = (range: TextRange, quote: boolean, outside: readonly TextRange[] = []) => {
    const tokens = tokensIn(range.start, range.end).filter(
      (t) => !outside.some((q) => t.start >= q.start && t.end <= q.end),
    );
    if (tokens.length < 2) return;
    const figures = !quote && findFigures(pageText.slice(range.start, range.end)).length > 0;
    for (const c of candidates(tokens, library, quote || figures ? 0.6 : 1.5, figures))
      out.add(c.source);
    if (quote) for (const at of exactRunSources(tokens, library)) out.add(at);
  };
  const withClauses = (range: TextRange, quote: boolean, outside?: readonly TextRange[]) => {
    unit(range, quote, outside);
    const clauses = segmentClauses(pageText, range.start, range.end);
    if (clauses.length >= 2) for (const c of clauses) unit(c, quote, outside);
  };
  for (const q of quotes) {
    withClauses(q, true);
    // A quote of several sentences is matched sentence by sentence too.
    const parts = segmentSentences(pageText, q.start, q.end);
    if (parts.length >= 2) for (const p of parts) unit(p, true);
  }
  for (const s of textSentences(pageText))
    withClauses(
      s,
      false,
      quotes.filter((q) => q.end > s.start && q.start < s.end),
    );
  return out;
}

/**
 * Sources that may hold a quote's words as one run (the fallback of ./candidates.ts
 * `verbatimQuoteCandidates`), from the index alone: that check reads the source's words.
 */
function exactRunSources(tokens: MatchToken[], library: Library): number[] {
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
    if (tokens.every((t) => stemInSentences(library, t.stem, id, sourceEnd))) out.push(at.source);
  }
  return out;
}
