/**
 * Binary search over sorted data, in the two forms the core needs: offsets into text (tokens,
 * sentences, quotes, pieces) and ascending id lists (postings, positions) are searched everywhere.
 */

/**
 * The first index in `[lo, hi)` at which `reached(i)` holds, for a predicate that is false up to some
 * index and true from there on; `hi` when it never holds.
 */
export function firstWhere(lo: number, hi: number, reached: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first position in an ascending list that holds a value of at least `value` (the list's length when none does). */
export function lowerBound(
  list: ArrayLike<number>,
  value: number,
  lo = 0,
  hi = list.length,
): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last position in an ascending list of integers that holds a value of at most `value` (-1 when none does). */
export function lastAtMost(
  list: ArrayLike<number>,
  value: number,
  lo = 0,
  hi = list.length,
): number {
  return lowerBound(list, value + 1, lo, hi) - 1;
}
