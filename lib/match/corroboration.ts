/**
 * Stage 5, after overlaps: a page's lone restated claim of a source needs a person to vouch for it.
 * A page that renders a source quotes it, copies it, dates its events or restates several of its
 * claims. A page about another event with the same people and background (another round of talks,
 * another strike) meets the source in one sentence of shared words, and words alone cannot tell
 * the two apart; the same named person making the same claim can. When unsure, no highlight.
 */
import { extractSourceActors, type SourceActor } from '../actors';
import type { Library, PreparedSource } from '../library';
import { narrativeSpeaker } from '../text/attribution';
import { HONORIFICS, TITLE_HEADS } from '../text/name-lexicon';
import { wordWeight } from '../text/words';
import type { TextRange } from '../text/segment';
import type { Match, Source } from '../types';
import type { PageCache } from './page-cache';
import { RULES } from './rules';
import type { Scored } from './unit';

/**
 * Narrative matches that rest on restated words alone (no quote, no copied run, no figure or date
 * anchoring an event claim), with who their source sentence says speaks and who it says acts.
 */
export const restatedOnly = new WeakMap<Match, { actors: string[]; meanCover: number }>();

/** Records that `m` rests on restated words alone, with who its source sentence says speaks and acts. */
export function noteRestated(m: Match, s: Scored, cache: PageCache): void {
  const sentence = s.prepared.sentences[s.from]!;
  const subject = openingSubject(s.prepared.source.text, sentence, cache);
  restatedOnly.set(m, {
    actors: [s.sentenceSpeaker, subject].filter((x): x is string => x !== null),
    meanCover: (s.a.cover + s.a.sourceCover) / 2,
  });
}

/**
 * The named subject of a sentence, also after an opening adverbial or two ("According to The New
 * York Times, Iran's Foreign Minister … is open …"), or null.
 */
function openingSubject(text: string, sentence: TextRange, cache: PageCache): string | null {
  let from = sentence.start;
  for (let tries = 0; tries < 3 && from < sentence.end; tries++) {
    const who = cache.subject(text, from, sentence.end);
    if (who) return who;
    // An opening adverbial ends at a comma within its first few words.
    const comma = text.indexOf(',', from);
    if (comma < 0 || comma >= sentence.end || comma - from > 60) break;
    from = comma + 1;
  }
  return null;
}

/**
 * The matches less a restated claim that is a page's only link to its source, unless the person the
 * source says makes the claim is named on the page's sentence and its speaker is not someone else
 * (`RULES.loneRestatedClaim`).
 */
export function uncorroborated(
  pageText: string,
  matches: Match[],
  library: Library,
  cache: PageCache,
  /** The page sentence of each narrative match. */
  sentences: WeakMap<Match, TextRange>,
): Match[] {
  const bySource = new Map<string, Match[]>();
  for (const m of matches) {
    let xs = bySource.get(m.sourceId);
    if (!xs) bySource.set(m.sourceId, (xs = []));
    xs.push(m);
  }
  const lone = new Set<Match>();
  for (const xs of bySource.values()) {
    const m = xs[0]!;
    const restated = restatedOnly.get(m);
    // Two passages mostly made of each other's words are no chance meeting of a topic's words.
    if (xs.length > 1 || !restated || restated.meanCover >= RULES.loneRestatedClaim.minMeanCover)
      continue;
    const sentence = sentences.get(m);
    const onPage = sentence ? pageText.slice(sentence.start, sentence.end) : m.pageText;
    const source = library.byId.get(m.sourceId)!;
    const named = restated.actors.filter((who) => {
      const surname = personSurname(who, source, library);
      return surname !== null && namesWord(onPage, surname);
    });
    // Named, but as someone else's interlocutor ("In a meeting with X, Y said …"): not X's claim.
    const speaker = sentence ? narrativeSpeaker(pageText, sentence, m.pageStart, m.pageEnd) : null;
    if (!named.some((who) => cache.agree(speaker, who) !== false)) lone.add(m);
  }
  return lone.size === 0 ? matches : matches.filter((m) => !lone.has(m));
}

/**
 * The surname of `who` when it names a person, else null: a country, a body or a newspaper acts in
 * every story about it, so naming it vouches for no claim. A person is one the source's actors
 * (lib/actors) list, or a name of two capitalised words or more, titles aside, that ends in a word
 * rare in English ("Harbour master Ilse Vandermeer"; not "United States", "New York Times").
 */
function personSurname(who: string, source: PreparedSource, library: Library): string | null {
  const words = who
    .split(/\s+/)
    .filter(
      (w) =>
        !/['’]s$/u.test(w) && !TITLE_HEADS.has(w.toLowerCase()) && !HONORIFICS.has(w.toLowerCase()),
    );
  const last = (words[words.length - 1] ?? '').toLowerCase();
  if (last === '') return null;
  const listed = actorsOf(source, library).find(
    (x) => x.surname !== null && (x.surname.toLowerCase() === last || x.aliases.includes(who)),
  );
  if (listed) return listed.type === 'person' ? listed.surname!.toLowerCase() : null;
  const named = words.filter((w) => /^\p{Lu}/u.test(w));
  return named.length >= 2 &&
    named[named.length - 1]!.toLowerCase() === last &&
    wordWeight(last) >= RARE_NAME
    ? last
    : null;
}

/** English rarity (lib/text/words) from which a word is a name rather than a common word. */
const RARE_NAME = 0.7;

const extracted = new WeakMap<Source, SourceActor[]>();

/** The actors a source names: stored with it, or extracted once. */
function actorsOf(source: PreparedSource, library: Library): SourceActor[] {
  const stored = library.sourceActors?.get(source.source.id);
  if (stored) return stored;
  let found = extracted.get(source.source);
  if (!found) extracted.set(source.source, (found = extractSourceActors(source.source)));
  return found;
}

/** Whether `text` holds the word `surname` (lower case), possessive or not. */
function namesWord(text: string, surname: string): boolean {
  return text
    .toLowerCase()
    .split(/[^\p{L}'’]+/u)
    .some((w) => w.replace(/['’]s$/u, '') === surname);
}
