/**
 * Word-level diff between a page's wording and its source's wording, for the popover and the
 * coverage dashboard. Words compare after normalisation (case, diacritics, quote marks and
 * punctuation ignored), so only real wording changes show up: a swapped word is "changed", a source
 * word the page left out is "cut", a page word the source does not have is "added".
 */
import { tokenize, type Token } from '../text/normalize';

/** What happened to a run of words between source and page. */
export type DiffOp = 'same' | 'changed' | 'cut' | 'added';

/** A run of words; `page` and `source` hold the original wording of each side ('' when absent). */
export interface DiffPart {
  op: DiffOp;
  page: string;
  source: string;
}

/**
 * Above this many DP cells (page words × source words) the middle of the texts is shown as one
 * changed run instead of aligned word by word: popover passages are sentences, not articles.
 */
const MAX_CELLS = 400_000;

/** Diffs `pageText` against `sourceText` word by word, in page order. */
export function wordDiff(pageText: string, sourceText: string): DiffPart[] {
  const a = tokenize(pageText);
  const b = tokenize(sourceText);
  const pairs = align(a, b);
  const parts: WorkPart[] = [];
  const push = (op: DiffOp, ai: number, aj: number, bi: number, bj: number) => {
    if (ai === aj && bi === bj) return;
    const page = ai < aj ? pageText.slice(a[ai]!.start, a[aj - 1]!.end) : '';
    const source = bi < bj ? sourceText.slice(b[bi]!.start, b[bj - 1]!.end) : '';
    const prev = parts[parts.length - 1];
    // Runs of equal words arrive one pair at a time: merge them into one part.
    if (op === 'same' && prev?.op === 'same' && prev.pageEnd === ai && prev.sourceEnd === bi) {
      prev.page = pageText.slice(a[prev.pageStart]!.start, a[aj - 1]!.end);
      prev.source = sourceText.slice(b[prev.sourceStart]!.start, b[bj - 1]!.end);
      prev.pageEnd = aj;
      prev.sourceEnd = bj;
      return;
    }
    parts.push({ op, page, source, pageStart: ai, pageEnd: aj, sourceStart: bi, sourceEnd: bj });
  };
  let i = 0;
  let j = 0;
  for (const [pi, si] of [...pairs, [a.length, b.length] as const]) {
    if (pi > i && si > j) push('changed', i, pi, j, si);
    else if (pi > i) push('added', i, pi, j, j);
    else if (si > j) push('cut', i, i, j, si);
    if (pi < a.length && si < b.length) push('same', pi, pi + 1, si, si + 1);
    i = pi + 1;
    j = si + 1;
  }
  return parts.map(({ op, page, source }) => ({ op, page, source }));
}

type WorkPart = DiffPart & {
  pageStart: number;
  pageEnd: number;
  sourceStart: number;
  sourceEnd: number;
};

/** Index pairs of a longest common subsequence of the two token lists, in order. */
function align(a: Token[], b: Token[]): Array<readonly [number, number]> {
  // Common prefix and suffix first: most renderings differ in a few words only.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre]!.norm === b[pre]!.norm) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    a[a.length - 1 - suf]!.norm === b[b.length - 1 - suf]!.norm
  )
    suf++;
  const pairs: Array<readonly [number, number]> = [];
  for (let k = 0; k < pre; k++) pairs.push([k, k]);
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  if (n > 0 && m > 0 && n * m <= MAX_CELLS) {
    // Classic LCS table over the middle, filled from the end so the walk runs forward.
    const w = m + 1;
    const table = new Uint32Array((n + 1) * w);
    for (let x = n - 1; x >= 0; x--) {
      for (let y = m - 1; y >= 0; y--) {
        table[x * w + y] =
          a[pre + x]!.norm === b[pre + y]!.norm
            ? table[(x + 1) * w + y + 1]! + 1
            : Math.max(table[(x + 1) * w + y]!, table[x * w + y + 1]!);
      }
    }
    let x = 0;
    let y = 0;
    while (x < n && y < m) {
      if (a[pre + x]!.norm === b[pre + y]!.norm) {
        pairs.push([pre + x, pre + y]);
        x++;
        y++;
      } else if (table[(x + 1) * w + y]! >= table[x * w + y + 1]!) x++;
      else y++;
    }
  }
  for (let k = suf; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}
