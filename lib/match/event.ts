/**
 * Claims about the same event. News restates a source's claim in its own words ("Iran raised its
 * death toll to at least 1,060 fatalities" for "at least 1,060 people died during the 12-day
 * conflict"), often with other figures ("The US entered the war on June 22" for "airstrikes on June
 * 21"). Word overlap is too thin for those, and shared names alone never make a link. This module
 * reads an event-claim signature from both passages: their figures and dates, their names, and their
 * predicate words. Two passages state the same event claim when a figure or date anchors them (the
 * same precise count, a count of the same kind of thing, a date at most a day apart, or a fuzzy date
 * that holds the other) AND they share what is claimed (lower-case content words) or names that are
 * rare in the library. Differing figures are then divergences to report, not a reason to reject.
 * Pure: tokens and strings in, a verdict out.
 */
import { figureDistance, figuresAgree, findFigures, type Figure } from '../text/numbers';
import { wordSimilarity, type MatchToken } from '../text/words';
import { SPEECH_VERB } from '../text/speech-words';
import { CONTENT_WEIGHT, type Alignment } from './align';

/** Predicate words: lower-case words at least this rare say what is claimed ("airstrikes", "ceasefire"). */
const PREDICATE_WEIGHT = 0.3;
/** Names at least this rare in English count as names of places, facilities, people. */
const NAME_WEIGHT = 0.7;
/**
 * A name in (nearly) every sentence of the library tells nothing about which sentence a page renders:
 * names count by their rarity in the library's sentences, and one below this proves nothing.
 */
const NAME_LIBRARY_RARITY = 0.2;
/** Counts this close (a factor of 2) can be two tellings of one toll; farther apart they are other counts. */
const NEAR_COUNT = Math.log10(2);

/** Days apart that two dates may be and still tell one event (time zones, a report dated the next day). */
const NEAR_DAYS = 1;

/** The least count that anchors a claim: smaller numbers (ages, ranks, a handful of people) recur in unrelated news. */
export const ANCHORING_COUNT = 100;
/** Predicate words a claim anchored by a date must share, with a rare name as well (twice as much without). */
export const DATED_CLAIM_PREDICATE = 0.45;

/**
 * Whether two passages are dated to different days: both give a date and no two of their dates are
 * within a day of each other. A restated claim about another day is another event, whatever words
 * and names it shares.
 */
export function datesConflict(page: readonly Figure[], source: readonly Figure[]): boolean {
  const p = page.filter((f) => f.kind === 'date');
  const s = source.filter((f) => f.kind === 'date');
  return (
    p.length > 0 && s.length > 0 && !p.some((x) => s.some((y) => figureDistance(x, y) <= NEAR_DAYS))
  );
}

/** Why two passages state the same event claim. */
export interface EventClaim {
  anchor: 'same-count' | 'near-count' | 'date';
  /** Rarity-weighted predicate words the passages share. */
  predicate: number;
  /** Library-rarity-weighted names the passages share (demonyms count: Iran / Iranian). */
  names: number;
  /** Page token indices of the anchoring figure, so the match keeps it in view. */
  pageFigure: [number, number];
}

const SUFFIXES = ['i', 'ian', 'an', 'n', 'ese', 'ish'];

/**
 * Whether two lower-cased names are one name or a place and its demonym (Iran / Iranian, Israel /
 * Israeli, China / Chinese): English derives demonyms with a handful of suffixes.
 */
