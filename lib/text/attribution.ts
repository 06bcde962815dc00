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
import { isAcronym, isDemonym } from '../actors/extract';
import {
  ABBREVIATIONS,
  CALENDAR,
  DIPLOMATIC_BODIES,
  HONORIFICS,
  NON_ACTOR_HEADS,
  ORG_HEADS,
  SENTENCE_OPENERS,
  SPEECH_VERBS,
  SUBJECT_VERBS,
  TITLE_HEADS,
} from '../actors/lexicon';
import { nameTokens, type NameToken } from '../actors/tokens';
import { isWeekdayWord } from './numbers';
import { findQuotes } from './quotes';
import { segmentSentences, type TextRange } from './segment';
import { isListedWord, sameSpelling, wordWeight } from './words';
import { firstWhere } from '../sorted';

/** Verbs of speech in news copy (a general list of the register, not of any story). */
const SPEECH_VERB =
  /\b(?:said|says|say|told|tells|stated|states|added|adds|warned|warns|declared|asserted|claimed|claims|continued|replied|noted|explained|insisted|wrote|posted|tweeted|announced|argued|confirmed|cautioned|emphasi[sz]ed|stressed|urged|responded|answered|remarked|maintained|acknowledged|complained|conceded|admitted|asked|according to|reported|reports|stating|saying|adding|warning|claiming|calling|describing|telling|insisting|arguing|noting|stressing|urging)\b/giu;

/** Verbs that can put the speaker after them, right behind a quote ("…," said Khamenei). */
const INVERTING = new Set([
  'said',
  'says',
  'added',
  'stated',
  'declared',
  'told',
  'wrote',
  'asked',
  'continued',
  'replied',
  'explained',
  'noted',
  'insisted',
  'warned',
  'argued',
]);

/** Words that may stand between a subject and its verb of speech ("Trump also said", "she later told"). */
const BETWEEN_SUBJECT_AND_VERB = new Set([
  'also',
  'has',
  'had',
  'have',
  'then',
  'later',
  'again',
  'further',
  'previously',
  'once',
  'would',
  'will',
  'had',
  'on',
  'earlier',
  'subsequently',
  'reportedly',
  'separately',
]);

/** Prepositions after which a name is a place ("in Strenna", "at the dam near Lindmar"). */
const LOCATIVES = new Set([
  'in',
  'at',
  'near',
  'across',
  'throughout',
  'inside',
  'outside',
  'towards',
  'toward',
  'within',
]);

/** Prepositions after which a name is an object, not a clause subject. */
const PREPOSITIONS = new Set([
  'of',
  'to',
  'with',
  'by',
  'for',
  'from',
  'against',
  'on',
  'about',
  'at',
  'in',
  'into',
  'between',
  'among',
  'over',
  'under',
  'toward',
  'towards',
  'near',
  'across',
  'after',
  'before',
  'than',
  'like',
  'and',
  'or',
]);

/** Place nouns written in lower case after a name ("Lower Sarn province", "the Issel valley"). */
const PLACE_NOUNS = new Set(
  [...NON_ACTOR_HEADS].filter(
    (w) =>
      ![
        'law',
        'act',
        'plan',
        'deal',
        'day',
        'week',
        'month',
        'year',
        'war',
        'prize',
        'award',
        'cup',
        'games',
      ].includes(w),
  ),
);

/** Lower-case nouns for people's roles that the title list leaves out (sport and business). */
const ROLE_NOUNS = new Set([
  'coach',
  'manager',
  'owner',
  'captain',
  'striker',
  'player',
  'official',
  'officer',
  'worker',
  'spokesperson',
  'executive',
]);

/** Capitalised words that open sentences and name no one. */
const SUBJECT_NOT_NAMES = new Set(
  'The A An But And It He She They We I In On At This That If When While As After Before Since Despite However Meanwhile According Asked Speaking Yes No Of Or Amid Amidst Among Amongst Following Throughout Notwithstanding Whereas Although Though Unlike Upon Within Without Toward Towards Regarding Concerning During Until Per Via Beyond Besides Across Against Under Over Through'.split(
    ' ',
  ),
);

// Object pronouns ("Sorel thanked him") point at someone else: only subject, possessive and reflexive
// forms tell a person's gender.
const MALE = new Set(['he', 'his', 'himself']);
const FEMALE = new Set(['she', 'her', 'hers', 'herself']);
const MALE_TITLES = new Set([
  'mr',
  'sir',
  'lord',
  'king',
  'prince',
  'sultan',
  'emir',
  'sheikh',
  'spokesman',
  'chairman',
  'congressman',
  'father',
  'ayatollah',
  'pope',
  'rabbi',
  'imam',
]);
const FEMALE_TITLES = new Set([
  'mrs',
  'ms',
  'miss',
  'dame',
  'lady',
  'queen',
  'princess',
  'spokeswoman',
  'chairwoman',
  'congresswoman',
  'sister',
]);

/** He, she, or it (a body: "the ministry … It said"). */
type Gender = 'm' | 'f' | 'n';
type RunKind = 'person' | 'org' | 'place' | 'title' | 'other';

/** A capitalised name run, never crossing a sentence or line boundary. */
interface Run {
  /** Token indices `[from, to)` in `Doc.toks`, after leading openers are dropped. */
  from: number;
  to: number;
  start: number;
  end: number;
  poss: boolean;
  kind: RunKind;
  /** The name as shown: the run without leading openers or possessors. */
  name: string;
  /** Lower-case title words before the personal name ("foreign", "minister"). */
  titles: string[];
  /** The personal name's last word, normalised: the key for person evidence and gender. */
  key: string;
}

