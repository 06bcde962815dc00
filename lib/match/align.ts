/**
 * Alignment of a page passage with a source passage: which page words the source renders (same
 * stem, or a spelling variant), weighted by how rare each word is, and the runs of words copied
 * verbatim. Pure arithmetic over match tokens.
 */
import { wordSenses, wordSimilarity, type MatchToken } from '../text/words';

/** Words below this weight are function words: they extend runs but are not evidence. */
export const CONTENT_WEIGHT = 0.2;

/** How a page passage aligns with a source passage. */
export interface Alignment {
  /** Similarity of each page token to its best source token, in [0, 1]. */
  sim: number[];
  /** Index (into the source tokens given) of each page token's best source token, or -1. */
  at: number[];
  /** Rarity-weighted sum of page words rendered by the source. */
  evidence: number;
  /** Share of the page passage's content weight that the source renders. */
  cover: number;
  /** Share of the source passage's content weight that the page renders. */
  sourceCover: number;
  /**
   * Evidence from words written in lower case: what is claimed rather than who is named. Shared
   * names alone do not make two sentences the same statement.
   */
  claimEvidence: number;
  /** Share of the page passage's lower-case content weight that the source renders. */
  claimCover: number;
  /** Longest run of identical consecutive words, and where it starts on each side. */
  run: { length: number; page: number; source: number; weight: number };
  /** Page tokens that sit in runs of 3 or more identical consecutive words. */
  runTokens: number;
}

/** Aligns page tokens with source tokens. */
export function align(page: MatchToken[], source: MatchToken[]): Alignment {
  const byStem = new Map<string, number[]>();
  source.forEach((t, j) => {
    const list = byStem.get(t.stem);
    if (list) list.push(j);
    else byStem.set(t.stem, [j]);
  });
  const sim: number[] = [];
  const at: number[] = [];
  const sourceHit = new Float64Array(source.length);
  let evidence = 0;
  let total = 0;
  let claimEvidence = 0;
  let claimTotal = 0;
  page.forEach((p, i) => {
    let best = 0;
    let bestAt = -1;
    const exact = byStem.get(p.stem);
    if (exact) {
      best = 1;
      // Prefer the occurrence that continues the previous word's alignment.
      const prev = at[i - 1] ?? -2;
      bestAt = exact.find((j) => j === prev + 1) ?? exact[0]!;
    } else if (p.weight >= CONTENT_WEIGHT && (p.norm.length >= 5 || wordSenses(p.norm).length > 0)) {
      // Shorter words without common senses can only match by stem (see wordSimilarity).
      source.forEach((s, j) => {
        if (s.weight < CONTENT_WEIGHT) return;
        const v = wordSimilarity(p, s);
        if (v > best) {
          best = v;
          bestAt = j;
        }
      });
    }
    sim.push(best);
    at.push(bestAt);
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
  });
  let sTotal = 0;
  let sHit = 0;
  source.forEach((s, j) => {
    if (s.weight < CONTENT_WEIGHT) return;
    sTotal += s.weight;
    sHit += s.weight * sourceHit[j]!;
  });
  const { run, runTokens } = runs(page, source);
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

/** Longest common run of identical words and the page words covered by runs of 3 or more. */
function runs(page: MatchToken[], source: MatchToken[]): Pick<Alignment, 'run' | 'runTokens'> {
  // Compare small integers, not strings, in the quadratic loop.
  const ids = new Map<string, number>();
  const idOf = (t: MatchToken) => {
    let id = ids.get(t.norm);
    if (id === undefined) ids.set(t.norm, (id = ids.size));
    return id;
  };
  const pageIds = Int32Array.from(page, idOf);
  const sourceIds = Int32Array.from(source, idOf);
  let prev = new Int32Array(source.length + 1);
  let cur = new Int32Array(source.length + 1);
  const longestEndingAt = new Int32Array(page.length);
  let best = { length: 0, page: 0, source: 0, weight: 0 };
  for (let i = 0; i < page.length; i++) {
    for (let j = 0; j < source.length; j++) {
      cur[j + 1] = pageIds[i] === sourceIds[j] ? prev[j]! + 1 : 0;
      const len = cur[j + 1]!;
      if (len > longestEndingAt[i]!) longestEndingAt[i] = len;
      if (len > best.length) best = { length: len, page: i - len + 1, source: j - len + 1, weight: 0 };
    }
    [prev, cur] = [cur, prev];
  }
  for (let k = best.page; k < best.page + best.length; k++) best.weight += page[k]!.weight;
  // A token is in a long run when some run of length >= 3 covers it.
  const inRun = new Uint8Array(page.length);
  for (let i = 0; i < page.length; i++) {
    const len = longestEndingAt[i]!;
    if (len >= 3) for (let k = i - len + 1; k <= i; k++) inRun[k] = 1;
  }
  return { run: best, runTokens: inRun.reduce((a, b) => a + b, 0) };
}
