/**
 * Anchoring: describing a selection of a page's article text so it can be found again, and finding
 * it again when the page has changed. Pure functions on strings, like the rest of the core: the
 * content script hands in the live article text (lib/dom/block-text.ts) and maps the offsets back
 * to the DOM itself.
 */
import { editDistance, searchApproximate } from './approximate';
import {
  quoteSelector,
  type Selector,
  type TextPositionSelector,
  type TextQuoteSelector,
  type WebAnnotation,
} from './model';

export * from './model';
export { searchApproximate, editDistance, type ApproximateMatch } from './approximate';

/** Characters of context kept on each side of a quote (the W3C TextQuoteSelector prefix/suffix). */
export const CONTEXT_CHARS = 32;
/** Share of the quote's characters that may differ and still count as the same passage. */
export const MAX_ERROR_RATE = 0.25;

/** Where an annotation was found, and how. */
export interface Anchor {
  start: number;
  end: number;
  /** `position`: the stored offsets still hold; `quote`: the exact text moved; `fuzzy`: the text changed a little. */
  method: 'position' | 'quote' | 'fuzzy';
  /** Confidence in [0, 1]. */
  score: number;
}

/** Builds the selectors for `text.slice(start, end)`: a TextQuoteSelector with context, and a TextPositionSelector. */
export function describeSelection(
  text: string,
  start: number,
  end: number,
): [TextQuoteSelector, TextPositionSelector] {
  if (!(start >= 0 && end <= text.length && start < end)) {
    throw new RangeError(
      `selection ${start}-${end} is outside the text (length ${text.length}) or empty`,
    );
  }
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: text.slice(end, end + CONTEXT_CHARS),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}

/**
 * Finds the passage the selectors describe in `text`: first at the stored position, then the exact
 * quote (the occurrence whose context and position fit best), then an approximate match within
 * MAX_ERROR_RATE of the quote's length, ranked by context and position. Returns null when nothing
 * fits well enough: the caller lists the annotation as an orphan.
 */
export function anchor(text: string, selectors: readonly Selector[]): Anchor | null {
  const quote = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const position = selectors.find(
    (s): s is TextPositionSelector => s.type === 'TextPositionSelector',
  );
  if (!quote || quote.exact === '') {
    // Without a quote, a position can only be trusted as it stands.
    if (
      position &&
      position.start >= 0 &&
      position.end <= text.length &&
      position.start < position.end
    ) {
      return { start: position.start, end: position.end, method: 'position', score: 0.5 };
    }
    return null;
  }
  const exact = quote.exact;
  if (position && text.slice(position.start, position.end) === exact) {
    return { start: position.start, end: position.end, method: 'position', score: 1 };
  }
  const hint = position?.start ?? null;

  const exactHits: number[] = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1))
    exactHits.push(at);
  if (exactHits.length > 0) {
    let best = { start: exactHits[0]!, score: -1 };
    for (const start of exactHits) {
      const score = rank(text, quote, start, start + exact.length, 0, hint);
      if (score > best.score) best = { start, score };
    }
    return {
      start: best.start,
      end: best.start + exact.length,
      method: 'quote',
      score: exactHits.length === 1 ? 1 : best.score,
    };
  }

  const maxErrors = Math.floor(exact.length * MAX_ERROR_RATE);
  if (maxErrors === 0) return null;
  let best: Anchor | null = null;
  for (const hit of searchApproximate(text, exact, maxErrors)) {
    const { start, end } = trimToWords(text, hit.start, hit.end, quote);
    const score = rank(text, quote, start, end, hit.errors, hint);
    if (!best || score > best.score) best = { start, end, method: 'fuzzy', score };
  }
  return best;
}

/** The result of anchoring a page's annotations: every annotation lands in exactly one list. */
export interface AnchoredAnnotations {
  anchored: { annotation: WebAnnotation; anchor: Anchor }[];
  /** Annotations whose passage is no longer on the page: listed for the user, never dropped. */
  orphans: WebAnnotation[];
}

/** Anchors every annotation of a page in its current article text. */
export function anchorAnnotations(
  text: string,
  annotations: readonly WebAnnotation[],
): AnchoredAnnotations {
  const result: AnchoredAnnotations = { anchored: [], orphans: [] };
  for (const annotation of annotations) {
    const found = quoteSelector(annotation) ? anchor(text, annotation.target.selector) : null;
    if (found) result.anchored.push({ annotation, anchor: found });
    else result.orphans.push(annotation);
  }
  return result;
}

/**
 * Scores a candidate in [0, 1]: mostly how close the quote is, then how well the text before and
 * after agrees with the stored context, and a little for staying near the stored position.
 */
function rank(
  text: string,
  quote: TextQuoteSelector,
  start: number,
  end: number,
  errors: number,
  hint: number | null,
): number {
  const quoteScore = 1 - errors / Math.max(1, quote.exact.length);
  const prefixScore = quote.prefix
    ? similarity(quote.prefix, text.slice(Math.max(0, start - quote.prefix.length), start))
    : 0.5;
  const suffixScore = quote.suffix
    ? similarity(quote.suffix, text.slice(end, end + quote.suffix.length))
    : 0.5;
  const positionScore =
    hint === null ? 0.5 : 1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length));
  return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore) / 92;
}

function similarity(expected: string, actual: string): number {
  if (!expected.length) return 1;
  return Math.max(0, 1 - editDistance(expected, actual) / expected.length);
}

/**
 * Approximate matches may start or end inside a word (an edit at the edge is as cheap as one
 * inside); when the saved quote started or ended on a word boundary, widen the edges to whole
 * words so the highlight does not cut a word.
 */
function trimToWords(
  text: string,
  start: number,
  end: number,
  quote: TextQuoteSelector,
): { start: number; end: number } {
  const word = /[\p{L}\p{N}]/u;
  const exact = quote.exact;
  // Only when the saved selection itself began and ended at word boundaries.
  const startsWord = word.test(exact[0] ?? '') && !word.test(quote.prefix?.slice(-1) ?? '');
  const endsWord = word.test(exact[exact.length - 1] ?? '') && !word.test(quote.suffix?.[0] ?? '');
  if (startsWord)
    while (start > 0 && word.test(text[start - 1]!) && word.test(text[start]!)) start--;
  if (endsWord)
    while (end < text.length && word.test(text[end]!) && word.test(text[end - 1]!)) end++;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
