/**
 * Verification gates: checks a proposed link must pass whatever proposed it. The lexical decision
 * (./decide.ts, through ./unit-match.ts) calls them on every match it decides; a meaning-model stage
 * that proposes links for the page units the lexical stages left unmatched calls `rejectLink` on
 * each proposal, so both answer to the same rules. A gate reads only the two passages' text, who
 * speaks on each side and what kind of passage each is: no alignment, no library.
 *
 * Every gate rests on general signals (word rarity from the lexicon, capitalisation, shared stems
 * and senses, speaker agreement, dates, negation), never on phrase lists fitted to pages.
 */
import { memo } from '../memo';
import { speakersAgree } from '../text/attribution';
import { hasSpeechVerb } from '../text/pronouns';
import { HONORIFICS, TITLE_HEADS } from '../text/name-lexicon';
import { findFigures, isMonthWord, isWeekdayWord } from '../text/numbers';
import { type MatchToken, matchTokens, shareSense } from '../text/words';
import { pageWords } from './page-words';
import type { MatchKind } from '../types';
import { CONTENT_WEIGHT } from './align';
import { datesConflict } from './event';

/** A link proposed between a page passage and a source passage. */
export interface ProposedLink {
  kind: MatchKind;
  /** The page passage the link would highlight. */
  pageText: string;
  /** The source passage it would point at. */
  sourceText: string;
  /** The source sentence(s) holding the source passage (reported speech is read there). */
  sourceSentence: string;
  /** The page passage is a direct quote. */
  pageIsQuote: boolean;
  /** The source passage is (inside) a direct quote. */
  sourceIsQuote: boolean;
  /** Who the page says speaks the passage, when known. */
  pageSpeaker: string | null;
  /** Who speaks the source passage, when known. */
  sourceSpeaker: string | null;
  /** The link restates an event claim anchored by a date or a count on both sides (./event.ts). */
  eventClaim: boolean;
}

/** Compares two speakers: true, false, or null when either is unknown. */
export type SpeakerAgreement = (a: string | null, b: string | null) => boolean | null;

/** Counts and amounts written as words: they size a claim's argument, they are not its content. */
const QUANTITY_WORD =
  /^(?:tens|dozens|scores|hundreds|thousands|millions|billions|dozen|hundred|thousand|million|billion|percent|half)$/u;

/**
 * Words that deny the verb they go with. Not "no" or "without": "without doubt", "no doubt" affirm.
 */
const NEGATOR = /^(?:not|never|neither|nor|cannot|t)$/u;

/**
 * Whether a word can carry a claim's content: a content word written in lower case, and not a title
 * ("envoy", "president"), a number or a quantity, a month or a weekday, or a negator. Names, titles
 * and dates say who and when; what is claimed is in the other words.
 */
export function isClaimWord(t: MatchToken): boolean {
  return (
    t.weight >= CONTENT_WEIGHT &&
    !t.cap &&
    !TITLE_HEADS.has(t.norm) &&
    !HONORIFICS.has(t.norm) &&
    !/^\d/u.test(t.norm) &&
    !isMonthWord(t.norm) &&
    !isWeekdayWord(t.norm) &&
    !QUANTITY_WORD.test(t.norm) &&
    !NEGATOR.test(t.norm)
  );
}

/**
 * The distinct claim words of `page` that `source` renders: the same stem, or a word sharing a
 * common sense (harm / damage).
 */
export function renderedClaimWords(page: MatchToken[], source: MatchToken[]): string[] {
  const stems = new Set(source.map((t) => t.stem));
  const out = new Set<string>();
  for (const p of page) {
    if (!isClaimWord(p) || out.has(p.stem)) continue;
    if (
      stems.has(p.stem) ||
      source.some((s) => s.weight >= CONTENT_WEIGHT && shareSense(p.norm, s.norm))
    )
      out.add(p.stem);
  }
  return [...out];
}

