/**
 * Selectors for a highlight the user saves, and re-finding saved ones in the article text on a
 * later visit. Follows the W3C selectors of lib/anchoring/model.ts: a position is tried first
 * and kept only when its text still matches the quote; otherwise the quote is searched, the
 * occurrence whose surrounding text best agrees with the saved prefix and suffix winning.
 */
import type { Selector, TextQuoteSelector } from '../anchoring/model';

/** Characters of context saved on each side of the quote. */
const CONTEXT = 32;

/** Describes `[start, end)` of the article text as a quote and a position selector. */
export function describeSpan(text: string, start: number, end: number): Selector[] {
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT), start),
      suffix: text.slice(end, end + CONTEXT),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}

/** Where the saved selectors point in `text` now, or null when the quote is gone. */
export function anchorSaved(text: string, selectors: readonly Selector[]): { start: number; end: number } | null {
  const quote = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const position = selectors.find((s) => s.type === 'TextPositionSelector');
  if (position && position.type === 'TextPositionSelector') {
    const at = text.slice(position.start, position.end);
    if (at.length > 0 && (!quote || at === quote.exact)) return { start: position.start, end: position.end };
  }
  if (!quote || !quote.exact) return null;
  let best: { start: number; score: number } | null = null;
  for (let i = text.indexOf(quote.exact); i !== -1; i = text.indexOf(quote.exact, i + 1)) {
    const score = sharedSuffix(text.slice(0, i), quote.prefix ?? '') + sharedPrefix(text.slice(i + quote.exact.length), quote.suffix ?? '');
    if (!best || score > best.score) best = { start: i, score };
  }
  return best ? { start: best.start, end: best.start + quote.exact.length } : null;
}

function sharedSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
