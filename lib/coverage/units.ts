/**
 * The rows of a coverage matrix: the parts of a source article readers compare across outlets.
 * Direct quotes (the words someone is on record saying) and key claims (sentences that carry a
 * number or a date, or report what someone said). Any other sentence becomes a row only when some
 * page rendered it, so no match is lost from the matrix.
 */
import { findBoilerplateStart } from '../sources';
import { findQuotes } from '../text/quotes';
import { segmentSentences, type TextRange } from '../text/segment';
import { tokenize } from '../text/normalize';
import type { Source } from '../types';

/** Re-exported so callers of the coverage model split sentences the way the matcher does. */
export { segmentSentences };

/** What a row stands for. */
export type UnitKind = 'quote' | 'claim' | 'sentence';

/** One row: a passage of a source, by offsets into `Source.text`. */
export interface SourceUnit {
  /** `<sourceId>#q2` (second quote) or `#s7` (seventh sentence): stable for one source text. */
  id: string;
  sourceId: string;
  kind: UnitKind;
  start: number;
  end: number;
  text: string;
  /** Number of words, for telling a trimmed quote from a whole one. */
  words: number;
}

/** A sentence of a text, by offsets. */
export type SentenceSpan = TextRange;

const MONTH =
  /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?\s*\d|\b\d{1,2}\s+(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/;
/** Reporting verbs of English news copy: a sentence using one attributes a statement to someone. */
const REPORTING =
  /\b(?:said|says|told|tells|stated|states|added|warned|announced|claimed|claims|insisted|confirmed|denied|acknowledged|accused|argued|urged|vowed|promised|declared|according to)\b/i;

/** Whether a sentence states something checkable: a number, a date, or an attributed statement. */
export function isKeyClaim(sentence: string): boolean {
  return /\p{N}/u.test(sentence) || MONTH.test(sentence) || REPORTING.test(sentence);
}

const countWords = (text: string, start: number, end: number) =>
  tokenize(text, start, end).filter((t) => t.start >= start).length;

/**
 * The rows of one source: its direct quotes and key claims, in text order, plus the sentences in
 * `alsoRanges` (passages some page rendered). Trailing publisher boilerplate is left out.
 * A sentence whose words are mostly one quote is left to the quote row.
 */
export function sourceUnits(
  source: Source,
  alsoRanges: { start: number; end: number }[] = [],
): SourceUnit[] {
  const text = source.text;
  const bodyEnd = findBoilerplateStart(text, source.outlet);
  const quotes = findQuotes(text.slice(0, bodyEnd))
    .map((q) => trimToWords(text, q.start, q.end))
    .filter(
      (q): q is { start: number; end: number } =>
        q !== null && countWords(text, q.start, q.end) >= 2,
    );
  const units: SourceUnit[] = quotes.map((q, i) => ({
    id: `${source.id}#q${i + 1}`,
    sourceId: source.id,
    kind: 'quote',
    start: q.start,
    end: q.end,
    text: text.slice(q.start, q.end),
    words: countWords(text, q.start, q.end),
  }));
  keepQuotesWhole(segmentSentences(text, 0, bodyEnd), quotes).forEach((s, index) => {
    const words = countWords(text, s.start, s.end);
    const quoted = quotes.reduce(
      (n, q) =>
        n +
        (q.start < s.end && q.end > s.start
          ? countWords(text, Math.max(q.start, s.start), Math.min(q.end, s.end))
          : 0),
      0,
    );
    const sentence = text.slice(s.start, s.end);
    const rendered = alsoRanges.some((r) => r.start < s.end && r.end > s.start);
    // A mostly quoted sentence is the quote's row, unless a page also carried its unquoted words.
    if (quoted * 2 > words && !alsoRanges.some((r) => carriesOwnWords(r, s, quotes))) return;
    const kind = isKeyClaim(sentence) ? 'claim' : rendered ? 'sentence' : null;
    if (kind)
      units.push({
        id: `${source.id}#s${index + 1}`,
        sourceId: source.id,
        kind,
        start: s.start,
        end: s.end,
        text: sentence,
        words,
      });
  });
  return units.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Narrows a range to its first and last word, dropping the comma or full stop a quote closes on. */
function trimToWords(
  text: string,
  start: number,
  end: number,
): { start: number; end: number } | null {
  const tokens = tokenize(text, start, end).filter((t) => t.start >= start);
  if (tokens.length === 0) return null;
  return { start: tokens[0]!.start, end: tokens[tokens.length - 1]!.end };
}

/** Joins sentences split inside a quote ("…of nature. It was a decision…"), which is one utterance. */
function keepQuotesWhole(
  sentences: SentenceSpan[],
  quotes: { start: number; end: number }[],
): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  for (const s of sentences) {
    const prev = out[out.length - 1];
    const splitsQuote = prev && quotes.some((q) => q.start < prev.end && q.end > s.start);
    if (prev && splitsQuote) prev.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

const overlapLength = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Whether a rendered range covers at least half of a sentence's characters outside its quotes. */
function carriesOwnWords(
  range: { start: number; end: number },
  s: SentenceSpan,
  quotes: { start: number; end: number }[],
): boolean {
  const inQuotes = quotes.reduce((n, q) => n + overlapLength(q, s), 0);
  const own = s.end - s.start - inQuotes;
  if (own <= 0) return false;
  const clipped = { start: Math.max(range.start, s.start), end: Math.min(range.end, s.end) };
  const carried =
    overlapLength(clipped, s) - quotes.reduce((n, q) => n + overlapLength(q, clipped), 0);
  return carried * 2 >= own;
}
