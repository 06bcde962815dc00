/**
 * Finds quoted passages in running text, whatever the quote-mark convention: “…”, "…", ‘…’, '…',
 * «…», »…«, „…“, ‚…‘, 「…」, 『…』 and doubled ‘‘…’’. Quotes never cross a paragraph (line) break,
 * because news copy closes and reopens quotes per paragraph.
 */

/** A quoted passage: `start`/`end` delimit the words inside the marks. */
export interface QuoteSpan {
  start: number;
  end: number;
  text: string;
}

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

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

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
  const before = text[i - 1];
  if (before === undefined || /\s/.test(before)) return false;
  if (mark === '\u2019' || mark === "'") return !isWordChar(text[i + 1]);
  return true;
}

/** Returns the quoted passages of `text`, outermost quotes only, in text order. */
export function findQuotes(text: string): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    scanLine(text, lineStart, lineEnd, quotes);
    lineStart = lineEnd + 1;
  }
  return quotes;
}

function scanLine(text: string, from: number, to: number, out: QuoteSpan[]): void {
  // Where each kind of closing mark next closes, computed once per line: a line of thousands of
  // unmatched marks would otherwise be rescanned from every one of them.
  const next = new Map<string, Int32Array>();
  const nextAt = (key: string, j: number): number => {
    let arr = next.get(key);
    if (!arr) {
      arr = new Int32Array(to - from + 1).fill(-1);
      const c = key[0]!;
      for (let k = to - 1; k >= from; k--) {
        const hit =
          key === 'any"' ? text[k] === '"' : key.length === 2 ? text[k] === c && text[k + 1] === c && canClose(text, k, c) : text[k] === c && canClose(text, k, c);
        arr[k - from] = hit ? k : arr[k - from + 1]!;
      }
      next.set(key, arr);
    }
    return j > to ? -1 : arr[j - from]!;
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
  let i = from;
  while (i < to) {
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
