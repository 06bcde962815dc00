import { lowerBound } from '../sorted';
import { NAME_CONNECTORS } from '../text/name-lexicon';
import type { MatchToken } from '../text/words';
import { CONTENT_WEIGHT, type Alignment } from './align';
import type { PageCache } from './page-cache';
import { namedSpeakerCredit, QUESTION_EVIDENCE, REPORTED_COVER } from './speakers';
import type { Unit, Scored } from './unit';

/**
 * The decision rules, in the order ./decide.ts tries them, each with its name, its thresholds and
 * why it exists; ./bounds.ts bounds the same thresholds before alignment, and every decided link
 * then passes the verification gates of ./gates.ts (claim content, speaker, dates, polarity).
 * Cover: share of the page passage's content weight the source renders; source cover: the same of
 * the source passage; evidence: the rarity-weighted words rendered; claim evidence and claim cover:
 * the same over words written in lower case (what is claimed, not who is named).
 */
export const RULES = {
  /** A quote (≥ 0.5 content weight, holding a claim word) the source holds word for word: verbatim. */
  quoteCopiedWhole: {
    reason: 'Every word of the quote stands in the source in order: the same utterance.',
    minContentWeight: 0.5,
  },
  /** A quote the source's quote renders nearly word for word, in order: one variant over all of it. */
  quoteReworded: {
    reason:
      'A few words swapped, trimmed or inserted: the popover shows the whole quote and what changed.',
    minCover: 0.6,
    minEvidence: 1.5,
    minInOrder: 0.75,
  },
  /** A quote retelling most of what the source reports the same speaker saying: paraphrase. */
  quoteRetold: {
    reason: 'Reported speech turned into a quote keeps the claim but changes person and wording.',
    minEvidence: 0.8,
  },
  /** A run of four or more words copied from a source quote: verbatim over the run. */
  quoteCopiedRun: {
    reason:
      'Part of a quote copied exactly; given to another speaker only when it weighs enough that no common phrase explains it.',
    minWords: 4,
    minWeight: 1,
    misattributedWeight: 3,
  },
  /** A reworded quote by the speaker the source names: variant (or paraphrase of reported speech). */
  quoteSameSpeaker: {
    reason:
      'The same speaker vouches for the link: less overlap is needed than for an unknown speaker.',
    minCover: 0.45,
    minEvidence: 0.8,
  },
  /** A reworded quote whose speaker is unknown on one side: it must render most of the quote, or much of both. */
  quoteUnknownSpeaker: {
    reason:
      'Without a speaker to agree, the words alone must carry the link: two shared words meet somewhere in any large library.',
    minWords: 3,
    minCover: 0.6,
    minEvidence: 1.5,
    orCover: 0.3,
    orSourceCover: 0.3,
    orEvidence: 3,
    orClaimEvidence: 2,
  },
  /** A narrative sentence of five words or more copied whole, holding a claim: verbatim. */
  narrativeCopiedWhole: {
    reason: 'A copied sentence; an attribution alone ("Foreign Minister X said") is no claim.',
    minWords: 5,
    minClaimWeight: 1,
  },
  /** A narrative sentence half made of copied runs: reuse. */
  narrativeCopied: {
    reason:
      'Copied with light edits: most of the sentence stands in the source in runs of three or more.',
    minRunShare: 0.5,
    minEvidence: 1.5,
    minCover: 0.5,
  },
  /** A narrative sentence that restates a source sentence: paraphrase. */
  narrativeRestated: {
    reason:
      'Both passages are largely explained by each other: the same claim in other words. Names count by their rarity in the library (`topicalEvidence`): the names a library repeats say which story, not which claim.',
    minCover: 0.3,
    minSourceCover: 0.2,
    minMeanCover: 0.32,
    minEvidence: 2.2,
  },
  /** Every kind but verbatim must share what is claimed (an event claim shares its anchoring figure). */
  claimShared: {
    reason: 'Shared names and titles say who, not what: the link must rest on claim words.',
    minClaimEvidence: 0.7,
    minClaimCover: 0.2,
  },
  /** After overlaps (./corroboration.ts): a restated claim that is a page's only link to its source. */
  loneRestatedClaim: {
    reason:
      'Another event with the same people and background meets a source in one sentence of shared words; kept only when the person the source says makes the claim is named making it on the page, or when the two passages are mostly made of each other’s words.',
    /** The mean cover of a copied sentence (`narrativeCopied.minCover`): no chance meeting of a topic's words. */
    minMeanCover: 0.5,
  },
} as const;

/**
 * Whether any rule of `decide` could link a quote to a candidate, whoever the speakers are: each
 * rule's conditions on the alignment alone, with the most a reported question can add. When none
 * holds, the quote's speaker (costly to read) does not matter.
 */
