import { lowerBound } from '../sorted';
import type { MatchToken } from '../text/words';
import { CONTENT_WEIGHT, type Alignment } from './align';
import type { PageCache } from './page-cache';
import { namedSpeakerCredit, QUESTION_EVIDENCE, REPORTED_COVER } from './speakers';
import type { Unit, Scored } from './unit';

/**
 * Whether any rule of `decide` could link a quote to a candidate, whoever the speakers are: each
 * rule's conditions on the alignment alone, with the most a reported question can add. When none
 * holds, the quote's speaker (costly to read) does not matter.
 */
export function quoteMayLink(pageTokens: MatchToken[], s: Scored, whole: boolean): boolean {
  const { a } = s;
  const runClaim = a.run.length >= LONG_RUN ? 1 : runClaimWeight(pageTokens, s.tokens, a.run);
  const contentWeight = pageTokens.reduce((x, t) => x + t.weight, 0);
  const total = pageTokens.reduce((x, t) => (t.weight >= CONTENT_WEIGHT ? x + t.weight : x), 0);
  const told = a.evidence + QUESTION_EVIDENCE;
  // Every kind but verbatim must share what is claimed (see the check after the rules in `decide`).
  const claimed = a.claimCover >= 0.2 && a.claimEvidence + QUESTION_EVIDENCE >= 0.7;
  return (
    (whole && contentWeight >= 0.5 && runClaim > 0) ||
    (a.run.length >= 4 && a.run.weight >= 1 && runClaim > 0) ||
    (claimed && mayLinkReworded(a, s.inQuote, told, total))
  );
}

/** The alignment conditions of `decide`'s non-verbatim rules for quotes, whoever the speakers are. */
export function mayLinkReworded(
  a: Pick<Alignment, 'cover' | 'evidence' | 'sourceCover' | 'claimEvidence'>,
  inQuote: boolean,
  told: number,
  total: number,
): boolean {
  return (
    (inQuote && a.cover >= REWORDED_COVER && a.evidence >= 1.5) ||
    (!inQuote && told >= 0.8 && told / (total + QUESTION_EVIDENCE) >= REPORTED_COVER) ||
    (a.cover >= 0.45 && a.evidence >= 0.8) ||
    (a.cover >= 0.6 && a.evidence >= 1.5) ||
    (a.cover >= 0.3 && a.sourceCover >= 0.3 && a.evidence >= 3 && a.claimEvidence >= 2)
  );
}

/** Evidence below which no narrative kind is decided (a verbatim sentence needs a claim weight of 1). */
export const MIN_EVIDENCE = 1;

/** Words copied in a row beyond which a quote is the source's quote whoever the page says spoke it. */
export const MISATTRIBUTED_RUN = 12;

/**
 * Whether a narrative unit's subject and who speaks in the candidate's source sentence (its reported
 * speaker, else its subject) are two different people. The source's subject is read only when the
 * unit names one: without it nothing can disagree.
 */
export function subjectsDisagree(
  pageText: string,
  unit: Unit,
  s: Scored,
  cache: PageCache,
): boolean {
  const subject = cache.subject(pageText, unit.start, unit.end);
  if (!subject) return false;
  const sentence = s.prepared.sentences[s.from]!;
  return (
    cache.agree(
      subject,
      s.sentenceSpeaker ?? cache.subject(s.prepared.source.text, sentence.start, sentence.end),
    ) === false
  );
}

/** Whether a narrative sentence restates a source sentence by how much of each the alignment explains. */
export function restated(cover: number, evidence: number, sourceCover: number): boolean {
  return cover >= 0.3 && sourceCover >= 0.2 && (cover + sourceCover) / 2 >= 0.32 && evidence >= 2.2;
}

/** `restated`, crediting the speaker the sentence names (see `namedSpeakerCredit`). */
export function restatedNaming(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
): boolean {
  const named = namedSpeakerCredit(pageText, unit, pageTokens, s);
  return restated(named.cover, named.evidence, s.a.sourceCover);
}

/** Share of a page quote's content weight the source quote must render for one variant over the whole quote. */
export const REWORDED_COVER = 0.6;

/** Share of a page quote's words that must meet the source quote's words in the same order for it to be one reworded quote. */
export const REWORDED_IN_ORDER = 0.75;

/**
 * Share of the page words that the source renders in the same order (the longest run of aligned
 * words whose source positions increase): high when a quote is the source's quote with a few words
 * swapped, trimmed or inserted, low when only a stretch of it comes from the source.
 */
export function inOrderShare(a: Alignment): number {
  // Patience method: tails[k] is the smallest source position ending an increasing sequence of length k + 1.
  const tails: number[] = [];
  a.at.forEach((j, i) => {
    if (j < 0 || a.sim[i]! <= 0) return;
    tails[lowerBound(tails, j)] = j;
  });
  return a.at.length > 0 ? tails.length / a.at.length : 0;
}

/** Words copied in a row that make a verbatim quote whatever they are. */
export const LONG_RUN = 5;

/** Claim weight a verbatim narrative sentence must carry: an attribution ("Foreign Minister X said") is no claim. */
export const NARRATIVE_CLAIM = 1;

/**
 * Weight of the content words of a verbatim run that the source writes in lower case: what is
 * claimed. Words of a name or a title in the source ("Maren Oskelund", "Foreign Minister") say who,
 * not what, however the page writes them.
 */
export function runClaimWeight(
  page: MatchToken[],
  source: MatchToken[],
  run: Alignment['run'],
): number {
  let w = 0;
  for (let k = 0; k < run.length; k++) {
    const p = page[run.page + k]!;
    const s = source[run.source + k]!;
    // A passage's first word is capitalised anyway: there the page's spelling tells a name from a word.
    if (p.weight >= CONTENT_WEIGHT && (!s.cap || (run.source + k === 0 && !p.cap))) w += p.weight;
  }
  return w;
}
