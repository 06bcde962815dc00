/**
 * The matching entry point: finds the passages of a page's article text that render a source.
 * This first version finds verbatim quotes: quoted page passages whose words (case, punctuation
 * and quote marks ignored) occur contiguously in a source.
 */
import type { Library } from '../library';
import { findQuotes } from '../text/quotes';
import { tokenize, type Token } from '../text/normalize';
import type { Match } from '../types';

/** Shortest run of shared words that counts as a verbatim part of a quote. */
const MIN_PARTIAL_WORDS = 4;

/** Finds every passage of `pageText` that renders a passage of a library source. */
export function matchText(pageText: string, library: Library): Match[] {
  const matches: Match[] = [];
  for (const quote of findQuotes(pageText)) {
    const qTokens = tokenize(pageText, quote.start, quote.end).filter((t) => t.start >= quote.start);
    if (qTokens.length < 2) continue;
    const best = longestRun(qTokens, library);
    if (!best) continue;
    const whole = best.length === qTokens.length;
    if (!whole && best.length < MIN_PARTIAL_WORDS) continue;
    const prepared = library.sources[best.sourceIndex]!;
    const first = qTokens[best.pageToken]!;
    const last = qTokens[best.pageToken + best.length - 1]!;
    const sFirst = prepared.tokens[best.sourceToken]!;
    const sLast = prepared.tokens[best.sourceToken + best.length - 1]!;
    matches.push({
      kind: 'verbatim',
      pageStart: first.start,
      pageEnd: last.end,
      pageText: pageText.slice(first.start, last.end),
      sourceId: prepared.source.id,
      sourceStart: sFirst.start,
      sourceEnd: sLast.end,
      sourceText: prepared.source.text.slice(sFirst.start, sLast.end),
      score: whole ? 1 : best.length / qTokens.length,
      speaker: { page: null, source: null },
      divergences: [],
    });
  }
  return matches;
}

interface Run {
  sourceIndex: number;
  sourceToken: number;
  pageToken: number;
  length: number;
}

/** The longest contiguous run of quote words found in any source. */
function longestRun(qTokens: Token[], library: Library): Run | null {
  let best: Run | null = null;
  for (let i = 0; i < qTokens.length; i++) {
    const postings = library.postings.get(qTokens[i]!.norm);
    if (!postings) continue;
    for (let k = 0; k < postings.length; k += 2) {
      const si = postings[k]!;
      const ti = postings[k + 1]!;
      const sTokens = library.sources[si]!.tokens;
      // Only start runs at their left edge.
      if (i > 0 && ti > 0 && sTokens[ti - 1]!.norm === qTokens[i - 1]!.norm) continue;
      let len = 1;
      while (i + len < qTokens.length && ti + len < sTokens.length && sTokens[ti + len]!.norm === qTokens[i + len]!.norm) len++;
      if (!best || len > best.length) best = { sourceIndex: si, sourceToken: ti, pageToken: i, length: len };
    }
  }
  return best;
}