/** A negator in running text, contracted ones included (won’t, didn't) whatever the apostrophe. */
const NEGATION = /\b(?:not|never|neither|nor|cannot)\b|\p{L}n['’]t\b/iu;

/** Whether a passage denies what it states (a negator among its words). */
export function isNegated(text: string): boolean {
  return NEGATION.test(text);
}

/**
 * Whether a page quote renders what the source reports the same speaker saying: a source passage
 * outside quotes, in a sentence that reports speech, by a speaker who agrees with the page's. The
 * speaker then vouches for much of the link, and one claim word suffices.
 */
function reportsSameSpeaker(l: ProposedLink, agree: SpeakerAgreement): boolean {
  return (
    l.pageIsQuote &&
    !l.sourceIsQuote &&
    hasSpeechVerb(l.sourceSentence) &&
    agree(l.pageSpeaker, l.sourceSpeaker) === true
  );
}

/** A gate: its name, why it exists, and the test that rejects a link. */
interface Gate {
  name: string;
  reason: string;
  rejects(
    link: ProposedLink,
    page: MatchToken[],
    source: MatchToken[],
    agree: SpeakerAgreement,
  ): boolean;
}

/**
 * Weight (lexicon rarity) of a claim word outside the commonest few thousand words: copied text
 * (reuse) is its own evidence, but it must copy at least one such word, not a title and a name.
 */
const RARE_CLAIM_WEIGHT = 0.5;

/** Least claim words a reworded link must share (see the `claim-content` gate). */
const MIN_SHARED_CLAIM_WORDS = 2;

/**
 * The gates, in the order they are tried. Verbatim links are checked by the decision's own claim
 * rules (a copied run must hold claim words); every other kind passes these.
 */
export const GATES: readonly Gate[] = [
  {
    name: 'claim-content',
    reason:
      'A reworded link must rest on what is claimed: two or more of the page passage’s claim words (not names, titles, dates or amounts) rendered by the source; one when the source reports the same speaker saying it; for copied text, one rare claim word copied. Shared actors and a shared word of the topic are not the same statement.',
    rejects: (l, page, source, agree) =>
      !l.eventClaim &&
      l.kind !== 'verbatim' &&
      !(l.kind === 'reuse'
        ? renderedClaimWords(page, source).some((stem) =>
            page.some((t) => t.stem === stem && t.weight >= RARE_CLAIM_WEIGHT),
          )
        : renderedClaimWords(page, source).length >=
          (reportsSameSpeaker(l, agree) ? 1 : MIN_SHARED_CLAIM_WORDS)),
  },
  {
    name: 'event-claim-content',
    reason:
      'An event claim is anchored by its date or count, but a date and a name are no claim: the page passage must state something (two claim words) beside them.',
    rejects: (l, page) =>
      l.eventClaim &&
      l.kind !== 'verbatim' &&
      page.filter(isClaimWord).length < MIN_SHARED_CLAIM_WORDS,
  },
  {
    name: 'reported-by-another',
    reason:
      'A page quote renders a source passage that reports speech only when the source reports the same speaker: another speaker saying something alike is another statement.',
    rejects: (l, _page, _source, agree) =>
      l.pageIsQuote &&
      !l.sourceIsQuote &&
      l.kind !== 'verbatim' &&
      hasSpeechVerb(l.sourceSentence) &&
      agree(l.pageSpeaker, l.sourceSpeaker) !== true,
  },
  {
    name: 'speaker',
    reason: 'A quote given to one speaker is not another speaker’s quote.',
    rejects: (l, _page, _source, agree) =>
      l.pageIsQuote &&
      l.sourceIsQuote &&
      l.kind !== 'verbatim' &&
      agree(l.pageSpeaker, l.sourceSpeaker) === false,
  },
  {
    name: 'dates',
    reason: 'A claim about another day is another event, whatever words it shares.',
    rejects: (l) =>
      l.kind !== 'verbatim' &&
      datesConflict(findFigures(l.pageText), findFigures(l.sourceSentence)),
  },
  {
    name: 'polarity',
    reason:
      'A statement that denies what the other asserts states the opposite claim. A question is left alone: a rhetorical one (“How can we trust them?”) denies without a negator.',
    rejects: (l) =>
      l.kind !== 'verbatim' &&
      !l.pageText.includes('?') &&
      !l.sourceSentence.includes('?') &&
      isNegated(l.pageText) !== isNegated(l.sourceText),
  },
];

/**
 * The name of the first gate that rejects a proposed link, or null when it passes them all.
 * `agree` compares speakers (default: `speakersAgree`; the matcher passes its per-page memo of it).
 */
export function rejectLink(
  link: ProposedLink,
  agree: SpeakerAgreement = speakersAgree,
): string | null {
  const page = pagePassageWords(link.pageText);
  const source = sourcePassageWords(link.sourceText);
  for (const g of GATES) if (g.rejects(link, page, source, agree)) return g.name;
  return null;
}

/**
 * The words of passages the gates read lately, by text (the gates only read them): a unit's
 * candidates propose links over the same page passage, and pages meet the same source passages.
 */
const pagePassageWords = memo(pageWords, 500);
const sourcePassageWords = memo((text: string) => matchTokens(text), 500);
