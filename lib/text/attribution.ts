/**
 * Who said it: the person or organisation a quote or a reported-speech sentence is attributed to.
 *
 * English news register only. A speaker is a capitalised name run, never joined across a sentence
 * boundary, that the text itself shows to be a person or an organisation and not a place:
 * - a person: a title or honorific before the name (Foreign Minister, Ayatollah, Mr), or a name of
 *   rare words that the text never uses as a place;
 * - an organisation: a head noun (Ministry, Commission, Group), kept whole ("Commission for Shared
 *   River Basins");
 * - a place: a name after a locative preposition (in, at), before a place noun ("… province"), in a
 *   dateline, or the root of a demonym the text uses (Belvoria / Belvorian). Demonyms, initialisms
 *   and bare titles are never speakers.
 * Attribution patterns: “…,” X said / said X / X said: “…” / according to X / X, who …, said /
 * participles and coordinated verbs that share the sentence's subject / “…,” she said with the
 * pronoun resolved to the last person who was the subject of a recent sentence (gender-checked) /
 * “…,” it said resolved to the last organisation / “…,” the minister said resolved by title /
 * a Foreign Ministry official said → the ministry / an unattributed quote that continues the
 * previous one / a speech-dash line / reported speech ("X said in a statement that …").
 * Text in another language gets no speaker rather than a guess. Everything is computed from the
 * text; a per-text analysis is cached (a few texts), so the many quotes of one page or source cost
 * one pass.
 */
import { HONORIFICS, ORG_HEADS, TITLE_HEADS } from './name-lexicon';
import { isWeekdayWord } from './numbers';
import type { TextRange } from './segment';
import { isListedWord, sameSpelling, wordWeight } from './words';
import { docFor } from './name-runs';
import { speakerIn, firstSpeechVerb, hasSpeechVerb } from './pronouns';
import { BETWEEN_SUBJECT_AND_VERB, SUBJECT_NOT_NAMES } from './speech-words';
export {
  analysed,
  forgetTextAnalyses,
  textQuotes,
  textSentences,
  withTextAside,
} from './name-runs';

/**
 * Whether a clause opens by reporting speech ("stating that …", "adding that …", "warning that …"):
 * what follows is someone's words, told in other words.
 */
export function opensReportedSpeech(clause: string): boolean {
  const m = /^\W*(\p{L}+)\s+that\b/u.exec(clause);
  if (!m) return false;
  const found = firstSpeechVerb(m[1]!);
  return found !== null && found[0].length === m[1]!.length;
}

/**
 * The speaker of the passage `[start, end)` (a quote or a reported-speech sentence) inside its
 * sentence `[sentStart, sentEnd)`, or null. Pronouns and descriptions ("the minister") resolve to
 * a named person or organisation earlier in `text`.
 */
export function findSpeaker(
  text: string,
  start: number,
  end: number,
  sentStart: number,
  sentEnd: number,
  /** Without a verb of speech, fall back to the sentence's named subject (right for quotes, not for narrative). */
  subjectFallback = true,
): string | null {
  if (start < 0 || end > text.length || start > end) return null;
  // Most narrative sentences report no one: no need to analyse the text for them.
  if (
    !subjectFallback &&
    !hasSpeechVerb(
      text.slice(Math.max(0, sentStart), Math.min(text.length, Math.max(sentEnd, end))),
    )
  )
    return null;
  const doc = docFor(text);
  if (!doc.english) return null;
  return speakerIn(
    doc,
    start,
    end,
    Math.max(0, sentStart),
    Math.min(text.length, sentEnd),
    subjectFallback,
  );
}

/**
 * Who a narrative sentence is about when it opens with a name ("President Donald Trump announced …",
 * "The Iranian leader urged …"): the capitalised words before its first lower-case word (after an opening adverb: "Meanwhile, …"), or null when
 * it opens otherwise ("The minister, whose …", "He offered …"). Two restatements of one claim have the
 * same subject; this is how the matcher tells "Netanyahu urged Trump" from "the Iranian leader urged Trump".
 */