export function sameNameOrDemonym(a: string, b: string): boolean {
  const x = a.replace(/['’]s$/u, '');
  const y = b.replace(/['’]s$/u, '');
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length < 4) return false;
  return SUFFIXES.some((s) => long === short + s || long === short.slice(0, -1) + s);
}

/** Figures of `text[from, to)` with offsets into `text`. */
export function figuresIn(text: string, from: number, to: number): Figure[] {
  return findFigures(text.slice(from, to)).map((f) => ({
    ...f,
    start: f.start + from,
    end: f.end + from,
  }));
}

/** Index range of the tokens that cover `[start, end)`. */
function tokenRange(tokens: MatchToken[], start: number, end: number): [number, number] | null {
  const i = tokens.findIndex((t) => t.end > start);
  if (i < 0 || tokens[i]!.start >= end) return null;
  let j = i;
  while (j + 1 < tokens.length && tokens[j + 1]!.start < end) j++;
  return [i, j];
}

/** Whether the words right after two figures say what is counted alike ("935 individuals died" / "1,060 people died"). */
function sameCounted(page: MatchToken[], pi: number, source: MatchToken[], si: number): boolean {
  const after = (ts: MatchToken[], i: number) =>
    ts.slice(i + 1, i + 4).filter((t) => !/^\p{N}/u.test(t.norm));
  const ps = after(page, pi);
  const ss = after(source, si);
  // "people" alone says little: what happened to them must match too (died / died, not died / signed).
  return ps.some(
    (p) =>
      p.weight >= CONTENT_WEIGHT &&
      ss.some((s) => s.weight >= CONTENT_WEIGHT && wordSimilarity(p, s) >= 0.6),
  );
}

/**
 * The event claim two passages share, or null. `pageTokens` / `sourceTokens` are the passages' match
 * tokens (offsets into `pageText` / `sourceText`), `a` their alignment, and `libraryRarity` the
 * rarity in [0, 1] of a stem among the library's sentences.
 */
export function eventClaim(
  pageText: string,
  pageTokens: MatchToken[],
  sourceText: string,
  sourceTokens: MatchToken[],
  a: Alignment,
  libraryRarity: (stem: string) => number,
  /** Reads figures as `figuresIn` does; a caller meeting the same passages again may remember them (never changing them). */
  figures: (text: string, from: number, to: number) => readonly Figure[] = figuresIn,
): EventClaim | null {
  if (pageTokens.length < 5 || sourceTokens.length === 0) return null;
  const pFigs = figures(pageText, pageTokens[0]!.start, pageTokens[pageTokens.length - 1]!.end);
  if (pFigs.length === 0) return null;
  const sFigs = figures(
    sourceText,
    sourceTokens[0]!.start,
    sourceTokens[sourceTokens.length - 1]!.end,
  );
  if (sFigs.length === 0) return null;

  // Dates more than a day apart are another event on another day (June 13 / June 21).
  if (datesConflict(pFigs, sFigs)) return null;
  const nearDate = pFigs.find(
    (p) =>
      p.kind === 'date' &&
      sFigs.some((s) => s.kind === 'date' && figureDistance(p, s) <= NEAR_DAYS),
  );

  let anchor: EventClaim['anchor'] | null = null;
  let figure: Figure | null = null;
  for (const p of pFigs) {
    if (p.kind !== 'number' || p.n! < ANCHORING_COUNT) continue;
    const pr = tokenRange(pageTokens, p.start, p.end);
    if (!pr) continue;
    for (const s of sFigs) {
      if (s.kind !== 'number' || s.n! < ANCHORING_COUNT) continue;
      const sr = tokenRange(sourceTokens, s.start, s.end);
      if (!sr) continue;
      // A precise count (1,060; not a round 1,000) written on both sides is the same fact.
      const precise = p.value === s.value && !Number.isInteger(p.n! / 100);
      if (precise && (anchor === null || anchor !== 'same-count')) {
        anchor = 'same-count';
        figure = p;
      } else if (
        anchor === null &&
        (figuresAgree(p, s) || figureDistance(p, s) <= NEAR_COUNT) &&
        sameCounted(pageTokens, pr[1], sourceTokens, sr[1])
      ) {
        anchor = 'near-count';
        figure = p;
      }
    }
  }
  if (!anchor && nearDate) {
    anchor = 'date';
    figure = nearDate;
  }
  if (!anchor || !figure) return null;

  let predicate = 0;
  const names = new Set<string>();
  let nameScore = 0;
  // "According to", "said": who reports the event is no part of it, and no sign of the same one.
  const told = speechVerbs(pageText, pageTokens);
  pageTokens.forEach((t, i) => {
    if (t.weight < CONTENT_WEIGHT || /^\p{N}/u.test(t.norm)) return;
    if (t.start >= figure!.start && t.end <= figure!.end) return;
    if (told.some(([a, b]) => t.start >= a && t.end <= b)) return;
    const j = a.at[i]!;
    const s = j >= 0 && a.sim[i]! > 0 ? sourceTokens[j]! : null;
    if (!t.cap) {
      if (s && !s.cap && t.weight >= PREDICATE_WEIGHT) predicate += t.weight * a.sim[i]!;
      return;
    }
    if (t.weight < NAME_WEIGHT || names.has(t.stem)) return;
    const other =
      s?.cap && a.sim[i]! >= 0.75
        ? s
        : sourceTokens.find(
            (x) => x.cap && x.weight >= NAME_WEIGHT && sameNameOrDemonym(t.norm, x.norm),
          );
    if (!other) return;
    const rarity = Math.min(libraryRarity(t.stem), libraryRarity(other.stem));
    if (rarity < NAME_LIBRARY_RARITY) return;
    names.add(t.stem);
    nameScore += rarity;
  });

  const ok =
    anchor === 'same-count'
      ? predicate > 0 || nameScore > 0 || sameCountedAt(pageTokens, sourceTokens, figure, sFigs)
      : anchor === 'near-count'
        ? nameScore > 0 || predicate >= 0.9
        : predicate >= 2 * DATED_CLAIM_PREDICATE ||
          (predicate >= DATED_CLAIM_PREDICATE && nameScore > 0);
  if (!ok) return null;
  const pr = tokenRange(pageTokens, figure.start, figure.end)!;
  return { anchor, predicate, names: nameScore, pageFigure: pr };
}

/** Whether the equal count is of the same thing on both sides (the word after it, however common). */
function sameCountedAt(
  page: MatchToken[],
  source: MatchToken[],
  p: Figure,
  sFigs: readonly Figure[],
): boolean {
  const pr = tokenRange(page, p.start, p.end);
  if (!pr) return false;
  return sFigs.some((s) => {
    if (s.value !== p.value) return false;
    const sr = tokenRange(source, s.start, s.end);
    return sr !== null && sameCounted(page, pr[1], source, sr[1]);
  });
}

/** Where the passage says who tells ("said", "according to"): who reports is no part of what happened. */
function speechVerbs(text: string, tokens: MatchToken[]): [number, number][] {
  const from = tokens[0]!.start;
  const out: [number, number][] = [];
  for (const m of text.slice(from, tokens[tokens.length - 1]!.end).matchAll(SPEECH_VERB))
    out.push([from + m.index!, from + m.index! + m[0].length]);
  return out;
}
