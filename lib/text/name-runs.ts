/**
 * A text read for attribution: its words cut into runs of capitalised words, each classified as a
 * person, an organisation, a place, a title or another thing, with the genders the text shows; the
 * analyses of the last few texts are kept, so the many quotes of one page cost one pass.
 */
import {
  ABBREVIATIONS,
  CALENDAR,
  HONORIFICS,
  NON_ACTOR_HEADS,
  ORG_HEADS,
  SENTENCE_OPENERS,
  SPEECH_VERBS,
  SUBJECT_VERBS,
  TITLE_HEADS,
} from './name-lexicon';
import { isAcronym, isDemonym, nameTokens, type NameToken } from './name-tokens';
import { findQuotes } from './quotes';
import { segmentSentences, type TextRange } from './segment';
import { wordWeight } from './words';
import { firstWhere } from '../sorted';
import { isEnglish } from './language';
import {
  LOCATIVES,
  PREPOSITIONS,
  PLACE_NOUNS,
  MALE,
  FEMALE,
  MALE_TITLES,
  FEMALE_TITLES,
} from './speech-words';

/** He, she, or it (a body: "the ministry … It said"). */
export type Gender = 'm' | 'f' | 'n';

type RunKind = 'person' | 'org' | 'place' | 'title' | 'other';

/** A capitalised name run, never crossing a sentence or line boundary. */
export interface Run {
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
export interface Doc {
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

export const norm = (t: NameToken) => t.norm;

/** The normalised words of tokens `[from, to)`, joined by spaces (a lookup key). */
function normsOf(toks: NameToken[], from: number, to: number): string {
  let key = toks[from]!.norm;
  for (let k = from + 1; k < to; k++) key += ` ${toks[k]!.norm}`;
  return key;
}

export const isPronoun = (t: NameToken | undefined) =>
  t !== undefined && (t.norm === 'he' || t.norm === 'she' || t.norm === 'it');

export const genderOf = (t: NameToken): Gender =>
  t.norm === 'he' ? 'm' : t.norm === 'she' ? 'f' : 'n';

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
export function analyse(text: string): Doc {
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

/**
 * The text analysed for one task only (a source's details while they are derived), kept apart from
 * the last texts: a page's matching derives many sources' details between its own speaker reads,
 * and each source pushed into the shared four would push the page's analysis out (a long page read
 * again and again: 2.7 s of a 9 s run against a big library).
 */
let aside: { text: string; doc?: Doc; cuts: (typeof cuts)[number] } | null = null;

/** Runs `read` with `text`'s analysis and cuts kept aside for its duration only (see `aside`). */
export function withTextAside<T>(text: string, read: () => T): T {
  if (aside?.text === text) return read();
  const outer = aside;
  aside = { text, cuts: { text } };
  try {
    return read();
  } finally {
    aside = outer;
  }
}

function cutsOf(text: string): (typeof cuts)[number] {
  if (aside?.text === text) return aside.cuts;
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
export function docFor(text: string): Doc {
  if (aside?.text === text) return (aside.doc ??= analyse(text));
  let d = cached.find((c) => c.text === text);
  if (!d) {
    d = analyse(text);
    cached = [d, ...cached.slice(0, 3)];
  }
  return d;
}

/** Whether `text`'s analysis is kept (reading who speaks in it is then cheap). */
export function analysed(text: string): boolean {
  return cached.some((c) => c.text === text);
}

/**
 * The name tokens of `text`: those of its kept analysis when it has one (a page's matching reads
 * who speaks before its actors are searched), else read now and not kept. Never changed by callers.
 */
export function nameTokensOf(text: string): readonly NameToken[] {
  return cached.find((c) => c.text === text)?.toks ?? nameTokens(text);
}

/** Index of the first token starting at or after `offset`. */
export function tokenAt(doc: Doc, offset: number): number {
  return firstWhere(0, doc.toks.length, (i) => doc.toks[i]!.start >= offset);
}

/** Index of the first quote that starts after `offset` (quotes are in text order and do not overlap). */
export function quoteAfter(doc: Doc, offset: number): number {
  return firstWhere(0, doc.quotes.length, (i) => doc.quotes[i]!.start > offset);
}

export function insideQuote(doc: Doc, offset: number): boolean {
  const q = doc.quotes[quoteAfter(doc, offset) - 1];
  return q !== undefined && offset < q.end;
}
