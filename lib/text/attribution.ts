/**
 * Who said it: finds the speaker a passage is attributed to ("…," Khamenei said / said Khamenei /
 * according to Pezeshkian / he told reporters, with a pronoun resolved to the last named speaker or
 * person). Works on plain text with offsets; English attribution patterns only.
 */
import { sameSpelling, wordWeight } from './words';

/** Verbs of speech in news copy (a general list of the register, not of any story). */
const SPEECH_VERB =
  /\b(?:said|says|say|told|tells|stated|states|added|adds|warned|warns|declared|asserted|claimed|claims|continued|replied|noted|explained|insisted|wrote|posted|tweeted|announced|argued|confirmed|cautioned|emphasi[sz]ed|stressed|urged|responded|answered|remarked|maintained|acknowledged|complained|conceded|admitted|according to|stating|saying|adding|warning|claiming|calling|describing|telling)\b/giu;

const PRONOUN = /^(?:he|she|they|him|her)$/i;

/** A name followed by a verb of speech, possibly after a comma clause or an adverb. */
const SPEAKS_AFTER = /^['’]?s?\s*(?:\p{Ll}+\s+)?(?:said|says|told|tells|stated|added|warned|declared|asserted|claimed|replied|noted|explained|insisted|wrote|announced|argued|confirmed|urged|responded|answered)\b/u;

/** Capitalised words that start sentences or name no one. */
const NOT_NAMES = new Set(
  'The A An But And It He She They We I In On At This That If When While As After Before Since Despite However Meanwhile According Asked Speaking Yes No Of Or'.split(
    ' ',
  ),
);

/** A capitalised name: one or more capitalised words, with particles (bin, al-, de, van). */
const NAME = /\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:bin|al|de|van|von|da|di|du|le|la|el|ibn)\s+)?\p{Lu}[\p{L}'’.-]*)*/gu;

interface NameAt {
  name: string;
  start: number;
  end: number;
}

/** Capitalised name runs in a stretch of text, minus leading words that only start sentences. */
function namesIn(text: string, from: number, to: number): NameAt[] {
  const out: NameAt[] = [];
  const slice = text.slice(from, to);
  NAME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME.exec(slice)) !== null) {
    let words = m[0].split(/\s+/);
    let offset = m.index;
    while (words.length > 0 && NOT_NAMES.has(words[0]!)) {
      offset += words[0]!.length + 1;
      words = words.slice(1);
    }
    if (words.length === 0) continue;
    const name = words.join(' ').replace(/(?:['’]s|[.'’])$/u, '');
    out.push({ name, start: from + offset, end: from + offset + name.length });
  }
  return out;
}

/**
 * The speaker of the passage `[start, end)` (a quote or a reported-speech sentence) inside its
 * sentence `[sentStart, sentEnd)`, or null. Pronouns resolve to the last name mentioned before the
 * sentence in `text`.
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
  const candidates: { name: string | null; distance: number }[] = [];
  const check = (from: number, to: number) => {
    const part = text.slice(from, to);
    SPEECH_VERB.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SPEECH_VERB.exec(part)) !== null) {
      const vStart = from + m.index;
      const vEnd = vStart + m[0].length;
      const distance = vStart >= end ? vStart - end : start - vEnd;
      // Subject before the verb ("Khamenei said", "he told") or name after it ("said Khamenei", "according to X").
      const before = text.slice(Math.max(sentStart, vStart - 60), vStart);
      const after = text.slice(vEnd, Math.min(sentEnd, vEnd + 60));
      const afterName = /^\s+((?:\p{Lu}[\p{L}'’.-]*\s*){1,4})/u.exec(after);
      const beforeWord = /([\p{L}'’.-]+)[\s,]*$/u.exec(before);
      if (m[0].toLowerCase() === 'according to' && afterName && isPersonLike(afterName[1]!.trim())) {
        candidates.push({ name: cleanName(afterName[1]!), distance });
        continue;
      }
      if (beforeWord && PRONOUN.test(beforeWord[1]!)) {
        candidates.push({ name: lastNameBefore(text, sentStart), distance });
        continue;
      }
      // A participle ("…, warning that") shares the subject of the main clause: the sentence's first full name.
      const participle = /ing$/i.test(m[0]);
      // A sentence that opens with a pronoun ("He appealed to Trump …, urging him") has it as its subject.
      const opener = /^\s*(\p{L}+)/u.exec(text.slice(sentStart, vStart))?.[1];
      if (participle && opener && PRONOUN.test(opener)) {
        candidates.push({ name: lastNameBefore(text, sentStart), distance });
        continue;
      }
      const subject = participle
        ? mainSubject(text, sentStart, vStart)
        : namesIn(text, Math.max(sentStart, vStart - 60), vStart).filter((n) => isPersonLike(n.name)).pop();
      if (subject && (participle || subject.end >= vStart - 40) && !overlaps(subject, start, end)) {
        candidates.push({ name: subject.name, distance });
        continue;
      }
      // "…," said Khamenei: the name closes the clause. In "said Tashvel would pay" it is the subject
      // of the reported clause, not the speaker.
      const inverted = afterName && !/^\s*\p{Ll}/u.test(after.slice(afterName[0].length));
      if (afterName && inverted && /^(?:said|says|added|stated|declared|told|wrote|asked)$/i.test(m[0])) {
        candidates.push({ name: cleanName(afterName[1]!), distance });
      }
    }
  };
  check(sentStart, start);
  check(end, sentEnd);
  const found = candidates.filter((c) => c.name).sort((a, b) => a.distance - b.distance)[0];
  if (found) return found.name;
  if (!subjectFallback) return null;
  // No verb of speech: the sentence's first named subject before the passage ("Khamenei warned of “…”").
  // Prefer a full name (Ayatollah Ali Khamenei) over a lone word that may be a place (Iran).
  const named = namesIn(text, sentStart, start).filter((n) => isPersonLike(n.name));
  const full = named.filter((n) => n.name.includes(' '));
  return (full.pop() ?? named.pop())?.name ?? null;
}

/**
 * Who a narrative sentence is about when it opens with a name ("President Donald Trump announced …",
 * "The Iranian leader urged …"): the capitalised words before its first lower-case word (after an opening adverb: "Meanwhile, …"), or null when
 * it opens otherwise ("The minister, whose …", "He offered …"). Two restatements of one claim have the
 * same subject; this is how the matcher tells "Netanyahu urged Trump" from "the Iranian leader urged Trump".
 */
