/**
 * Top-k retrieval over weighted postings lists: which library sentences hold the most seed weight.
 * A unit's seeds are its rarest stems, each with the ascending sentence ids that hold it
 * (lib/library.ts); a sentence scores the summed weight of the seeds it holds.
 *
 * Scoring every posting of every seed costs as much as the seeds' lists are long, and in a large
 * library even moderately rare stems hold thousands of sentences. Here the lists are walked sentence
 * by sentence with max-score pruning: a set of seeds whose weights together cannot lift a sentence to
 * the score still needed (the floor, then the weakest of the k kept) is not walked; those seeds only
 * confirm sentences the other seeds bring up, by skipping through their postings. Frequent stems are
 * the long lists and carry the least weight, so they are mostly jumped over. The result is exactly
 * that of scoring every posting.
 */

/** A seed: its weight and the ascending sentence ids that hold it. */
export interface Seed {
  weight: number;
  list: Int32Array;
}

/** A retrieved sentence: its id and summed seed weight. */
export interface ScoredSentence {
  id: number;
  score: number;
}

/** Slack for comparing sums of the same weights added in another order. */
const SUM_SLACK = 1e-9;
/** The first seed's sentences are scored before the walk when it holds at most this many. */
const PRESCORE_MAX = 64;
/** Below this many postings in all, every posting is read (pruning costs more than it saves). */
const WALK_ALL_BELOW = 512;
/** Past every sentence id: a seed whose list is walked to its end. */
const END = 0x7fffffff;
/** Seeds beyond this many are not supported (bit masks over seeds, 2^n subsets). */
export const MAX_TOP_SEEDS = 12;

/**
 * The `k` sentences with the highest summed seed weight, at least `minScore`, best first. A
 * sentence's score is its seeds' weights added in seed order; ties go to the sentence held by the
 * earliest seed, then to the lower id (the order of scoring seed by seed, posting by posting).
 * Below `walkAllBelow` postings in all, every posting is read instead of pruning (same result).
 * With `hashes` (each sentence's, by id), a sentence whose hash one already kept has is passed
 * over: copies of one sentence hold the same seeds, and would take every place from the others.
 */
export function topSentences(
  seeds: Seed[],
  minScore: number,
  k: number,
  { walkAllBelow = WALK_ALL_BELOW, hashes }: { walkAllBelow?: number; hashes?: Int32Array } = {},
): ScoredSentence[] {
  const m = seeds.length;
  if (m === 0 || k <= 0) return [];
  if (m > MAX_TOP_SEEDS)
    throw new RangeError(`topSentences: at most ${MAX_TOP_SEEDS} seeds, got ${m}`);
  const weights: number[] = [];
  const lists: Int32Array[] = [];
  let total = 0;
  for (let e = 0; e < m; e++) {
    weights.push(seeds[e]!.weight);
    lists.push(seeds[e]!.list);
    total += seeds[e]!.list.length;
  }
  const top: Kept[] = [];
  if (total < walkAllBelow) {
    // Short lists (a small library): every posting is read, as pruning would cost more than it saves.
    // Each sentence's seeds are gathered by id in a work array, then offered by first seed, then id:
    // the order `keep` expects among equal scores. Offering clears its entry for the next call.
    let size = 0;
    for (let e = 0; e < m; e++)
      if (lists[e]!.length > 0) size = Math.max(size, lists[e]![lists[e]!.length - 1]! + 1);
    if (scratch.masks.length < size)
      scratch.masks = new Int32Array(Math.max(size, scratch.masks.length * 2));
    const masks = scratch.masks;
    for (let e = 0; e < m; e++) {
      const list = lists[e]!;
      for (let p = 0; p < list.length; p++) masks[list[p]!]! |= 1 << e;
    }
    for (let e = 0; e < m; e++) {
      const list = lists[e]!;
      for (let p = 0; p < list.length; p++) {
        const id = list[p]!;
        const mask = masks[id]!;
        if (mask === 0) continue;
        masks[id] = 0;
        keep(top, k, id, maskScore(mask, weights), mask, minScore, hashes);
      }
    }
    return top.map(({ id, score }) => ({ id, score }));
  }
  const { ptr, head, walked } = scratch;
  ptr.fill(0, 0, m);
  // Each walked seed's next sentence (END when its list is done), and the walked seeds in order.
  for (let e = 0; e < m; e++) head[e] = lists[e]!.length > 0 ? lists[e]![0]! : END;
  let walkedCount = 0;
  // Every subset of seeds (bit mask): summed weight and postings length, to choose which to skip through.
  const { subsetWeight, subsetLength } = scratch;
  for (let mask = 1; mask < 1 << m; mask++) {
    const low = 31 - Math.clz32(mask & -mask);
    subsetWeight[mask] = subsetWeight[mask & (mask - 1)]! + weights[low]!;
    subsetLength[mask] = subsetLength[mask & (mask - 1)]! + lists[low]!.length;
  }
  let threshold = minScore;
  let skipped = 0;
  let skippedWeight = 0;
  /** Skips through the most postings whose seeds' weight together stays below the threshold. */
  const chooseSkipped = (current: number) => {
    let best = 0;
    for (let mask = 1; mask < 1 << m; mask++) {
      if (subsetWeight[mask]! < threshold - SUM_SLACK && subsetLength[mask]! > subsetLength[best]!)
        best = mask;
    }
    // A seed walked again resumes after the sentence at hand: the ones before it are settled.
    for (let e = 0; e < m; e++)
      if (skipped & ~best & (1 << e)) {
        const list = lists[e]!;
        const p = (ptr[e] = seek(list, ptr[e]!, current + 1));
        head[e] = p < list.length ? list[p]! : END;
      }
    skipped = best;
    skippedWeight = subsetWeight[best]!;
    walkedCount = 0;
    for (let e = 0; e < m; e++) if (!(skipped & (1 << e))) walked[walkedCount++] = e;
  };
  // The first seed weighs most and is usually the rarest: scoring its few sentences first sets a
  // threshold that prunes most of the other postings from the start.
  const prescored = lists[0]!.length <= PRESCORE_MAX;
  if (prescored) {
    for (const id of lists[0]!) {
      let mask = 1;
      for (let e = 1; e < m; e++) {
        const list = lists[e]!;
        const at = seek(list, 0, id);
        if (list[at] === id) mask |= 1 << e;
      }
      keep(top, k, id, maskScore(mask, weights), mask, minScore, hashes);
    }
    if (top.length === k && top[k - 1]!.score > threshold) threshold = top[k - 1]!.score;
  }
  chooseSkipped(-1);

  for (;;) {
    // The next sentence any walked seed holds.
    let id = END;
    for (let w = 0; w < walkedCount; w++) {
      const h = head[walked[w]!]!;
      if (h < id) id = h;
    }
    if (id === END) break;
    let mask = 0;
    let bound = skippedWeight;
    for (let w = 0; w < walkedCount; w++) {
      const e = walked[w]!;
      if (head[e] !== id) continue;
      mask |= 1 << e;
      bound += weights[e]!;
      const list = lists[e]!;
      const p = ++ptr[e]!;
      head[e] = p < list.length ? list[p]! : END;
    }
    if (bound < threshold - SUM_SLACK) continue;
    // Sentences of the first seed were all offered before the walk.
    if (prescored && mask & 1) continue;
    let settled = true;
    for (let e = 0; e < m; e++) {
      if (!(skipped & (1 << e))) continue;
      ptr[e] = seek(lists[e]!, ptr[e]!, id);
      if (lists[e]![ptr[e]!] === id) mask |= 1 << e;
      else if ((bound -= weights[e]!) < threshold - SUM_SLACK) {
        // Without this seed the sentence cannot reach the threshold any more.
        settled = false;
        break;
      }
    }
    if (!settled) continue;
    if (prescored && mask & 1) continue;
    if (!keep(top, k, id, maskScore(mask, weights), mask, minScore, hashes)) continue;
    if (top.length === k && top[k - 1]!.score > threshold) {
      threshold = top[k - 1]!.score;
      chooseSkipped(id);
    }
  }
  return top.map(({ id, score }) => ({ id, score }));
}