export function sentenceSubject(text: string, start: number, end: number): string | null {
  // A name with a relative clause after it ("Belvoria, which relies on …, has accused …") is the subject.
  const appositive =
    /^\s*(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*),\s+(?:which|who|whose)\s[^,]{1,100},\s+\p{Ll}/u.exec(
      text.slice(start, Math.min(end, start + 160)),
    );
  if (
    appositive &&
    !/['’]s$/u.test(appositive[1]!) &&
    !SUBJECT_NOT_NAMES.has(appositive[1]!.split(/\s+/)[0]!) &&
    isPersonLike(appositive[1]!)
  )
    return appositive[1]!;
  const m =
    /^\s*(?:\p{L}+,\s+)?(?:(?:The|A|An|the|a|an)\s+)?(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)(\s+\p{Ll})/u.exec(
      text.slice(start, Math.min(end, start + 120)),
    );
  if (!m) return null;
  // A title in lower case may stand between a capitalised word and the name ("Harbour master Ilse
  // Vandermeer has …"): the name is the subject.
  const titled =
    /^\s*(?:\p{L}+,\s+)?(?:(?:The|A|An|the|a|an)\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Ll}+){1,2}\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)+)\s+\p{Ll}/u.exec(
      text.slice(start, Math.min(end, start + 120)),
    );
  const name =
    titled && isPersonLike(titled[1]!) && !/['’]s$/u.test(titled[1]!) ? titled[1]! : m[1]!;
  // A participle opening the sentence ("Emphasizing that …", "Citing a senior official, …") is no name.
  if (/^\p{Lu}\p{Ll}+ing$/u.test(name)) {
    const base = name.toLowerCase().slice(0, -3);
    if (isListedWord(base) || isListedWord(`${base}e`) || isListedWord(name.toLowerCase()))
      return null;
  }
  if (/['’]s$/u.test(name) || SUBJECT_NOT_NAMES.has(name.split(/\s+/)[0]!)) return null;
  return isPersonLike(name) ? name : null;
}

/**
 * Who a narrative passage `[start, end)` of the sentence `sentence` says speaks or acts, for the
 * reader: the speaker of its reported speech ("…, stating that …", "according to …", a pronoun
 * resolved), else the sentence's named subject (also after an opening adverbial: "On June 20, 2025,
 * Iran's Supreme Leader … delivered …") unless a verb of speech in the sentence may be someone
 * else's. Display only: matching reads subjects with `sentenceSubject`.
 */
export function narrativeSpeaker(
  text: string,
  sentence: TextRange,
  start: number,
  end: number,
): string | null {
  const reported = findSpeaker(text, start, end, sentence.start, sentence.end, false);
  if (reported) return reported;
  const verb = firstSpeechVerb(text.slice(sentence.start, sentence.end));
  let from = sentence.start;
  for (let tries = 0; tries < 3 && from < sentence.end; tries++) {
    const who = sentenceSubject(text, from, sentence.end);
    if (who) {
      // One capitalised English word opening a sentence ("Engineers opened …", "Provincial officials
      // …") is more likely a common word than a name: better unknown than a wrong speaker.
      if (!/\s/.test(who) && isListedWord(who.toLowerCase())) return null;
      if (!verb) return who;
      // With a verb of speech, the subject speaks only when that verb is its own ("Pezeshkian told
      // …", "Orlek on Saturday said …"); after a comma or a noun it may be someone else's ("Iran
      // would accept …, the Times reported").
      const at = text.indexOf(who, from);
      const between =
        at < 0
          ? [',']
          : text
              .slice(at + who.length, sentence.start + verb.index)
              .trim()
              .split(/\s+/)
              .filter(Boolean);
      // A day may stand there too ("Orlek on Saturday said").
      return between.every(
        (w) =>
          BETWEEN_SUBJECT_AND_VERB.has(w) ||
          isWeekdayWord(w.toLowerCase()) ||
          w === 'today' ||
          w === 'yesterday',
      )
        ? who
        : null;
    }
    // An opening adverbial ends at a comma within its first few words.
    const comma = text.indexOf(',', from);
    if (comma < 0 || comma >= sentence.end || comma - from > 60) break;
    from = comma + 1;
  }
  return null;
}

/** A name that could be a person: it holds a word that is rare in general English (a proper name). */
function isPersonLike(name: string): boolean {
  // Initialisms (U.S., UN) name countries and bodies, not speakers.
  return name
    .split(/\s+/)
    .some(
      (w) => /^\p{Lu}\p{Ll}/u.test(w) && wordWeight(w.toLowerCase().replace(/['’]s$/, '')) >= 0.7,
    );
}

/** Words of a speaker name that identify it: no titles, articles or connectors. */
function identifyingWords(s: string): { rare: string[]; all: string[] } {
  const all = s
    .toLowerCase()
    .split(/[\s.]+/)
    .map((w) => w.replace(/['’]s$/, ''))
    .filter(
      (w) =>
        w.length >= 2 &&
        !TITLE_HEADS.has(w) &&
        !HONORIFICS.has(w) &&
        !['the', 'of', 'for', 'and'].includes(w),
    );
  // A head noun (Ministry, Commission) says what kind of body speaks, not which one.
  return {
    rare: all.filter((w) => w.length >= 3 && wordWeight(w) >= 0.7 && !ORG_HEADS.has(w)),
    all,
  };
}

/**
 * Whether two speaker names can be the same person or body: they share a rare word (Khamenei /
 * Ayatollah Ali Khamenei), however transliterated; names of common words (organisations) agree when
 * one's words are all in the other ("Commission" / "Commission for Shared River Basins"). Null on
 * either side is unknown, not a disagreement.
 */
export function speakersAgree(a: string | null, b: string | null): boolean | null {
  if (!a || !b) return null;
  const wa = identifyingWords(a);
  const wb = identifyingWords(b);
  // Transliterated names are spelt several ways (Pezeshkian / Pezeschkian).
  if (wb.rare.some((w) => wa.rare.some((v) => sameSpelling(v, w)))) return true;
  if (wa.rare.length > 0 && wb.rare.length > 0) return false;
  const [short, long] = wa.all.length <= wb.all.length ? [wa.all, wb.all] : [wb.all, wa.all];
  return short.length > 0 && short.every((w) => long.includes(w));
}