export function sentenceSubject(text: string, start: number, end: number): string | null {
  const m = /^\s*(?:\p{L}+,\s+)?(?:(?:The|A|An|the|a|an)\s+)?(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)(\s+\p{Ll})/u.exec(text.slice(start, Math.min(end, start + 120)));
  if (!m) return null;
  const name = m[1]!;
  if (/['’]s$/u.test(name) || NOT_NAMES.has(name.split(/\s+/)[0]!)) return null;
  return isPersonLike(name) ? name : null;
}

/** The first person-like name of a sentence, full names first: the subject of its main clause. */
function mainSubject(text: string, sentStart: number, before: number): NameAt | undefined {
  const named = namesIn(text, sentStart, before).filter((n) => isPersonLike(n.name));
  // The name that speaks in the main clause ("Khamenei warned …, stating") is the participle's subject.
  return named.find((n) => SPEAKS_AFTER.test(text.slice(n.end, n.end + 40))) ?? named.find((n) => n.name.includes(' ')) ?? named[0];
}

function overlaps(n: NameAt, start: number, end: number): boolean {
  return n.start < end && n.end > start;
}

function cleanName(s: string): string | null {
  const words = s.trim().split(/\s+/).filter((w) => !NOT_NAMES.has(w));
  const name = words.join(' ').replace(/(?:['’]s|[.,'’])$/u, '');
  return name === '' ? null : name;
}

/** A name that could be a person: it holds a word that is rare in general English (a proper name). */
function isPersonLike(name: string): boolean {
  // Initialisms (U.S., UN) name countries and bodies, not speakers.
  return name.split(/\s+/).some((w) => /^\p{Lu}\p{Ll}/u.test(w) && wordWeight(w.toLowerCase().replace(/['’]s$/, '')) >= 0.7);
}

/** The last person-like name before `at`, for resolving he/she. */
function lastNameBefore(text: string, at: number): string | null {
  const names = namesIn(text, Math.max(0, at - 3000), at).filter((n) => isPersonLike(n.name));
  // A lone word is a person when it is part of a full name seen earlier (Pezeshkian of Masoud
  // Pezeshkian); a lone word never seen in a full name is more likely a place (Israel).
  const inFullNames = new Set(names.filter((n) => n.name.includes(' ')).flatMap((n) => n.name.split(/\s+/)));
  // Best of all: the last name that was itself the subject of a verb of speech ("Pezeshkian said").
  const speakers = names.filter((n) => SPEAKS_AFTER.test(text.slice(n.end, n.end + 40)));
  if (speakers.length > 0) return speakers.pop()!.name;
  return names.filter((n) => n.name.includes(' ') || inFullNames.has(n.name)).pop()?.name ?? null;
}

/**
 * Whether two speaker names can be the same person: they share a rare word (Khamenei / Ayatollah Ali
 * Khamenei), however transliterated. Null on either side is unknown, not a disagreement.
 */
export function speakersAgree(a: string | null, b: string | null): boolean | null {
  if (!a || !b) return null;
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[\s.]+/)
      .map((w) => w.replace(/['’]s$/, ''))
      .filter((w) => w.length >= 3 && wordWeight(w) >= 0.7);
  const wa = words(a);
  // Transliterated names are spelt several ways (Pezeshkian / Pezeschkian).
  return words(b).some((w) => wa.some((v) => sameSpelling(v, w)));
}
