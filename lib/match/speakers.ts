/**
 * Who speaks in the source: the speaker each sentence reports (pronouns resolved), how much a page
 * quote renders a sentence that reports the same speaker, and the credit a page's naming of that
 * speaker earns a restated claim.
 */
import type { PreparedSource } from '../library';
import { findSpeaker, sentenceSubject, speakersAgree } from '../text/attribution';
import type { MatchToken } from '../text/words';
import { CONTENT_WEIGHT } from './align';
import type { Unit, Scored } from './unit';

/** Share of a page quote's content weight that a source sentence reporting the same speaker must render. */
export const REPORTED_COVER = 0.35;

/** Content words a quote must share with the sentence that reports it (names, synonyms and spellings count). */
const REPORTED_SHARED = 3;

/** Evidence that a quoted question and a sentence reporting a question or a doubt ask the same thing. */
export const QUESTION_EVIDENCE = 0.5;

/**
 * English verbs and nouns that report a question or a doubt ("questioned how", "expressed doubts
 * about whether", "asked why"): a general list of the register, like the verbs of speech.
 */
export const REPORTED_QUESTION =
  /\b(?:question(?:s|ed|ing)?|ask(?:s|ed|ing)?|wonder(?:s|ed|ing)?|doubt(?:s|ed|ing|ful)?|skeptical|sceptical|unsure|uncertain)\b/iu;

/**
 * A page quote measured against a source sentence that reports the same speaker: its alignment's
 * cover and evidence, plus a question's evidence when the quote asks one and the source reports a
 * question or a doubt. Null when the source sentence reports no one.
 */
export function reportedSpeech(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
): { cover: number; evidence: number; claimEvidence: number } | null {
  if (!s.sentenceSpeaker) return null;
  const src = s.prepared.source.text;
  const sents = s.prepared.sentences;
  const asks =
    pageText.slice(unit.start, Math.min(pageText.length, unit.end + 1)).includes('?') &&
    REPORTED_QUESTION.test(src.slice(sents[s.from]!.start, sents[s.to]!.end));
  const bonus = asks ? QUESTION_EVIDENCE : 0;
  const total = pageTokens.reduce((x, t) => (t.weight >= CONTENT_WEIGHT ? x + t.weight : x), 0);
  // Two shared words ("peace", "region") are what a speaker says on any day; a retelling shares more.
  const shared = new Set(
    pageTokens
      .filter((t, i) => t.weight >= CONTENT_WEIGHT && s.a.at[i]! >= 0 && s.a.sim[i]! > 0)
      .map((t) => t.stem),
  );
  if (shared.size < REPORTED_SHARED) return { cover: 0, evidence: 0, claimEvidence: 0 };
  const evidence = s.a.evidence + bonus;
  return {
    cover: total + bonus > 0 ? evidence / (total + bonus) : 0,
    evidence,
    claimEvidence: s.a.claimEvidence + bonus,
  };
}

/** Opening words of a sentence whose subject is a pronoun ("He questioned …", "In an interview, she said …"). */
const PRONOUN_SUBJECT = /^(?:[^,]{0,60},\s+)?(?:he|she)\b/iu;

const reportingCache = new WeakMap<PreparedSource, (string | null)[]>();

/**
 * Who each sentence of a source reports: the speaker of its reported speech, else its named subject
 * ("Pezeshkian directly blamed …"), else, when it opens with he or she ("He questioned how …"), the
 * one the sentences before it report. Worked out once per prepared source.
 */
export function reportingSpeakers(prepared: PreparedSource): (string | null)[] {
  let out = reportingCache.get(prepared);
  if (out) return out;
  const text = prepared.source.text;
  out = [];
  for (let k = 0; k < prepared.sentences.length; k++) {
    const s = prepared.sentences[k]!;
    let who = prepared.sentenceSpeakers[k] ?? sentenceSubject(text, s.start, s.end);
    if (PRONOUN_SUBJECT.test(text.slice(s.start, Math.min(s.end, s.start + 80)))) {
      // A pronoun subject speaks for the last sentence's subject, even when attribution found a nearer name.
      for (let j = k - 1; j >= Math.max(0, k - 3) && (j === k - 1 || !who); j--) {
        if (out[j]) {
          who = out[j]!;
          break;
        }
      }
    }
    out.push(who ?? null);
  }
  reportingCache.set(prepared, out);
  return out;
}

/**
 * The alignment's cover and evidence of a narrative sentence, crediting the speaker it names when the
 * source sentence reports the same one under another name or a pronoun ("Iranian President Masoud
 * Pezeshkian claimed that …" for "he also accused …"): the name renders the source's subject, which
 * the word alignment cannot see.
 */
export function namedSpeakerCredit(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
): { cover: number; evidence: number } {
  const plain = { cover: s.a.cover, evidence: s.a.evidence };
  if (!s.sentenceSpeaker || s.a.cover === 0) return plain;
  const who =
    findSpeaker(pageText, unit.start, unit.end, unit.start, unit.end, false) ??
    sentenceSubject(pageText, unit.start, unit.end);
  if (!who || speakersAgree(who, s.sentenceSpeaker) !== true) return plain;
  const at = pageText.indexOf(who, unit.start);
  if (at < 0 || at >= unit.end) return plain;
  const total = s.a.evidence / s.a.cover;
  let evidence = s.a.evidence;
  pageTokens.forEach((t, i) => {
    if (t.weight >= CONTENT_WEIGHT && t.start >= at && t.end <= at + who.length)
      evidence += t.weight * (1 - s.a.sim[i]!);
  });
  return { cover: total > 0 ? evidence / total : 0, evidence };
}
