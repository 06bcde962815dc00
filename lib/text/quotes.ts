/**
 * Finds quoted passages in running text, whatever the quote-mark convention: “…”, "…", ‘…’, '…',
 * «…», »…«, „…“, ‚…‘, 「…」, 『…』 and doubled ‘‘…’’. Quotes never cross a paragraph (line) break,
 * because news copy closes and reopens quotes per paragraph; a break inside a sentence (a `<br>`)
 * is no paragraph break.
 */

/** A quoted passage: `start`/`end` delimit the words inside the marks. */
export interface QuoteSpan {
  start: number;
  end: number;
  text: string;
}

import { lowerBound } from '../sorted';
import { isSpaceAt } from './segment';

/** Opening mark → closing marks accepted for it. */
const PAIRS: Record<string, string[]> = {
  '\u201c': ['\u201d', '\u201c'], // “…” and the German-style “…“ seen in some copy
  '\u201e': ['\u201c', '\u201d'], // „…“
  '\u00ab': ['\u00bb'], // «…»
  '\u00bb': ['\u00ab'], // »…«
  '\u300c': ['\u300d'], // 「…」
  '\u300e': ['\u300f'], // 『…』
  '"': ['"'],
  '\u2018': ['\u2019'], // ‘…’
  '\u201a': ['\u2018', '\u2019'], // ‚…‘
  "'": ["'"],
};

/** Character codes of every closing mark outside ASCII. */
const CLOSING_CODES = new Set(
  Object.values(PAIRS)
    .flat()
    .map((c) => c.charCodeAt(0)),
);

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** isWordChar for the code unit at `i`, with plain ASCII decided without a regex. */
function isWordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return !Number.isNaN(c) && isWordChar(text[i]);
}

/**
 * An apostrophe inside a word (haven’t, Khamenei’s, rock ’n’ roll) is not a quote mark: single
 * marks only open before a word and after a non-word, and only close after a non-space.
 */
function canOpen(text: string, i: number, mark: string): boolean {
  const before = text[i - 1];
  const after = text[i + 1];
  if (after === undefined || /\s/.test(after)) return false;
  if (mark === '\u2018' || mark === "'" || mark === '\u201a') return !isWordChar(before);
  return true;
}

function canClose(text: string, i: number, mark: string): boolean {
  if (i < 1 || isSpaceAt(text, i - 1)) return false;
  if (mark === '\u2019' || mark === "'") return !isWordCharAt(text, i + 1);
  return true;
}

/** Returns the quoted passages of `text`, outermost quotes only, in text order. */
export function findQuotes(text: string): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    while (lineEnd >= 0 && continuesLine(text, lineEnd)) lineEnd = text.indexOf('\n', lineEnd + 1);
    if (lineEnd < 0) lineEnd = text.length;
    scanLine(text, lineStart, lineEnd, quotes);
    lineStart = lineEnd + 1;
  }
  return quotes;
}

/**
 * Whether the line break at `at` falls inside a sentence (a `<br>` in the middle of a paragraph, or
 * a quote set across two elements): a word before it and a lower-case word right after. A new
 * paragraph opens with a capital, a figure or a quote mark, so quotes still close per paragraph.
 */
function continuesLine(text: string, at: number): boolean {
  if (!/[\p{L}\p{N},]/u.test(text[at - 1] ?? '') || !/\p{Ll}/u.test(text[at + 1] ?? ''))
    return false;
  // A line that opens a quote of its own before closing one is not the rest of an open quote.
  const end = text.indexOf('\n', at + 1);
  const first = /[\u201c\u201d\u201e\u00ab\u00bb"]/u.exec(
    text.slice(at + 1, end < 0 ? undefined : end),
  );
  return !first || !'\u201c\u201e\u00ab'.includes(first[0]);
}

/** Whether the character at `i` is one the scan below may open a quote at. */
function mayOpen(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code < 128 ? code === 34 || code === 39 : PAIRS[text[i]!] !== undefined;
}

function scanLine(text: string, from: number, to: number, out: QuoteSpan[]): void {
  // Most lines hold no mark that opens a quote: they need none of what follows (a page has thousands).
  let first = from;
  while (first < to && !mayOpen(text, first)) first++;
  if (first === to) return;
  // Where each kind of closing mark next closes, worked out once per line: a line of thousands of
  // unmatched marks would otherwise be rescanned from every one of them. One pass notes where each
  // mark character stands; each kind of closer then keeps the positions where it can close.
  let marks: Map<number, number[]> | null = null;
  const next = new Map<string, number[]>();
  const nextAt = (key: string, j: number): number => {
    let hits = next.get(key);
    if (!hits) {
      if (!marks) {
        marks = new Map();
        for (let k = from; k < to; k++) {
          const code = text.charCodeAt(k);
          if (code < 128 ? code !== 34 && code !== 39 : !CLOSING_CODES.has(code)) continue;
          const at = marks.get(code);
          if (at) at.push(k);
          else marks.set(code, [k]);
        }
      }
      const c = key[0]!;
      const any = key === 'any"';
      const code = any ? 34 : key.charCodeAt(0);
      const doubled = !any && key.length === 2;
      hits = (marks.get(code) ?? []).filter(
        (k) => any || ((!doubled || text.charCodeAt(k + 1) === code) && canClose(text, k, c)),
      );
      next.set(key, hits);
    }
    // The first position at or after j.
    const at = lowerBound(hits, j);
    return at < hits.length ? hits[at]! : -1;
  };
  const findClose = (j: number, open: string, closers: string[], width: number): number => {
    if (width === 2) return nextAt(closers[0]! + closers[0]!, j);
    // Straight quotes are symmetric: an unmatched opener in the middle is most likely a new quote.
    if (open === '"') {
      const k = nextAt('any"', j);
      return k >= 0 && canClose(text, k, '"') ? k : -1;
    }
    let best = -1;
    for (const c of closers) {
      const k = nextAt(c, j);
      if (k >= 0 && (best < 0 || k < best)) best = k;
    }
    return best;
  };
  let i = first;
  while (i < to) {
    // No ASCII character but the straight marks opens a quote.
    const code = text.charCodeAt(i);
    if (code < 128 && code !== 34 && code !== 39) {
      i++;
      continue;
    }
    const mark = text[i]!;
    let width = 1;
    // Doubled single marks (‘‘…’’, ''…'') act as one double mark.
    if ((mark === '\u2018' || mark === "'") && text[i + 1] === mark) width = 2;
    const closers = PAIRS[mark];
    if (closers && canOpen(text, i + width - 1, mark)) {
      const closeAt = findClose(i + width, mark, closers, width);
      if (closeAt >= 0) {
        const start = i + width;
        const end = closeAt;
        const inner = text.slice(start, end);
        if (/[\p{L}\p{N}]/u.test(inner)) out.push({ start, end, text: inner });
        i = closeAt + width;
        continue;
      }
    }
    i += 1;
  }
}