/** Everything attribution needs about one text, computed once. */
interface Doc {
  text: string;
  toks: NameToken[];
  runs: Run[];
  /** Run index for each token, or -1. */
  runAt: Int32Array;
  sentences: readonly TextRange[];
  quotes: readonly TextRange[];
  /** Whether the text is English prose: the attribution patterns are English ones. */
  english: boolean;
  gender: Map<string, Gender>;
  quoteSpeakers: Map<number, string | null>;
}

const norm = (t: NameToken) => t.norm;

/** The normalised words of tokens `[from, to)`, joined by spaces (a lookup key). */
function normsOf(toks: NameToken[], from: number, to: number): string {
  let key = toks[from]!.norm;
  for (let k = from + 1; k < to; k++) key += ` ${toks[k]!.norm}`;
  return key;
}
const isPronoun = (t: NameToken | undefined) =>
  t !== undefined && (t.norm === 'he' || t.norm === 'she' || t.norm === 'it');
const genderOf = (t: NameToken): Gender => (t.norm === 'he' ? 'm' : t.norm === 'she' ? 'f' : 'n');

/** Whether token `i` continues the name run ending at token `i - 1`. */
function continuesRun(toks: NameToken[], i: number): boolean {
  const t = toks[i]!;
  const prev = toks[i - 1]!;
  if (prev.poss) return false;
  // "Mr. Trump", "J. D. Vance": an abbreviation's or an initial's full stop stays inside the name.
  if (/^\.[ \u00a0]+$/.test(t.gap))
    return ABBREVIATIONS.has(prev.norm) || /^\p{Lu}$/u.test(prev.text);
  return /^[ \u00a0]+$|^-$/.test(t.gap);
}

const capWord = (t: NameToken) =>
  t.cap && !t.uncased && !CALENDAR.has(t.norm) && /\p{L}/u.test(t.text[0]!);

