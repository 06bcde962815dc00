/**
 * Between candidates and alignment: a cheap upper bound on what aligning a unit with a candidate can
 * reach, so that a candidate no decision rule could link (./rules.ts) is never aligned.
 */
import type { PreparedSource } from '../library';
import { lowerBound } from '../sorted';
import { isMonthWord } from '../text/numbers';
import type { MatchToken } from '../text/words';
import { closestSimilarity, CONTENT_WEIGHT } from './align';
import type { UnitInSource } from './page-cache';
import { QUESTION_EVIDENCE, reportingSpeakers } from './speakers';
import { mayLinkReworded, RULES, sharesClaim } from './rules';

/** Per source words array: 1 for each sentence holding a figure, 2 for one without, 0 not yet known. */
const figureSentences = new WeakMap<MatchToken[], Uint8Array>();

/**
 * Whether a source sentence holds a digit or a month name: a cheap test before an event-claim
 * alignment, remembered per library (every unit with a figure asks it of the same candidates).
 */
export function sentenceHasFigure(prepared: PreparedSource, k: number): boolean {
  const words = prepared.words;
  let known = figureSentences.get(words);
  if (!known) figureSentences.set(words, (known = new Uint8Array(prepared.sentences.length)));
  if (known[k] === 0) {
    const s = prepared.sentences[k]!;
    known[k] = 2;
    for (let i = s.tokFrom; i < s.tokTo; i++) {
      const norm = words[i]!.norm;
      if (/^\d/.test(norm) || isMonthWord(norm)) {
        known[k] = 1;
        break;
      }
    }
  }
  return known[k] === 1;
}

/**
 * Whether a figure may stand in sentences k - 1 to k + 1 of a source, or in any stretch of them: every
 * figure holds a digit or a month name, and one without a digit ("late June", "in June") opens its
 * month name after a space or a hyphen (see lib/text/numbers.ts). Without one, no passage a candidate
 * may align with there gives an event claim.
 */
export function mayHoldFigure(prepared: PreparedSource, k: number): boolean {
  // Remembered per source (every unit with a figure asks it of the same candidates, page after page).
  const words = prepared.words;
  let known = figureNeighbourhoods.get(words);
  if (!known) figureNeighbourhoods.set(words, (known = new Uint8Array(prepared.sentences.length)));
  if (known[k] === 0) {
    const sents = prepared.sentences;
    const from = sents[Math.max(0, k - 1)]!.tokFrom;
    const to = sents[Math.min(sents.length - 1, k + 1)]!.tokTo;
    known[k] =
      to > from &&
      FIGURE_SIGN.test(prepared.source.text.slice(words[from]!.start, words[to - 1]!.end))
        ? 1
        : 2;
  }
  return known[k] === 1;
}

/** Per source words array: 1 for each sentence whose neighbourhood may hold a figure (see `mayHoldFigure`), 2 for one that cannot, 0 not yet known. */
const figureNeighbourhoods = new WeakMap<MatchToken[], Uint8Array>();

