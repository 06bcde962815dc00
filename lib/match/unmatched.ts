/**
 * The hand-over to a later stage (a meaning model): the page units the lexical stages left
 * unmatched, each with the source sentences that share its rarest words. Such a stage proposes
 * links between them and checks each proposal with `rejectLink` (./gates.ts) before it is shown;
 * nothing here changes what `matchText` (./index.ts) returns.
 */
import type { Library } from '../library';
import { textSentences } from '../text/attribution';
import { matchTokens } from '../text/words';
import type { Match } from '../types';
import { candidates } from './candidates';
import { pageQuotes } from './page-quotes';

/** A source sentence a unit may render. */
export interface CandidateSentence {
  sourceId: string;
  start: number;
  end: number;
  text: string;
  /** The source quotes inside the sentence, with who the source says speaks each (null when unknown). */
  quotes: { start: number; end: number; speaker: string | null }[];
}

/** A page unit no lexical rule linked. */
export interface UnmatchedUnit {
  start: number;
  end: number;
  text: string;
  /** A direct quote (else a narrative sentence). */
  quote: boolean;
  candidates: CandidateSentence[];
}

/** Least seed score a candidate needs here: the lexical stages' floor for quotes and dated claims. */
const MIN_SEED = 0.6;

/**
 * The page's quotes and sentences that no match of `matches` overlaps, with their candidate source
 * sentences (best first). Units with no candidate are left out: nothing in the library shares a
 * rare word with them.
 */
export function unmatchedUnits(
  pageText: string,
  library: Library,
  matches: Match[],
): UnmatchedUnit[] {
  const linked = (s: number, e: number) => matches.some((m) => m.pageStart < e && s < m.pageEnd);
  const units = [
    ...pageQuotes(pageText).map((q) => ({ ...q, quote: true })),
    ...textSentences(pageText).map((s) => ({ ...s, quote: false })),
  ].sort((a, b) => a.start - b.start);
  const out: UnmatchedUnit[] = [];
  for (const u of units) {
    if (linked(u.start, u.end)) continue;
    const tokens = matchTokens(pageText, u.start, u.end);
    if (tokens.length < 2) continue;
    const found = candidates(tokens, library, MIN_SEED).map((c): CandidateSentence => {
      const p = library.sources[c.source]!;
      const s = p.sentences[c.sentence]!;
      return {
        sourceId: p.source.id,
        start: s.start,
        end: s.end,
        text: p.source.text.slice(s.start, s.end),
        quotes: p.quotes
          .filter((q) => q.sentence === c.sentence)
          .map(({ start, end, speaker }) => ({ start, end, speaker })),
      };
    });
    if (found.length > 0)
      out.push({
        start: u.start,
        end: u.end,
        text: pageText.slice(u.start, u.end),
        quote: u.quote,
        candidates: found,
      });
  }
  return out;
}