/** Builds the per-text analysis: runs, their kinds, places, person evidence and gender. */
function analyse(text: string): Doc {
  const toks = nameTokens(text);
  const sentences = textSentences(text);
  const quotes = textQuotes(text);
  const raw: { from: number; to: number }[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (!capWord(toks[i]!)) continue;
    let j = i + 1;
    for (;;) {
      if (j < toks.length && capWord(toks[j]!) && continuesRun(toks, j)) {
        j++;
        continue;
      }
      // "Ministry of Water Resources", "Commission for Shared River Basins": a connector inside an
      // organisation's name, once the run holds the organisation's head noun.
      if (
        j + 1 < toks.length &&
        (toks[j]!.norm === 'of' || toks[j]!.norm === 'for') &&
        continuesRun(toks, j) &&
        toks.slice(i, j).some((t) => ORG_HEADS.has(t.norm))
      ) {
        let k = j + 1;
        if (toks[k]!.norm === 'the' && continuesRun(toks, k) && k + 1 < toks.length) k++;
        if (capWord(toks[k]!) && continuesRun(toks, k)) {
          j = k + 1;
          continue;
        }
      }
      break;
    }
    raw.push({ from: i, to: j });
    i = j - 1;
  }

  // Document evidence about single names: places and people.
  const places = new Set<string>();
  const persons = new Set<string>();
  const demonyms = nationalityWords(toks, raw);
  const demonymList = [...demonyms];
  const keyOf = (from: number, to: number) => normsOf(toks, from, to);
  for (const r of raw) {
    const first = toks[r.from]!;
    const last = toks[r.to - 1]!;
    const before = toks[r.from - 1];
    const after = toks[r.to];
    const key = keyOf(r.from, r.to);
    if (
      before &&
      !before.cap &&
      LOCATIVES.has(before.norm) &&
      /^[ \u00a0]+$/.test(first.gap) &&
      !last.poss
    )
      places.add(key);
    if (
      after &&
      !after.cap &&
      PLACE_NOUNS.has(after.norm) &&
      !last.poss &&
      /^[ \u00a0]+$/.test(after.gap)
    )
      places.add(key);
    // A dateline: an upper-case word opening a line, followed by a dash or a comma ("STRENNA —"); its
    // key is the normalised word, so "Strenna" later in the text is the same place.
    if (
      first.lineStart &&
      /^\p{Lu}{3,}$/u.test(first.text) &&
      /^\s*[—–,(-]/u.test(text.slice(last.end, last.end + 3))
    )
      places.add(key);
    if (r.to - r.from === 1 && !last.poss) {
      const stem = first.norm.slice(0, -1);
      if (
        stem.length >= 3 &&
        demonymList.some(
          (d) => d !== first.norm && d.startsWith(stem) && d.length - first.norm.length <= 3,
        )
      )
        places.add(key);
    }
    // A title or honorific before rare words: those words name a person.
    const ti = lastTitleIndex(toks, r.from, r.to);
    if (ti >= r.from && ti < r.to - 1)
      for (let k = ti + 1; k < r.to; k++) persons.add(toks[k]!.norm);
    const lower = toks[r.from - 1];
    if (lower && !lower.cap && (TITLE_HEADS.has(lower.norm) || HONORIFICS.has(lower.norm)))
      for (let k = r.from; k < r.to; k++) persons.add(toks[k]!.norm);
  }

  const runs: Run[] = [];
  const runAt = new Int32Array(toks.length).fill(-1);
  for (const r of raw) {
    const run = classify(text, toks, r.from, r.to, places, persons, demonyms);
    if (!run) continue;
    for (let k = run.from; k < run.to; k++) runAt[k] = runs.length;
    runs.push(run);
  }
  const doc: Doc = {
    text,
    toks,
    runs,
    runAt,
    sentences,
    quotes,
    english: isEnglish(toks),
    gender: new Map(),
    quoteSpeakers: new Map(),
  };
  learnGender(doc);
  return doc;
}

/**
 * Nationality adjectives of the text (Iranian, Belvorian, Israeli). The -i ending is also a common
 * surname ending (Khamenei, Varkonyi), so such a word counts only when the text uses it before a
 * lower-case noun and never as the last word of a longer name or as the subject of a verb.
 */
function nationalityWords(toks: NameToken[], runs: { from: number; to: number }[]): Set<string> {
  const out = new Set<string>();
  const surnames = new Set<string>();
  for (const r of runs) if (r.to - r.from >= 2) surnames.add(toks[r.to - 1]!.norm);
  const verbAfter = new Set<string>();
  const nounAfter = new Set<string>();
  toks.forEach((t, i) => {
    if (!isDemonym(t)) return;
    const next = toks[i + 1];
    if (!next || t.poss || !/^[ \u00a0]+$/.test(next.gap)) return;
    if (next.cap) {
      // "Belvorian Foreign Minister …", "Iranian Foreign Ministry": before a title or a body.
      for (let k = i + 1; k < Math.min(toks.length, i + 4) && toks[k]!.cap; k++) {
        if (TITLE_HEADS.has(toks[k]!.norm) || ORG_HEADS.has(toks[k]!.norm)) nounAfter.add(t.norm);
      }
      return;
    }
    if (SPEECH_VERBS.has(next.norm) || SUBJECT_VERBS.has(next.norm) || /ed$/.test(next.norm))
      verbAfter.add(t.norm);
    else nounAfter.add(t.norm);
  });
  // Surnames end like nationality words too (Pezeshkian, Khamenei): the text's use decides.
  for (const t of toks) {
    if (isDemonym(t) && nounAfter.has(t.norm) && !verbAfter.has(t.norm) && !surnames.has(t.norm))
      out.add(t.norm);
  }
  return out;
}

/** The commonest English function words: a text without them is not English prose. */
const ENGLISH_MARKERS = new Set([
  'the',
  'of',
  'and',
  'to',
  'that',
  'was',
  'for',
  'with',
  'he',
  'she',
  'said',
  'it',
  'by',
  'has',
  'had',
  'his',
  'her',
  'from',
  'is',
  'are',
  'were',
]);
/** Function words of other languages written in Latin script (French, Spanish, Italian, Portuguese, German, Dutch). */
const OTHER_MARKERS = new Set([
  'le',
  'la',
  'les',
  'des',
  'une',
  'est',
  'et',
  'du',
  'el',
  'los',
  'las',
  'una',
  'y',
  'del',
  'il',
  'che',
  'di',
  'gli',
  'della',
  'nao',
  'uma',
  'os',
  'der',
  'die',
  'das',
  'und',
  'ist',
  'nicht',
  'ein',
  'eine',
  'het',
  'een',
  'niet',
]);

/** Whether a text reads as English: a short text is English unless another language's words outnumber English ones. */
function isEnglish(toks: NameToken[]): boolean {
  // One pass: pages can be long.
  let hits = 0;
  let other = 0;
  let uncased = 0;
  for (const t of toks) {
    if (ENGLISH_MARKERS.has(t.norm)) hits++;
    else if (OTHER_MARKERS.has(t.norm)) other++;
    if (t.uncased) uncased++;
  }
  if (uncased > toks.length / 2) return false;
  if (toks.length < 60) return hits >= other;
  // English running text has about a fifth of its words from this list; other languages a few percent.
  return hits / toks.length >= 0.08;
}

/** Index of the last title or honorific word in `[from, to)`, or -1. */
function lastTitleIndex(toks: NameToken[], from: number, to: number): number {
  let ti = -1;
  for (let k = from; k < to; k++)
    if (TITLE_HEADS.has(toks[k]!.norm) || HONORIFICS.has(toks[k]!.norm)) ti = k;
  return ti;
}

/** Classifies a run of capitalised tokens `[from, to)`; null when nothing is left of it. */
function classify(
  text: string,
  toks: NameToken[],
  from: number,
  to: number,
  places: Set<string>,
  persons: Set<string>,
  demonyms: Set<string>,
): Run | null {
  // Drop words that are capitalised only because they open a sentence, and a leading article.
  while (
    from < to &&
    (toks[from]!.norm === 'the' ||
      (toks[from]!.sentStart && SENTENCE_OPENERS.has(toks[from]!.norm)))
  )
    from++;
  if (from >= to) return null;
  const last = toks[to - 1]!;
  const first = toks[from]!;
  const name = text.slice(first.start, last.end);
  // Built whole for each verdict (a run is made for every name of a page).
  const run = (titles: string[], kind: RunKind): Run => ({
    from,
    to,
    start: first.start,
    end: last.end,
    poss: last.poss,
    name,
    titles,
    key: last.norm,
    kind,
  });
  let orgAt = -1;
  let connector = false;
  for (let k = from; k < to; k++) {
    const w = toks[k]!.norm;
    if (ORG_HEADS.has(w)) orgAt = k;
    if (w === 'of' || w === 'for') connector = true;
  }
  // An organisation: a head noun last ("Orlek Hydropower Group") or before its complement ("Ministry of …").
  if (
    orgAt >= 0 &&
    (orgAt === to - 1 || connector) &&
    !(to - from === 1 && persons.has(last.norm))
  ) {
    return run([], 'org');
  }
  const ti = lastTitleIndex(toks, from, to);
  if (ti === to - 1) return run(toks.slice(from, to).map(norm), 'title');
  const personal = toks.slice(ti >= from ? ti + 1 : from, to);
  const titles = ti >= from ? toks.slice(from, ti + 1).map(norm) : [];
  // Lower-case titles just before the run ("chief executive Bruno Castellane").
  for (
    let k = from - 1;
    k >= Math.max(0, from - 3) &&
    !toks[k]!.cap &&
    (TITLE_HEADS.has(toks[k]!.norm) || /^[\p{Ll}-]+$/u.test(toks[k]!.text));
    k--
  ) {
    if (TITLE_HEADS.has(toks[k]!.norm)) titles.push(toks[k]!.norm);
    else break;
  }
  const pKey = normsOf(toks, ti >= from ? ti + 1 : from, to);
  if (personal.every((t) => demonyms.has(t.norm) || isAcronym(t))) return run(titles, 'other');
  if (titles.length > 0 || personal.some((t) => persons.has(t.norm))) return run(titles, 'person');
  if (to - from >= 2 && NON_ACTOR_HEADS.has(last.norm)) return run(titles, 'place');
  if (places.has(pKey) || places.has(normsOf(toks, from, to))) return run(titles, 'place');
  // A proper name is made of words that are rare in general English ("Oskelund", not "Provincial").
  const rare = personal.some((t) => /^\p{Lu}\p{Ll}/u.test(t.text) && wordWeight(t.norm) >= 0.7);
  return run(titles, rare ? 'person' : 'other');
}

/** Gender from titles, and from the first personal pronoun after a person speaks or acts. */
function learnGender(doc: Doc): void {
  const votes = new Map<string, number>();
  const vote = (key: string, g: Gender) =>
    votes.set(key, (votes.get(key) ?? 0) + (g === 'm' ? 1 : -1));
  for (const r of doc.runs) {
    if (r.kind !== 'person') continue;
    for (const t of r.titles) {
      if (MALE_TITLES.has(t)) vote(r.key, 'm');
      if (FEMALE_TITLES.has(t)) vote(r.key, 'f');
    }
    if (r.poss) continue;
    // "Oskelund said she had …", "Varkonyi, who heads the commission, said her organisation …":
    // the first he/she/his/her within the next few words, before anyone else is named.
    for (let k = r.to; k < Math.min(doc.toks.length, r.to + 12); k++) {
      const t = doc.toks[k]!;
      if (doc.runAt[k]! >= 0 && doc.runs[doc.runAt[k]!]!.kind === 'person') break;
      if (MALE.has(t.norm)) {
        vote(r.key, 'm');
        break;
      }
      const next = doc.toks[k + 1];
      // "her" is possessive before a noun ("said her organisation"), an object otherwise ("thanked her for").
      const objectHer =
        t.norm === 'her' &&
        !(
          next &&
          !next.cap &&
          /^ $/.test(next.gap) &&
          !PREPOSITIONS.has(next.norm) &&
          !['the', 'a', 'an'].includes(next.norm)
        );
      if (FEMALE.has(t.norm) && !objectHer) {
        vote(r.key, 'f');
        break;
      }
      if (/[.!?]/.test(t.gap) && t.sentStart) break;
    }
  }
  for (const [k, v] of votes) if (v !== 0) doc.gender.set(k, v > 0 ? 'm' : 'f');
}

let cached: Doc[] = [];

/** Sentence and quote cuts of the last texts, apart from their analyses: a page's matcher reads the same ones. */
let cuts: { text: string; sentences?: TextRange[]; quotes?: TextRange[] }[] = [];

function cutsOf(text: string): (typeof cuts)[number] {
  let c = cuts.find((x) => x.text === text);
  if (!c) cuts = [(c = { text }), ...cuts.slice(0, 3)];
  return c;
}

/** The sentences of `text` (`segmentSentences`), cut once for its matching and its attribution. Never changed by callers. */
export function textSentences(text: string): readonly TextRange[] {
  const c = cutsOf(text);
  return (c.sentences ??= segmentSentences(text));
}

/** The quoted passages of `text` (`findQuotes`), found once for its matching and its attribution. Never changed by callers. */
export function textQuotes(text: string): readonly TextRange[] {
  const c = cutsOf(text);
  return (c.quotes ??= findQuotes(text).map((q) => ({ start: q.start, end: q.end })));
}

/**
 * Forgets the analyses (and cuts) kept for the last texts, so that the next call on a text pays for
 * reading it, as the first call on a page does. For benchmarks, which run one page many times.
 */
export function forgetTextAnalyses(): void {
  cached = [];
  cuts = [];
}

/** The analysis of `text`, reused across calls on the same text (a page or a source has many quotes). */
function docFor(text: string): Doc {
  let d = cached.find((c) => c.text === text);
  if (!d) {
    d = analyse(text);
    cached = [d, ...cached.slice(0, 3)];
  }
  return d;
}

/** Index of the first token starting at or after `offset`. */
function tokenAt(doc: Doc, offset: number): number {
  return firstWhere(0, doc.toks.length, (i) => doc.toks[i]!.start >= offset);
}

/** Index of the first quote that starts after `offset` (quotes are in text order and do not overlap). */
function quoteAfter(doc: Doc, offset: number): number {
  return firstWhere(0, doc.quotes.length, (i) => doc.quotes[i]!.start > offset);
}

function insideQuote(doc: Doc, offset: number): boolean {
  const q = doc.quotes[quoteAfter(doc, offset) - 1];
  return q !== undefined && offset < q.end;
}

/** What a subject position holds: a named speaker, a pronoun, a description ("the minister"), or nothing usable. */
type Subject =
  | { name: string; org?: boolean }
  | { pronoun: Gender }
  | { head: string }
  | { none: true };

/** The speaker a run can be: persons and organisations only. */
const speakerOf = (r: Run | undefined): Subject =>
  r && (r.kind === 'person' || r.kind === 'org')
    ? { name: r.name, org: r.kind === 'org' }
    : r && r.kind === 'title'
      ? { head: r.titles[r.titles.length - 1]! }
      : { none: true };

/** The subject that ends right before token `i` (exclusive), walking back over adverbs and an apposition. */
function subjectBefore(doc: Doc, i: number, floor: number, apposition = true): Subject | null {
  let k = i - 1;
  let skipped = 0;
  while (
    k >= floor &&
    !doc.toks[k]!.cap &&
    (BETWEEN_SUBJECT_AND_VERB.has(doc.toks[k]!.norm) ||
      CALENDAR.has(doc.toks[k]!.norm) ||
      /ly$/.test(doc.toks[k]!.norm)) &&
    skipped < 3 &&
    !/[,;:]/.test(doc.toks[k + 1]?.gap ?? '')
  ) {
    k--;
    skipped++;
  }
  while (k >= floor && CALENDAR.has(doc.toks[k]!.norm) && skipped < 4) {
    k--;
    skipped++;
    if (k >= floor && doc.toks[k]!.norm === 'on') k--;
  }
  if (k < floor) return null;
  const t = doc.toks[k]!;
  const gapAfter = doc.toks[k + 1]?.gap ?? '';
  // "X, the governor of …, said" / "X, who heads …, said": the subject stands before the comma clause.
  if (apposition && /,\s*$/.test(gapAfter) && k + 1 === i) {
    // "the coach of the rowing club, Tomas Arvidsen, said": a name set off right before the verb is the subject.
    const named = doc.runs[doc.runAt[k]!];
    if (
      named &&
      named.to - 1 === k &&
      !named.poss &&
      (named.kind === 'person' || named.kind === 'org') &&
      /,\s*$/.test(doc.toks[named.from]!.gap)
    )
      return speakerOf(named);
    for (let c = k; c > Math.max(floor, k - 30); c--) {
      const gap = doc.toks[c]!.gap;
      if (/[“”"«»]/.test(gap) || /[.;:!?]/.test(gap)) break;
      if (!/,/.test(gap)) continue;
      const opener = doc.toks[c]!.norm;
      if (
        !['who', 'which', 'whose', 'the', 'a', 'an', 'its', 'his', 'her', 'their'].includes(
          opener,
        ) &&
        doc.toks[c]!.cap
      )
        continue;
      const head = subjectBefore(doc, c, floor, false);
      if (head && !('none' in head)) return head;
      break;
    }
    return null;
  }
  if (isPronoun(t)) return { pronoun: genderOf(t) };
  const ri = doc.runAt[k]!;
  if (ri >= 0) {
    const r = doc.runs[ri]!;
    if (r.poss && r.to - 1 === k) return { none: true };
    // A name that completes a phrase ("Ines Varkonyi of the Commission said", "a resident of Lower
    // Sarn said") is not who speaks: the person before it is, or no one named. A body still speaks
    // through its staff ("an official of the Commission said").
    let p = r.from - 1;
    if (p >= floor && doc.toks[p]!.norm === 'the') p--;
    if (
      p > floor &&
      (doc.toks[p]!.norm === 'of' || doc.toks[p]!.norm === 'from') &&
      !doc.toks[p]!.cap
    ) {
      const head = doc.runs[doc.runAt[p - 1] ?? -1];
      if (head && head.to === p && head.kind === 'person') return speakerOf(head);
      if (!doc.toks[p - 1]!.cap && r.kind !== 'org') return { none: true };
    }
    return speakerOf(r);
  }
  // "a Foreign Ministry official told", "an Orlek spokesperson said": the body speaks through its staff.
  const owner = doc.runs[doc.runAt[k - 1] ?? -1];
  if (
    !t.cap &&
    ROLE_NOUNS.has(t.norm) &&
    owner &&
    owner.kind === 'org' &&
    owner.to === k &&
    /^[ \u00a0]+$/.test(t.gap)
  )
    return speakerOf(owner);
  // "the minister said", "the agency's chief said", "the mission stated": resolved by title or head noun.
  if (
    !t.cap &&
    (TITLE_HEADS.has(t.norm) || ORG_HEADS.has(t.norm) || DIPLOMATIC_BODIES.has(t.norm))
  ) {
    const det = doc.toks[k - 1];
    const det2 = doc.toks[k - 2];
    if ((det && (det.norm === 'the' || det.poss)) || (det2 && (det2.norm === 'the' || det2.poss)))
      return { head: t.norm };
  }
  return { none: true };
}

/** The subject of the clause a token sits in: the first name or pronoun of its sentence not governed by a preposition. */
function sentenceAgent(
  doc: Doc,
  sentStart: number,
  before: number,
  allowPossessive = false,
): Subject | null {
  // An opening adverbial or subordinate clause ("When asked by Carlson if Israel had …, Pezeshkian
  // confirmed") holds no subject of the main clause: look after its comma first.
  const first = doc.toks[tokenAt(doc, sentStart)];
  if (
    first &&
    first.start < before &&
    doc.runAt[tokenAt(doc, sentStart)]! < 0 &&
    !isPronoun(first)
  ) {
    let comma = -1;
    for (
      let i = tokenAt(doc, sentStart) + 1;
      i < doc.toks.length && doc.toks[i]!.start < before;
      i++
    ) {
      if (/,\s*$/.test(doc.toks[i]!.gap) && !insideQuote(doc, doc.toks[i]!.start - 1)) {
        comma = i;
        break;
      }
    }
    if (comma > 0) {
      const main = agentFrom(doc, doc.toks[comma]!.start, before, false);
      if (main) return main;
    }
  }
  return agentFrom(doc, sentStart, before, allowPossessive);
}

function agentFrom(
  doc: Doc,
  sentStart: number,
  before: number,
  allowPossessive: boolean,
): Subject | null {
  let k = tokenAt(doc, sentStart);
  let fallback: Subject | null = null;
  for (; k < doc.toks.length && doc.toks[k]!.start < before; k++) {
    const t = doc.toks[k]!;
    if (insideQuote(doc, t.start)) continue;
    const prev = doc.toks[k - 1];
    const governed =
      prev !== undefined && prev.start >= sentStart && !prev.cap && PREPOSITIONS.has(prev.norm);
    if (isPronoun(t) && !governed) return { pronoun: genderOf(t) };
    const ri = doc.runAt[k]!;
    if (ri < 0) continue;
    const r = doc.runs[ri]!;
    k = r.to - 1;
    if (governed) continue;
    if (r.poss) {
      if (allowPossessive && !fallback && r.kind === 'person') fallback = { name: r.name };
      continue;
    }
    // "Dunmere Rovers coach Benedek Tallo", "Orlek chief executive Bruno Castellane": a name before a
    // lower-case title and another name qualifies that name; it is not the subject.
    if (qualifiesNext(doc, r)) continue;
    if (r.kind === 'person' || r.kind === 'org') return { name: r.name, org: r.kind === 'org' };
  }
  return fallback;
}

/** Whether a run is followed by a lower-case title or role and then another name. */
function qualifiesNext(doc: Doc, r: Run): boolean {
  for (let k = r.to; k < Math.min(doc.toks.length, r.to + 3); k++) {
    const t = doc.toks[k]!;
    if (!/^[ \u00a0]+$/.test(t.gap)) return false;
    if (t.cap) return k > r.to && doc.runAt[k]! >= 0;
    if (!TITLE_HEADS.has(t.norm) && !ROLE_NOUNS.has(t.norm)) return false;
  }
  return false;
}

/** A candidate attribution for a passage, with how far its verb is from the passage. */
interface Candidate {
  subject: Subject;
  distance: number;
}

/** Attribution candidates from the verbs of speech in `[from, to)`, for the passage `[start, end)`. */
function attributions(
  doc: Doc,
  from: number,
  to: number,
  start: number,
  end: number,
  sentStart: number,
  dashed = false,
): Candidate[] {
  const out: Candidate[] = [];
  const text = doc.text;
  const part = text.slice(from, to);
  SPEECH_VERB.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPEECH_VERB.exec(part)) !== null) {
    const vStart = from + m.index;
    const vEnd = vStart + m[0].length;
    if (insideQuote(doc, vStart)) continue;
    const verb = m[0].toLowerCase();
    const distance = vStart >= end ? vStart - end : start - vEnd;
    const vi = tokenAt(doc, vStart);
    const afterVerb = tokenAt(doc, vEnd);
    const floor = tokenAt(doc, vStart >= end ? end : sentStart);
    const push = (subject: Subject | null) => {
      if (subject && !('none' in subject)) out.push({ subject, distance });
    };
    if (verb === 'according to') {
      const r = doc.runAt[afterVerb] ?? -1;
      if (r >= 0 && doc.runs[r]!.from <= afterVerb) push(speakerOf(doc.runs[r]));
      else push(subjectAfter(doc, afterVerb));
      continue;
    }
    // A participle or a coordinated verb ("…, warning that", "… and said") shares the sentence's subject.
    const prevTok = doc.toks[vi - 1];
    const coordinated =
      prevTok && prevTok.start >= sentStart && !prevTok.cap && prevTok.norm === 'and';
    if (/ing$/.test(verb) || coordinated) {
      push(sentenceAgent(doc, sentStart, vStart, true));
      continue;
    }
    const subject = subjectBefore(doc, vi, floor);
    if (subject && !('none' in subject)) {
      push(subject);
      continue;
    }
    // "…," said Khamenei / said the minister: only right behind a quote, and only when the name closes
    // the clause ("said Tashvel would pay" has Tashvel as the reported clause's subject).
    const rightAfterQuote =
      vStart >= end
        ? /^[\s,.!?…"”’»]*$/u.test(text.slice(end, vStart))
        : /[”"»’][,.!?…]?\s*$|[,.!?…][”"»’]\s*$/u.test(
            text.slice(Math.max(from, vStart - 4), vStart),
          ) ||
          (dashed && /[,.!?…]\s*$/u.test(text.slice(Math.max(from, vStart - 3), vStart)));
    if (INVERTING.has(verb) && rightAfterQuote) {
      const after = subjectAfter(doc, afterVerb);
      if (after && !('none' in after)) {
        const r = doc.runAt[afterVerb]!;
        const closeAt = r >= 0 ? doc.runs[r]!.end : text.length;
        if (
          r < 0 ||
          !/^\s+\p{Ll}/u.test(text.slice(closeAt, closeAt + 3)) ||
          /^\s+(?:who|which|on|in|at|during)\b/u.test(text.slice(closeAt, closeAt + 8))
        )
          push(after);
      }
    }
  }
  return out;
}

/** The speaker named right after token `i` ("said Edvin Hallqvist", "according to the commission's chief"). */
function subjectAfter(doc: Doc, i: number): Subject | null {
  const t = doc.toks[i];
  if (!t) return null;
  if (isPronoun(t)) return { pronoun: genderOf(t) };
  const ri = doc.runAt[i]!;
  if (ri >= 0) return speakerOf(doc.runs[ri]);
  if (t.norm === 'the' || t.poss) {
    for (let k = i + 1; k < Math.min(doc.toks.length, i + 4); k++) {
      const w = doc.toks[k]!;
      if (doc.runAt[k]! >= 0) return speakerOf(doc.runs[doc.runAt[k]!]);
      if (TITLE_HEADS.has(w.norm) || ORG_HEADS.has(w.norm) || DIPLOMATIC_BODIES.has(w.norm))
        return { head: w.norm };
    }
  }
  return null;
}

/** The paragraph (line) around an offset. */
function lineOf(text: string, at: number): TextRange {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return { start, end: nl < 0 ? text.length : nl };
}

/** Sentences before `at`, nearest first, within the current paragraph and the two before it. */
function sentencesBefore(doc: Doc, at: number, paragraphs = 2): TextRange[] {
  let floor = lineOf(doc.text, at).start;
  for (let p = 0; p < paragraphs && floor > 0; p++) floor = lineOf(doc.text, floor - 1).start;
  const out: TextRange[] = [];
  const lo = firstWhere(0, doc.sentences.length, (i) => doc.sentences[i]!.start >= at);
  for (let i = lo - 1; i >= 0; i--) {
    const s = doc.sentences[i]!;
    if (s.end <= floor) break;
    out.push({ start: s.start, end: Math.min(s.end, at) });
  }
  return out;
}

/**
 * A he/she resolved to the last person who was the subject of a recent sentence (a quote's
 * attributed speaker counts), with a compatible gender; else the last named person. An "it"
 * resolves the same way to an organisation.
 */
function resolvePronoun(doc: Doc, gender: Gender, at: number): string | null {
  const fits = (name: string, org = false) => {
    if (org !== (gender === 'n')) return false;
    const g = doc.gender.get(keyOfName(name));
    return g === undefined || g === gender;
  };
  let fallback: string | null = null;
  for (const s of sentencesBefore(doc, at)) {
    // A quote in the sentence, attributed: its speaker is the sentence's speaker.
    const last = doc.quotes[quoteAfter(doc, s.end - 1) - 1];
    const q = last && last.start >= s.start ? last : undefined;
    const agent = sentenceAgent(doc, s.start, s.end);
    if (agent && 'name' in agent && fits(agent.name, agent.org)) return agent.name;
    if (q && !(agent && 'name' in agent)) {
      const sp = quoteSpeaker(doc, q);
      if (sp && fits(sp, !isPersonName(doc, sp))) return sp;
    }
    if (fallback === null) {
      for (let k = tokenAt(doc, s.end) - 1; k >= 0 && doc.toks[k]!.start >= s.start; k--) {
        const ri = doc.runAt[k]!;
        if (ri < 0) continue;
        const r = doc.runs[ri]!;
        k = Math.min(k, r.from);
        const candidate =
          gender === 'n' ? r.kind === 'org' : r.kind === 'person' && isStrongPerson(doc, r);
        if (candidate && !insideQuote(doc, r.start) && fits(r.name, r.kind === 'org')) {
          fallback = r.name;
          break;
        }
      }
    }
  }
  return fallback;
}

/** A person named with a title or with more than one word, or whose name the text shows speaking: safe to refer back to. */
function isStrongPerson(doc: Doc, r: Run): boolean {
  if (r.titles.length > 0 || r.to - r.from >= 2) return true;
  return doc.runs.some(
    (o) => o.kind === 'person' && o.key === r.key && (o.titles.length > 0 || o.to - o.from >= 2),
  );
}

const keyOfName = (name: string) => {
  const toks = nameTokens(name);
  return toks[toks.length - 1]?.norm ?? '';
};

function isPersonName(doc: Doc, name: string): boolean {
  return doc.runs.some((r) => r.name === name && r.kind === 'person');
}

/** "the minister", "the president", "the commission": the last named actor the text gave that title or head noun. */
function resolveDescription(doc: Doc, head: string, at: number): string | null {
  // A description points back a short way only: this paragraph or the one before.
  const floor = sentencesBefore(doc, at, 1).pop()?.start ?? at;
  for (let ri = doc.runs.length - 1; ri >= 0; ri--) {
    const r = doc.runs[ri]!;
    if (r.start >= at) continue;
    if (r.start < floor) break;
    if (insideQuote(doc, r.start)) continue;
    if (r.kind === 'person' && (r.titles.includes(head) || appositionHas(doc, r, head)))
      return r.name;
    if (r.kind === 'org' && doc.toks.slice(r.from, r.to).some((t) => t.norm === head))
      return r.name;
  }
  return null;
}

/** Whether a name is followed by an apposition holding a title ("Ines Varkonyi, the commission's executive secretary"). */
function appositionHas(doc: Doc, r: Run, head: string): boolean {
  const next = doc.toks[r.to];
  if (!next || !/^,\s*$/.test(next.gap)) return false;
  for (let k = r.to; k < Math.min(doc.toks.length, r.to + 8); k++) {
    if (k > r.to && /[,.;:]/.test(doc.toks[k]!.gap)) return false;
    if (doc.toks[k]!.norm === head) return true;
  }
  return false;
}

/** Turns a subject into a name: pronouns and descriptions are resolved from the text before `at`. */
function resolve(doc: Doc, subject: Subject, at: number): string | null {
  if ('name' in subject) return subject.name;
  if ('pronoun' in subject) return resolvePronoun(doc, subject.pronoun, at);
  if ('head' in subject) return resolveDescription(doc, subject.head, at);
  return null;
}

/** The speaker of one of the text's own quotes (for continuations and pronouns), memoised. */
function quoteSpeaker(doc: Doc, q: TextRange): string | null {
  if (doc.quoteSpeakers.has(q.start)) return doc.quoteSpeakers.get(q.start)!;
  doc.quoteSpeakers.set(q.start, null);
  const s = doc.sentences.find((x) => q.start >= x.start && q.start < x.end) ?? {
    start: q.start,
    end: q.end,
  };
  const after = doc.sentences.find((x) => q.end + 1 >= x.start && q.end + 1 < x.end) ?? s;
  const sp = speakerIn(doc, q.start, q.end, s.start, Math.max(s.end, q.end, after.end), true);
  doc.quoteSpeakers.set(q.start, sp);
  return sp;
}

/** The core of `findSpeaker` on an analysed text. */
function speakerIn(
  doc: Doc,
  start: number,
  end: number,
  sentStart: number,
  sentEnd: number,
  subjectFallback: boolean,
): string | null {
  const text = doc.text;
  const line = lineOf(text, start);
  const from = Math.max(sentStart, line.start);
  // After the passage, the attribution ends at the line's end or where the next quote opens.
  const lineEnd = lineOf(text, Math.max(start, end - 1)).end;
  let to = Math.min(Math.max(sentEnd, end), lineEnd);
  // “… keep dreaming!” Khamenei said. — the sentence splitter ends a sentence at the quote's "!", and
  // a quote of several sentences outruns the sentence it starts in: when nothing follows the quote
  // within the given sentence, its attribution is in the sentence that goes on after the quote.
  if (start !== end && !/\p{L}/u.test(text.slice(end, to))) {
    const next = doc.sentences.find((x) => x.end > end && /\p{L}/u.test(text.slice(end, x.end)));
    if (next && next.start < lineEnd) to = Math.min(lineEnd, next.end);
  }
  const nextQuote = doc.quotes[quoteAfter(doc, end)];
  if (nextQuote && nextQuote.start - 1 < to && start !== end)
    to = Math.max(end, nextQuote.start - 1);
  const cands = [
    ...attributions(doc, from, start, start, end, from),
    ...(end < to ? attributions(doc, end, to, start, end, from) : []),
  ];
  // "– We will not leave, said Vos.": a paragraph opened by a speech dash carries its attribution inside.
  if (start !== end && /^[ \t]*[\u2013\u2014-][ \t]*$/u.test(text.slice(line.start, start))) {
    const tail = text.slice(start, end).search(/,[^,]*$/u);
    if (tail > 0) cands.push(...attributions(doc, start + tail, end, end, end, start, true));
  }
  cands.sort((a, b) => a.distance - b.distance);
  for (const c of cands) {
    const name = resolve(doc, c.subject, 'pronoun' in c.subject ? from : start);
    if (name) return name;
  }
  if (!subjectFallback) return null;
  if (cands.length === 0) {
    // A quote that opens its sentence with no attribution continues the quote before it in the paragraph
    // ("“…,” she said. “That is not a technicality.”"), or the previous paragraph's closing quote.
    const opens = /^[\s“"«‘'„»]*$/u.test(text.slice(from, start));
    if (opens) {
      const before = doc.quotes[quoteAfter(doc, start - 2) - 1];
      const prev =
        before && before.end <= start - 1 && before.start >= line.start ? before : undefined;
      if (prev) return quoteSpeaker(doc, prev);
      const lineAllQuote = !hasSpeechVerb(text.slice(end, line.end)) && start - line.start <= 2;
      if (lineAllQuote && line.start > 0) {
        const prevLine = lineOf(text, line.start - 1);
        const last = doc.quotes
          .filter((q) => q.start >= prevLine.start && q.end <= prevLine.end)
          .pop();
        const lastSentence = doc.sentences
          .filter((s) => s.start >= prevLine.start && s.end <= prevLine.end)
          .pop();
        if (last && lastSentence && last.end >= lastSentence.start) return quoteSpeaker(doc, last);
      }
    }
  }
  // No verb of speech: the sentence's subject speaks ("Khamenei warned of an “enemy” effort").
  const agent = sentenceAgent(doc, from, start, true);
  // An "it" opening a sentence without a verb of speech is mostly "it was …", not a body speaking.
  return agent && !('pronoun' in agent && agent.pronoun === 'n') ? resolve(doc, agent, from) : null;
}

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

/** The first verb of speech in `s`, or null (the shared global pattern is left reset). */
function firstSpeechVerb(s: string): RegExpExecArray | null {
  SPEECH_VERB.lastIndex = 0;
  const found = SPEECH_VERB.exec(s);
  SPEECH_VERB.lastIndex = 0;
  return found;
}

function hasSpeechVerb(s: string): boolean {
  return firstSpeechVerb(s) !== null;
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