/** A digit, or a month name's first letters after a space or a hyphen. */
const FIGURE_SIGN = /\d|[\s-](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;

/** Whether candidates are bounded before alignment (see `unlinkable`); off only in the test that checks the bound is sound. */
export let bounding = true;

/**
 * Turns the candidate bound off or on. The bound repeats `decide`'s thresholds in another form, so a
 * test matches pages both ways and requires the same matches: a rule changed in one place and not
 * the other shows there, not as matches silently lost.
 */
export function setCandidateBound(on: boolean): void {
  bounding = on;
}

/** Slack added to a bound before it meets a rule's threshold: the bound's sums may round otherwise. */
const BOUND_SLACK = 1e-9;

/**
 * The most any alignment `scoreCandidate` may settle on for candidate sentence `k` can reach, before
 * it is aligned. Every such alignment (the sentence, widened to one neighbour or both, or a source
 * quote inside the sentence) renders each page word at most as well as the best word of sentences
 * k - 1 to k + 1: 1 for a shared stem, else its closest word there. Summed in the same order (and
 * with slack for rounding), those bound evidence, cover and claim evidence, and words copied in a
 * row must each share a stem there.
 */
export interface AlignmentBound {
  evidence: number;
  total: number;
  claimEvidence: number;
  claimTotal: number;
  /** The weight of the words that share a stem with sentence k itself (see `unlinkable`). */
  floor: number;
  /** The longest stretch of page words that share stems. */
  longestInRow: number;
  /** Page words in stretches of 3 or more that share stems: a bound on the words in copied runs of 3 or more. */
  inLongRows: number;
}

/** The bound of a unit's alignments with candidate sentence `k` (see `AlignmentBound`). */
export function alignmentBound(
  tokens: MatchToken[],
  prepared: PreparedSource,
  k: number,
  seen: UnitInSource,
): AlignmentBound {
  const sents = prepared.sentences;
  const lo = Math.max(0, k - 1);
  const hi = Math.min(sents.length - 1, k + 1);
  const from = sents[lo]!.tokFrom;
  const to = sents[hi]!.tokTo;
  const own = sents[k]!;
  let evidence = 0;
  let total = 0;
  let claimEvidence = 0;
  let claimTotal = 0;
  let floor = 0;
  let inRow = 0;
  let longestInRow = 0;
  let inLongRows = 0;
  // Where each word's stem stands in the source (as `stemBetween` reads it, here inline: this runs
  // for every word of every candidate).
  const { stemIds, stems } = seen.positions;
  const { start, at } = stems;
  for (let i = 0; i < tokens.length; i++) {
    const p = tokens[i]!;
    const id = stemIds[i]!;
    // The stem's first position from the neighbourhood's start, when it stands inside it.
    let first = -1;
    if (id >= 0) {
      const k = lowerBound(at, from, start[id]!, start[id + 1]!);
      if (k < start[id + 1]! && at[k]! < to) first = k;
    }
    const shared = first >= 0;
    inRow = shared ? inRow + 1 : 0;
    if (inRow > longestInRow) longestInRow = inRow;
    inLongRows += inRow === 3 ? 3 : inRow > 3 ? 1 : 0;
    if (p.weight < CONTENT_WEIGHT) continue;
    const close = shared ? null : seen.close(i);
    const best = shared ? 1 : close ? closestSimilarity(close, from, to) : 0;
    total += p.weight;
    evidence += p.weight * best;
    if (!p.cap) {
      claimTotal += p.weight;
      claimEvidence += p.weight * best;
    }
    if (shared) {
      const k = lowerBound(at, own.tokFrom, first, start[id + 1]!);
      if (k < start[id + 1]! && at[k]! < own.tokTo) floor += p.weight;
    }
  }
  return {
    evidence: evidence + BOUND_SLACK,
    total,
    claimEvidence: claimEvidence + BOUND_SLACK,
    claimTotal,
    floor,
    longestInRow,
    inLongRows,
  };
}

/**
 * Whether no rule of `decide` can link a unit of `words` words to candidate sentence `k` with
 * alignments within bound `b`, when no event claim can (the page passage or the source's sentences
 * hold no figure to anchor one, or only a date anchors it and `b` leaves too little room for the
 * predicate words a dated claim shares): the least evidence its alignment would have when none can,
 * else null.
 *
 * A narrative unit must be copied whole or share what is claimed (the check after the rules in
 * `decide`); a quote must meet one of the ways of `quoteMayLink`. The least evidence: the words that
 * share a stem with sentence k itself, which every alignment keeps but a quote target, kept only
 * when it has 0.8 of the sentence's evidence (see `quoteTarget`).
 */
export function unlinkable(
  b: AlignmentBound,
  words: number,
  prepared: PreparedSource,
  k: number,
  quote: boolean,
): number | null {
  const { evidence, total, claimEvidence, claimTotal, floor, longestInRow, inLongRows } = b;
  // Copied whole.
  if (longestInRow === words) return null;
  const claimCover = claimTotal > 0 ? claimEvidence / claimTotal : 0;
  const cover = total > 0 ? evidence / total : 0;
  if (!quote) {
    // Reuse, a restated claim, or one restated by naming the source sentence's speaker (who must be known).
    const speakers = reportingSpeakers(prepared);
    const named = (k > 0 && speakers[k - 1] != null) || speakers[k] != null;
    const rule =
      (inLongRows / words >= RULES.narrativeCopied.minRunShare &&
        evidence >= RULES.narrativeCopied.minEvidence &&
        cover >= RULES.narrativeCopied.minCover) ||
      (cover >= RULES.narrativeRestated.minCover &&
        evidence >= RULES.narrativeRestated.minEvidence) ||
      named;
    return rule && sharesClaim(claimEvidence, claimCover) ? null : 0.8 * floor;
  }
  if (longestInRow >= RULES.quoteCopiedRun.minWords) return null;
  const a = { cover, evidence, sourceCover: 1, claimEvidence };
  const told = evidence + QUESTION_EVIDENCE;
  const claimed = sharesClaim(claimEvidence + QUESTION_EVIDENCE, claimCover);
  return claimed &&
    (mayLinkReworded(a, true, told, total) || mayLinkReworded(a, false, told, total))
    ? null
    : 0.8 * floor;
}

/**
 * The highest rank (see `matchUnitTokens`) a match with alignments within bound `b` can have: a
 * score of at most 1 plus its claim evidence times the mean of its cover and a source cover of at most 1.
 */
export function rankBound(b: AlignmentBound): number {
  const cover = b.total > 0 ? b.evidence / b.total : 0;
  return 1 + b.claimEvidence * ((cover + 1) / 2) + BOUND_SLACK;
}