/** Work arrays, reused by every call (one call runs at a time): most calls are cheap, allocation is not. */
const scratch = {
  /** Seeds of each sentence id, all 0 between calls. */
  masks: new Int32Array(1024),
  ptr: new Int32Array(MAX_TOP_SEEDS),
  head: new Int32Array(MAX_TOP_SEEDS),
  walked: new Int32Array(MAX_TOP_SEEDS),
  subsetWeight: new Float64Array(1 << MAX_TOP_SEEDS),
  subsetLength: new Float64Array(1 << MAX_TOP_SEEDS),
};

/** A kept sentence: its id, score and first seed. */
interface Kept {
  id: number;
  score: number;
  first: number;
}

/** The summed weight of the seeds in `mask`, added in seed order as scoring seed by seed adds them. */
function maskScore(mask: number, weights: number[]): number {
  let score = 0;
  for (let e = 0; e < weights.length; e++) if (mask & (1 << e)) score += weights[e]!;
  return score;
}

/**
 * Keeps a sentence among the best `k` (score, then first seed, then the order sentences are offered
 * in, which callers make ascending id within a first seed), unless a copy of it is kept (same hash);
 * whether it was kept.
 */
function keep(
  top: Kept[],
  k: number,
  id: number,
  score: number,
  mask: number,
  minScore: number,
  hashes?: Int32Array,
): boolean {
  if (score < minScore) return false;
  if (hashes) for (const t of top) if (hashes[t.id] === hashes[id]) return false;
  const first = 31 - Math.clz32(mask & -mask);
  let at = top.length;
  while (
    at > 0 &&
    (top[at - 1]!.score < score || (top[at - 1]!.score === score && top[at - 1]!.first > first))
  )
    at--;
  if (at >= k) return false;
  top.splice(at, 0, { id, score, first });
  if (top.length > k) top.pop();
  return true;
}

/** First index at or after `from` whose value is at least `target` (galloping, then binary search). */
function seek(list: Int32Array, from: number, target: number): number {
  if (from >= list.length || list[from]! >= target) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < list.length && list[hi]! < target) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  hi = Math.min(hi, list.length);
  // list[lo] < target, and target <= list[hi] or hi is the end.
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < target) lo = mid;
    else hi = mid;
  }
  return hi;
}
