/**
 * Alignment of a page passage with a source passage: which page words the source renders (same
 * stem, or a spelling variant), weighted by how rare each word is, and the runs of words copied
 * verbatim. Pure arithmetic over match tokens.
 */
import { lowerBound } from '../sorted';
import type { MatchToken } from '../text/words';
import { closestWord } from './close-words';
import {
  CONTENT_WEIGHT,
  type Alignment,
  type SourceIndex,
  indexSource,
  type WordPositions,
} from './source-index';
export {
  closestSimilarity,
  closestWord,
  closeWords,
  mayBeClose,
  type CloseWords,
} from './close-words';
export {
  CONTENT_WEIGHT,
  indexSource,
  passageIndex,
  stemBetween,
  wordPositions,
  type Alignment,
  type Postings,
  type SourceIndex,
  type WordPositions,
} from './source-index';

/**
 * Aligns page tokens with source tokens (or an indexed source passage, which a caller may reuse
 * across units). `closest(i)` may stand in for `closestWord` over all of the source for page token
 * `i` (same answer, remembered by the caller), and `positions` for the index's lookups of the page
 * words when read from the same index.
 */
export function align(
  page: MatchToken[],
  src: MatchToken[] | SourceIndex,
  closest?: (i: number) => [number, number],
  positions?: WordPositions,
): Alignment {
  const index = Array.isArray(src) ? indexSource(src) : src;
  const { tokens: source, stems, base } = index;
  const known = positions && positions.stems === stems ? positions : undefined;
  const end = base + source.length;
  const n = page.length;
  const sim: number[] = new Array(n);
  const at: number[] = new Array(n);
  const sourceHit = zeroed(source.length);
  let evidence = 0;
  let total = 0;
  let claimEvidence = 0;
  let claimTotal = 0;
  for (let i = 0; i < n; i++) {
    const p = page[i]!;
    let best = 0;
    let bestAt = -1;
    const id = known ? known.stemIds[i]! : (stems.ids.get(p.stem) ?? -1);
    const last = id >= 0 ? stems.start[id + 1]! : 0;
    const first = id >= 0 ? lowerBound(stems.at, base, stems.start[id]!, last) : 0;
    if (first < last && stems.at[first]! < end) {
      best = 1;
      // Prefer the occurrence that continues the previous word's alignment.
      const next = i > 0 ? at[i - 1]! + 1 : -1;
      bestAt = stems.at[first]! - base;
      for (let k = first; k < last && stems.at[k]! < end; k++) {
        if (stems.at[k]! - base === next) {
          bestAt = next;
          break;
        }
      }
    } else {
      const found = closest ? closest(i) : closestWord(p, index);
      best = found[0];
      bestAt = found[1];
    }
    sim[i] = best;
    at[i] = bestAt;
    if (p.weight >= CONTENT_WEIGHT) {
      total += p.weight;
      evidence += p.weight * best;
      if (!p.cap) {
        claimTotal += p.weight;
        // A lower-case word that renders part of a name or title on the other side ("leader" for
        // "Supreme Leader") says who, not what. A source passage's first word is capitalised anyway.
        const s = bestAt >= 0 ? source[bestAt]! : null;
        if (s && (!s.cap || bestAt === 0)) claimEvidence += p.weight * best;
      }
      if (bestAt >= 0) sourceHit[bestAt] = Math.max(sourceHit[bestAt]!, best);
    }
  }
  let sTotal = 0;
  let sHit = 0;
  for (let j = 0; j < source.length; j++) {
    const w = source[j]!.weight;
    if (w < CONTENT_WEIGHT) continue;
    sTotal += w;
    sHit += w * sourceHit[j]!;
  }
  const { run, runTokens } = runs(page, index, known);
  return {
    sim,
    at,
    evidence,
    cover: total > 0 ? evidence / total : 0,
    sourceCover: sTotal > 0 ? sHit / sTotal : 0,
    claimEvidence,
    claimCover: claimTotal > 0 ? claimEvidence / claimTotal : 0,
    run,
    runTokens,
  };
}

/**
 * Work arrays reused by every alignment (one runs at a time): a page aligns with hundreds of
 * passages, and allocating them each time costs more than the arithmetic.
 */
export const work = {
  hit: new Float64Array(256),
  len: new Int32Array(256),
  row: new Int32Array(256),
  ending: new Int32Array(256),
  inRun: new Uint8Array(256),
};

/** Room for `n` entries in every work array. */
function ensureWork(n: number): void {
  if (n <= work.hit.length) return;
  const size = Math.max(n, work.hit.length * 2);
  work.hit = new Float64Array(size);
  work.len = new Int32Array(size);
  work.row = new Int32Array(size);
  work.ending = new Int32Array(size);
  work.inRun = new Uint8Array(size);
}

/** The similarity work array, `n` entries of 0. */
function zeroed(n: number): Float64Array {
  ensureWork(n);
  return work.hit.fill(0, 0, n);
}

/** Longest common run of identical words and the page words covered by runs of 3 or more. */
export function runs(
  page: MatchToken[],
  { tokens: source, norms, base }: SourceIndex,
  known?: WordPositions,
): Pick<Alignment, 'run' | 'runTokens'> {
  // Only equal words extend a run: walk the pairs of equal words, not every pair of words.
  // len[j + 1]: length of the run ending at source word j, written in page row row[j + 1].
  const normIds = known ? (known.normIds ??= page.map((t) => norms.ids.get(t.norm) ?? -1)) : null;
  ensureWork(Math.max(source.length + 1, page.length));
  const len = work.len;
  const row = work.row.fill(-2, 0, source.length + 1);
  const longestEndingAt = work.ending.fill(0, 0, page.length);
  let bestLength = 0;
  let bestPage = 0;
  let bestSource = 0;
  for (let i = 0; i < page.length; i++) {
    const id = normIds ? normIds[i]! : (norms.ids.get(page[i]!.norm) ?? -1);
    if (id < 0) continue;
    const lo = lowerBound(norms.at, base, norms.start[id]!, norms.start[id + 1]!);
    // Right to left, so a cell written in this row is never read again in it.
    for (
      let k = lowerBound(norms.at, base + source.length, lo, norms.start[id + 1]!) - 1;
      k >= lo;
      k--
    ) {
      const j = norms.at[k]! - base;
      const run = (row[j] === i - 1 ? len[j]! : 0) + 1;
      len[j + 1] = run;
      row[j + 1] = i;
      if (run > longestEndingAt[i]!) longestEndingAt[i] = run;
      if (
        run > bestLength ||
        (run === bestLength && j - run + 1 < bestSource && i - run + 1 === bestPage)
      ) {
        bestLength = run;
        bestPage = i - run + 1;
        bestSource = j - run + 1;
      }
    }
  }
  const best = { length: bestLength, page: bestPage, source: bestSource, weight: 0 };
  for (let k = best.page; k < best.page + best.length; k++) best.weight += page[k]!.weight;
  // A token is in a long run when some run of length >= 3 covers it.
  const inRun = work.inRun.fill(0, 0, page.length);
  let runTokens = 0;
  for (let i = 0; i < page.length; i++) {
    const len = longestEndingAt[i]!;
    if (len >= 3) for (let k = i - len + 1; k <= i; k++) inRun[k] = 1;
  }
  for (let i = 0; i < page.length; i++) runTokens += inRun[i]!;
  return { run: best, runTokens };
}
