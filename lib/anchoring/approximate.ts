/**
 * Approximate string search: every place where `pattern` occurs in `text` with at most `maxErrors`
 * edits (Levenshtein: a character substituted, inserted or deleted). Sellers' dynamic programming
 * over text columns with Ukkonen's cut-off, so each column only computes the pattern rows that can
 * still stay within the error budget: O(text length × maxErrors) on typical input.
 */

/** One approximate occurrence: `text.slice(start, end)` is within `errors` edits of the pattern. */
export interface ApproximateMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * Finds approximate occurrences of `pattern`, keeping for each start the end with the fewest
 * errors. Returns them in text order.
 */
export function searchApproximate(
  text: string,
  pattern: string,
  maxErrors: number,
): ApproximateMatch[] {
  const m = pattern.length;
  const k = Math.max(0, Math.floor(maxErrors));
  if (m === 0) return [];
  const over = k + 1;
  // cost[i]: fewest edits turning pattern[0, i) into some text substring ending at the current column;
  // from[i]: where that substring starts.
  let cost = new Int32Array(m + 1);
  let from = new Int32Array(m + 1);
  let nextCost = new Int32Array(m + 1).fill(over);
  let nextFrom = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) cost[i] = Math.min(i, over);
  let active = Math.min(k, m); // Ukkonen: the last row whose cost is still within budget
  // Highest row of each buffer that may hold a value within budget; rows above are `over`.
  let costHigh = m;
  let nextHigh = 0;
  const best = new Map<number, ApproximateMatch>();

  for (let j = 1; j <= text.length; j++) {
    const c = text.charCodeAt(j - 1);
    const top = Math.min(m, active + 1);
    nextCost[0] = 0;
    nextFrom[0] = j;
    for (let i = 1; i <= top; i++) {
      // Diagonal: pattern char i-1 aligned with text char j-1.
      let value = cost[i - 1]! + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      let start = from[i - 1]!;
      // Text char j-1 is extra (not in the pattern).
      const skipText = cost[i]! + 1;
      if (skipText < value) {
        value = skipText;
        start = from[i]!;
      }
      // Pattern char i-1 is missing from the text.
      const skipPattern = nextCost[i - 1]! + 1;
      if (skipPattern < value) {
        value = skipPattern;
        start = nextFrom[i - 1]!;
      }
      nextCost[i] = Math.min(value, over);
      nextFrom[i] = start;
    }
    for (let i = top + 1; i <= nextHigh; i++) nextCost[i] = over;
    let high = top;
    while (high > 0 && nextCost[high]! > k) high--;
    active = high;
    if (top === m && nextCost[m]! <= k) {
      const start = nextFrom[m]!;
      const errors = nextCost[m]!;
      const seen = best.get(start);
      if (!seen || errors < seen.errors) best.set(start, { start, end: j, errors });
    }
    [cost, nextCost] = [nextCost, cost];
    [from, nextFrom] = [nextFrom, from];
    [costHigh, nextHigh] = [top, costHigh];
  }
  return [...best.values()].sort((a, b) => a.start - b.start);
}

/** Levenshtein distance between two short strings (the 32-character contexts). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length]!;
}
