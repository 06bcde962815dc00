/**
 * The page's quotes as a reader sees them: quoted passages and speech-dash paragraphs, credit lines
 * and attributions that are no finding, and the parts of one quote printed in pieces, joined.
 */
import type { Library } from '../library';
import { findSpeaker, textQuotes } from '../text/attribution';
import { divergences } from '../text/numbers';
import { tokenize } from '../text/normalize';
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import type { Match } from '../types';
import { CONTENT_WEIGHT } from './align';

/** Whether a quote is all its paragraph holds, give or take the marks and a stop. */
export function isWholeLine(text: string, q: TextRange): boolean {
  const lineStart = text.lastIndexOf('\n', q.start - 1) + 1;
  const next = text.indexOf('\n', q.end);
  const lineEnd = next < 0 ? text.length : next;
  return (
    tokenize(text.slice(lineStart, q.start)).length === 0 &&
    tokenize(text.slice(q.end, lineEnd)).length === 0
  );
}

/** Words outside its quotes that a sentence may have and still be only their attribution. */
export const ATTRIBUTION_WORDS = 8;

/** Content words besides the speaker's name that an attribution may hold ("transport minister", "told reporters"). */
const ATTRIBUTION_CONTENT = 2;

/**
 * Whether a sentence's words outside its quotes are only their attribution ("…,” Foreign Minister
 * Maren Oskelund said.): a few words, the speaker's name and little else. An attribution matching a
 * source's attribution is no finding; name-only text never links.
 */
export function isAttribution(
  text: string,
  s: TextRange,
  quotes: TextRange[],
  tokens: MatchToken[],
): boolean {
  const own = tokens.filter((t) => !quotes.some((q) => t.start >= q.start && t.end <= q.end));
  if (own.length === 0 || own.length > ATTRIBUTION_WORDS) return false;
  const q = quotes[0]!;
  const speaker = findSpeaker(text, q.start, q.end, s.start, s.end, false);
  if (!speaker) return false;
  const at = text.indexOf(speaker, s.start);
  const named = (t: MatchToken) =>
    at >= 0 && at < s.end && t.start >= at && t.end <= at + speaker.length;
  return own.filter((t) => t.weight >= CONTENT_WEIGHT && !named(t)).length <= ATTRIBUTION_CONTENT;
}

/** Words that may stand between two parts of one quote: an attribution ("she said", "Oskelund told reporters"). */
export const SPLIT_GAP_WORDS = 8;

/**
 * Joins the parts of one source quote that a page prints in pieces: trimmed with an ellipsis
 * ("We notified … If nobody …") or split around its attribution (“…,” she said. “…”). The reader
 * sees one highlight and one popover whose diff shows the cut, not two unrelated verbatim bits.
 * Parts join when they render one source quote in order, in one paragraph, with at most an
 * attribution between them on the page.
 */
export function joinQuoteParts(pageText: string, parts: Match[], library: Library): Match[] {
  const sorted = [...parts].sort((x, y) => x.pageStart - y.pageStart);
  const out: Match[] = [];
  for (const m of sorted) {
    const prev = out[out.length - 1];
    const quote =
      prev && prev.sourceId === m.sourceId && prev.kind !== 'paraphrase' && m.kind !== 'paraphrase'
        ? sourceQuoteHolding(library, prev, m)
        : null;
    const gap = prev ? pageText.slice(prev.pageEnd, m.pageStart) : '';
    if (
      !prev ||
      !quote ||
      prev.sourceEnd > m.sourceStart ||
      gap.includes('\n') ||
      tokenize(gap).length > SPLIT_GAP_WORDS
    ) {
      out.push(m);
      continue;
    }
    const src = library.byId.get(m.sourceId)!.source.text;
    const pageSpan = pageText.slice(prev.pageStart, m.pageEnd);
    const sourceSpan = src.slice(prev.sourceStart, m.sourceEnd);
    const seamless =
      tokenize(gap).length === 0 && tokenize(src.slice(prev.sourceEnd, m.sourceStart)).length === 0;
    const kind =
      prev.kind === 'verbatim' && m.kind === 'verbatim' && seamless ? 'verbatim' : 'variant';
    out[out.length - 1] = {
      ...prev,
      kind,
      pageEnd: m.pageEnd,
      pageText: pageSpan,
      sourceEnd: m.sourceEnd,
      sourceText: sourceSpan,
      score:
        kind === 'verbatim'
          ? Math.max(prev.score, m.score)
          : Math.min(0.95, Math.max(prev.score, m.score)),
      speaker: {
        page: prev.speaker.page ?? m.speaker.page,
        source: prev.speaker.source ?? m.speaker.source,
      },
      divergences: divergences(
        pageSpan,
        sourceSpan,
        library.byId.get(m.sourceId)!.source.published,
      ),
    };
  }
  return out;
}

/** The source quote that holds both matches' source passages, or null. */
function sourceQuoteHolding(
  library: Library,
  a: Match,
  b: Match,
): { start: number; end: number } | null {
  const prepared = library.byId.get(a.sourceId);
  if (!prepared) return null;
  return prepared.quotes.find((q) => q.start <= a.sourceStart && b.sourceEnd <= q.end) ?? null;
}

/** A paragraph that ends with a closing quote mark (and maybe a stop). */
const CLOSING_QUOTE = /["'\u201d\u2019\u00bb\u00ab\u201c\u300d\u300f][.!?]?$/u;

/** Words a credit line under a quote may have (a name and a title). */
const CREDIT_WORDS = 12;

/**
 * Whether the line `[start, end)` credits the quoted paragraph above it ("— Maren Oskelund, foreign
 * minister" under a pull quote or an epigraph): a dash, a few words, no sentence. It is neither
 * speech nor a claim, only a name and a title.
 */
export function isCreditLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end);
  if (
    !/^[ \t]*[\u2013\u2014]/u.test(line) ||
    tokenize(line).length > CREDIT_WORDS ||
    /[.!?]\s/u.test(line)
  )
    return false;
  const prevEnd = start - 1;
  if (prevEnd < 0 || text[prevEnd] !== '\n') return false;
  const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
  return CLOSING_QUOTE.test(text.slice(prevStart, prevEnd).trimEnd());
}

/** Quoted passages of the page, plus paragraphs opened by a speech dash (– Yes, he said). */
export function pageQuotes(text: string): TextRange[] {
  const quotes: TextRange[] = [...textQuotes(text)];
  const dash = /^[ \t]*[\u2013\u2014][ \t]+(.+)$/gmu;
  let m: RegExpExecArray | null;
  while ((m = dash.exec(text)) !== null) {
    if (isCreditLine(text, m.index, m.index + m[0].length)) continue;
    const start = m.index + m[0].indexOf(m[1]!);
    quotes.push({ start, end: start + m[1]!.trimEnd().length });
  }
  return quotes.sort((a, b) => a.start - b.start);
}
