/**
 * The library sources a page's matching is likely to read, found from the stem index alone: a
 * waking service worker reads only these sources' texts before matching the page (the texts of a
 * large library are most of its stored bytes). It follows ./candidates.ts for the units matching
 * tries (quotes, sentences and their clauses); a source it misses is not wrong, only slower: the
 * caller reads every text and matches again when matching reaches a text not read.
 */
import { type Library, sentenceLocation } from '../library';
import { textSentences } from '../text/attribution';
import { findFigures } from '../text/numbers';
import { segmentSentences, type TextRange } from '../text/segment';
import { tokensWithin } from '../text/words';
import { candidates, runSentences } from './candidates';
import { readingOf } from './page-reading';

/** Positions (in `library.sources`) of the sources matching `pageText` is likely to read. */
export function likelySources(pageText: string, library: Library): Set<number> {
  const out = new Set<number>();
  if (library.sources.length === 0 || pageText.trim() === '') return out;
  // Read once for matching too (./page-reading.ts).
  const { words: all, quotes, cache } = readingOf(pageText);
  const tokensIn = tokensWithin(all);
  const unit = (range: TextRange, quote: boolean, outside: readonly TextRange[] = []) => {
    const tokens = tokensIn(range.start, range.end).filter(
      (t) => !outside.some((q) => t.start >= q.start && t.end <= q.end),
    );
    if (tokens.length < 2) return;
    const figures = !quote && findFigures(pageText.slice(range.start, range.end)).length > 0;
    for (const c of candidates(tokens, library, quote || figures ? 0.6 : 1.5, figures))
      out.add(c.source);
    if (quote)
      for (const id of runSentences(tokens, library)) out.add(sentenceLocation(library, id).source);
  };
  const withClauses = (range: TextRange, quote: boolean, outside?: readonly TextRange[]) => {
    unit(range, quote, outside);
    const clauses = cache.clauses(pageText, range.start, range.end);
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