export function quoteMayLink(pageTokens: MatchToken[], s: Scored, whole: boolean): boolean {
  const { a } = s;
  const runClaim = quoteRunClaim(pageTokens, s.tokens, a.run);
  const contentWeight = pageTokens.reduce((x, t) => x + t.weight, 0);
  const total = pageTokens.reduce((x, t) => (t.weight >= CONTENT_WEIGHT ? x + t.weight : x), 0);
  const told = a.evidence + QUESTION_EVIDENCE;
  // Every kind but verbatim must share what is claimed (see the check after the rules in `decide`).
  const claimed =
    a.claimCover >= RULES.claimShared.minClaimCover &&
    a.claimEvidence + QUESTION_EVIDENCE >= RULES.claimShared.minClaimEvidence;
  return (
    (whole && contentWeight >= RULES.quoteCopiedWhole.minContentWeight && runClaim > 0) ||
    (a.run.length >= RULES.quoteCopiedRun.minWords &&
      a.run.weight >= RULES.quoteCopiedRun.minWeight &&
      runClaim > 0) ||
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
    (inQuote && a.cover >= REWORDED_COVER && a.evidence >= RULES.quoteReworded.minEvidence) ||
    (!inQuote &&
      told >= RULES.quoteRetold.minEvidence &&
      told / (total + QUESTION_EVIDENCE) >= REPORTED_COVER) ||
    (a.cover >= RULES.quoteSameSpeaker.minCover &&
      a.evidence >= RULES.quoteSameSpeaker.minEvidence) ||
    unknownSpeakerLinks(a)
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
  const r = RULES.narrativeRestated;
  return (
    cover >= r.minCover &&
    sourceCover >= r.minSourceCover &&
    (cover + sourceCover) / 2 >= r.minMeanCover &&
    evidence >= r.minEvidence
  );
}

/** `restated`, crediting the speaker the sentence names (see `namedSpeakerCredit`). */
export function restatedNaming(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
  rarity: (stem: string) => number,
): boolean {
  const named = namedSpeakerCredit(pageText, unit, pageTokens, s);
  return restated(
    named.cover,
    topicalEvidence(named.evidence, pageTokens, s, rarity),
    s.a.sourceCover,
  );
}

/**
 * Evidence of a restated claim with each shared name counted by its rarity in the library's
 * sentences (in [0, 1], see `libraryRarity`). English rarity makes every name strong evidence, yet a
 * library kept on one story names its people and places in sentence after sentence: there a shared
 * "Iran" or "Netanyahu" says which story a page is about, not which of its claims it restates. Pages
 * about the same people at other events share exactly those names.
 */
export function topicalEvidence(
  evidence: number,
  pageTokens: MatchToken[],
  s: Scored,
  rarity: (stem: string) => number,
): number {
  let common = 0;
  pageTokens.forEach((t, i) => {
    if (!t.cap || t.weight < CONTENT_WEIGHT || s.a.at[i]! < 0 || s.a.sim[i]! <= 0) return;
    common += t.weight * s.a.sim[i]! * (1 - rarity(s.tokens[s.a.at[i]!]!.stem));
  });
  return evidence - common;
}

/** Share of a page quote's content weight the source quote must render for one variant over the whole quote. */
export const REWORDED_COVER = RULES.quoteReworded.minCover;

/** Share of a page quote's words that must meet the source quote's words in the same order for it to be one reworded quote. */
export const REWORDED_IN_ORDER = RULES.quoteReworded.minInOrder;

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

/** Words copied in a row that make a verbatim quote whatever they are, unless they are one name. */
export const LONG_RUN = 5;

/**
 * The claim weight of a quote's copied run (`runClaimWeight`), or 1 for a run of `LONG_RUN` words
 * or more: a common phrase that long ("I haven't made up my mind") is the quote. Not so a long
 * name ("the Islamic Republic of Iran", "Prime Minister Benjamin Netanyahu"): it says who, not what.
 */
export function quoteRunClaim(
  page: MatchToken[],
  source: MatchToken[],
  run: Alignment['run'],
): number {
  const claim = runClaimWeight(page, source, run);
  if (claim > 0 || run.length < LONG_RUN) return claim;
  for (let k = 0; k < run.length; k++) {
    const t = source[run.source + k]!;
    if (!t.cap && !NAME_CONNECTORS.has(t.norm)) return 1;
  }
  return 0;
}

/** Claim weight a verbatim narrative sentence must carry: an attribution ("Foreign Minister X said") is no claim. */
export const NARRATIVE_CLAIM = RULES.narrativeCopiedWhole.minClaimWeight;

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

/** `quoteUnknownSpeaker`: the words alone carry a reworded quote when neither speaker can vouch. */
export function unknownSpeakerLinks(
  a: Pick<Alignment, 'cover' | 'evidence' | 'sourceCover' | 'claimEvidence'>,
): boolean {
  const r = RULES.quoteUnknownSpeaker;
  return (
    (a.cover >= r.minCover && a.evidence >= r.minEvidence) ||
    (a.cover >= r.orCover &&
      a.sourceCover >= r.orSourceCover &&
      a.evidence >= r.orEvidence &&
      a.claimEvidence >= r.orClaimEvidence)
  );
}

/** How many distinct content words of the page passage its alignment renders (a repeated word counts once). */
export function renderedWords(pageTokens: MatchToken[], a: Pick<Alignment, 'at' | 'sim'>): number {
  const stems = new Set<string>();
  pageTokens.forEach((t, i) => {
    if (t.weight >= CONTENT_WEIGHT && a.at[i]! >= 0 && a.sim[i]! > 0) stems.add(t.stem);
  });
  return stems.size;
}

/** `claimShared`: whether a link rests on what is claimed. */
export function sharesClaim(claimEvidence: number, claimCover: number): boolean {
  return (
    claimEvidence >= RULES.claimShared.minClaimEvidence &&
    claimCover >= RULES.claimShared.minClaimCover
  );
}
