/**
 * The matching entry point: finds the passages of a page's article text that render a source.
 *
 * 1. The page is cut into units: its direct quotes (any quote marks, or a paragraph opened by a
 *    speech dash) and its sentences.
 * 2. Each unit retrieves candidate source sentences through the library's stem index, seeded by the
 *    unit's rarest words only, so cost follows the page, not the library.
 * 3. Each candidate (with its neighbouring sentences, for statements split or merged) is aligned word
 *    by word, weighted by rarity; the kind follows from the alignment and from which side quotes:
 *    verbatim (all words, in order), variant (a quote reworded), paraphrase (a quote of what the other
 *    side reports, or a restated claim), reuse (a narrative sentence copied with light edits).
 * 4. Speakers must not disagree, and numbers and dates that differ are reported as divergences.
 *
 * The stages, one file each (units and tokens pass between them as the types of ./unit.ts):
 * - ./candidates.ts: candidate source sentences of a unit (stage 1), from the library's stem index;
 * - ./bounds.ts: a bound on what aligning a candidate can reach, so hopeless ones are never aligned;
 * - ./score.ts (with ./align.ts, ./close-words.ts, ./source-index.ts): the alignment (stage 2);
 * - ./decide.ts with ./rules.ts: the decision, a kind and spans or nothing (stage 3);
 * - ./unit-match.ts: one unit through stages 1 to 3, the best match kept;
 * - ./overlaps.ts: one link per passage (stage 4);
 * - ./corroboration.ts: a page's lone restated claim of a source kept only when a named person vouches.
 * A later stage (a meaning model) takes over from here: ./unmatched.ts lists the page units no
 * match covers with their candidate source sentences, and every link it proposes must pass the
 * verification gates of ./gates.ts (`rejectLink`), as the lexical decision's links do.
 * Beside them: ./page-quotes.ts (the page's quotes and attributions), ./speakers.ts (who the source
 * reports speaking), ./anchored.ts (loose quotes beside a clear link), ./page-cache.ts (per-page
 * memory of source sentences), ./event.ts (event claims anchored by a date or a count).
 */
import type { Library, PreparedSource } from '../library';
import { firstWhere } from '../sorted';
import {
  findSpeaker,
  narrativeSpeaker,
  opensReportedSpeech,
  textSentences,
} from '../text/attribution';
import { tokenize } from '../text/normalize';
import { divergences, isMonthWord, isWeekdayWord, namesTime } from '../text/numbers';
import type { TextRange } from '../text/segment';
import { type MatchToken, tokensWithin } from '../text/words';
import type { Match } from '../types';
import { CONTENT_WEIGHT } from './align';
import { anchoredQuotes } from './anchored';
import { readingOf } from './page-reading';
import {
  isAttribution,
  isCreditLine,
  isWholeLine,
  joinQuoteParts,
  SPLIT_GAP_WORDS,
} from './page-quotes';
import type { Unit, UnitBound } from './unit';
import { resolveOverlaps } from './overlaps';
import { MIN_EVIDENCE } from './rules';
import { uncorroborated } from './corroboration';
import { matchUnitTokens, unreadDivergences, narrativeSentence } from './unit-match';
export { segmentSentences } from '../text/segment';
export { setCandidateBound } from './bounds';

/** A direct quote of a source with its attributed speaker. */
export interface SourceQuoteInfo {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
}

/** The direct quotes of a prepared source and who said them, for popovers and actor views. */
export function sourceQuotes(prepared: PreparedSource): SourceQuoteInfo[] {
  return prepared.quotes.map(({ start, end, text, speaker }) => ({ start, end, text, speaker }));
}

/** Finds every passage of `pageText` that renders a passage of a library source. */
export function matchText(pageText: string, library: Library): Match[] {
  if (library.sources.length === 0 || pageText.trim() === '') return [];
  const sentences = textSentences(pageText);
  const sentenceOf = (offset: number) => {
    // Binary search: pages can hold thousands of sentences.
    const s = sentences[firstWhere(0, sentences.length, (i) => sentences[i]!.end > offset)];
    return s && s.start <= offset ? s : { start: offset, end: offset };
  };
  const matches: Match[] = [];
  const quoteMatches: Match[] = [];
  // Tokenise the page once (or take the words a look for likely sources read); units take their
  // tokens by binary search.
  const { quotes: quoted, words: all, cache } = readingOf(pageText);
  const tokensIn = tokensWithin(all);
  // The most evidence any candidate gave the last unit matched: a bound on what its clauses can find.
  const seen: UnitBound = { evidence: 0, figures: false, candidates: 0, allSeeds: true };
  const matchUnit = (unit: Unit, quotedInside: TextRange[] = []) =>
    matchUnitTokens(
      pageText,
      unit,
      library,
      tokensIn(unit.start, unit.end),
      quotedInside,
      cache,
      seen,
    );

  let previous: { end: number; speaker: () => string | null } | null = null;
  const spoken: Unit[] = [];
  for (const q of quoted) {
    const prev = previous;
    // Who speaks is read only when a candidate needs it: reading a page's attributions is costly,
    // and on most pages no quote meets a source.
    const speaker = once((): string | null => {
      const s = sentenceOf(q.start);
      // The attribution may follow the closing mark ("…,” he added), past the quote's last sentence.
      // After a question or an exclamation the attribution is a sentence of its own (“…?” Kessler asked.).
      const gap = /^[^\p{L}\p{N}\n]*/u.exec(pageText.slice(q.end, q.end + 8))![0].length;
      const after = sentenceOf(Math.min(pageText.length - 1, q.end + Math.max(1, gap)));
      const found = findSpeaker(
        pageText,
        q.start,
        q.end,
        s.start,
        Math.max(s.end, q.end, after.end),
      );
      if (found || !prev) return found;
      // A quote that goes on after its attribution (“…?” he said. “…”) is still the same speaker's.
      const between = pageText.slice(prev.end, q.start);
      if (!between.includes('\n') && tokenize(between).length <= SPLIT_GAP_WORDS)
        return prev.speaker();
      // So is a paragraph of nothing but a quote right after a quoting paragraph (a speaker's quotes run on).
      // The previous quote's paragraph must end with it or its attribution, right before this one.
      if (
        isWholeLine(pageText, q) &&
        between.split('\n').length === 2 &&
        tokenize(between).length <= SPLIT_GAP_WORDS
      )
        return prev.speaker();
      return null;
    });
    const unit: Unit = { start: q.start, end: q.end, quote: true, speaker };
    spoken.push(unit);
    previous = { end: q.end, speaker };
    const found = matchUnit(unit);
    const parts = cache.sentences(pageText, q.start, q.end);
    if (found && (found.kind === 'verbatim' || parts.length < 2)) {
      quoteMatches.push(found);
      continue;
    }
    // A long quote may render a source in one of its sentences or clauses only, and a reworded
    // quote of several sentences may render a different source passage in each: its sentences,
    // matched one by one, say which part renders what.
    const pieces = parts.length > 1 ? parts : found ? [] : cache.clauses(pageText, q.start, q.end);
    const pieceMatches: Match[] = [];
    if (pieces.length >= 2)
      for (const p of pieces) {
        const m = matchUnit({ ...unit, start: p.start, end: p.end });
        if (m) pieceMatches.push(m);
      }
    if (pieceMatches.length > 0) quoteMatches.push(...pieceMatches);
    else if (found) quoteMatches.push(found);
  }
  matches.push(...joinQuoteParts(pageText, quoteMatches, library));

  let qi = 0;
  for (const s of sentences) {
    while (qi < quoted.length && quoted[qi]!.end <= s.start) qi++;
    const inside: TextRange[] = [];
    for (let k = qi; k < quoted.length && quoted[k]!.start < s.end; k++)
      if (quoted[k]!.end > s.start) inside.push(quoted[k]!);
    // A sentence that is all quote has nothing of its own to match.
    if (inside.some((q) => q.start <= s.start + 2 && q.end >= s.end - 3)) continue;
    if (isCreditLine(pageText, s.start, s.end)) continue;
    const found: Match[] = [];
    let unit: Unit | null = { start: s.start, end: s.end, quote: false, speaker: NO_SPEAKER };
    // A sentence may render two source passages in different clauses: match, then retry the rest.
    for (let round = 0; round < 2 && unit; round++) {
      const m = matchUnit({ ...unit, exclude: inside }, inside);
      // A clause has a subset of the sentence's words, so no more evidence against the same
      // candidates: when no candidate gave the sentence the evidence any kind needs, neither can a
      // clause (a figure's event claim needs less, so a sentence with one is always retried).
      if (
        !m &&
        round === 0 &&
        (seen.evidence >= MIN_EVIDENCE || (seen.figures && (seen.candidates > 0 || !seen.allSeeds)))
      ) {
        // A long sentence may restate a source in one clause only ("…, stating that such an action
        // would …"): its other clauses dilute the whole. Its clauses are tried on their own.
        const clauses = cache.clauses(pageText, unit.start, unit.end);
        if (clauses.length >= 2)
          for (const c of clauses) {
            const cm = matchUnit({ ...unit, start: c.start, end: c.end, exclude: inside }, inside);
            if (cm) found.push(cm);
          }
      }
      if (!m) break;
      // A restated sentence may end in a clause that reports a source's quote ("…, stating that such
      // an action would undoubtedly result in irreparable damage"): the reader gets that clause's own
      // link to the quote, and the rest of the sentence keeps the sentence's link.
      const split =
        m.kind === 'paraphrase'
          ? splitReportedClause(pageText, m, cache.clauses(pageText, unit.start, unit.end), (c) =>
              matchUnit({ ...unit!, start: c.start, end: c.end, exclude: inside }, inside),
            )
          : null;
      if (split) {
        found.push(...split);
        break;
      }
      found.push(m);
      const rest: TextRange[] = cache
        .clauses(pageText, unit.start, unit.end)
        .filter((c) => c.end <= m.pageStart || c.start >= m.pageEnd);
      const tail: TextRange[] = rest.filter((c) => c.start >= m.pageEnd);
      unit =
        tail.length > 0
          ? { ...unit, start: tail[0]!.start, end: tail[tail.length - 1]!.end }
          : null;
    }
    // Nor does a sentence whose own words only say who spoke the quotes in it: asked only of a
    // sentence that links, since reading attributions is costly.
    if (
      found.length > 0 &&
      !(inside.length > 0 && isAttribution(pageText, s, inside, tokensIn(s.start, s.end)))
    ) {
      for (const m of found) {
        withClaimTime(pageText, s, m, tokensIn);
        narrativeSentence.set(m, s);
      }
      matches.push(...found);
    }
  }
  matches.push(...anchoredQuotes(pageText, spoken, matches, library, cache, tokensIn));
  const kept = uncorroborated(
    pageText,
    resolveOverlaps(matches),
    library,
    cache,
    narrativeSentence,
  );
  for (const m of kept) {
    if (unreadDivergences.has(m))
      m.divergences = divergences(m.pageText, m.sourceText, unreadDivergences.get(m)!);
    const sentence = narrativeSentence.get(m);
    if (sentence && m.speaker.page === null)
      m.speaker.page = narrativeSpeaker(pageText, sentence, m.pageStart, m.pageEnd);
  }
  return kept;
}

/** The speaker of a narrative unit: none (its claim's subject is read from its text where needed). */
const NO_SPEAKER = (): null => null;

/** `f`, worked out on the first call only. */
export function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}

/**
 * A restated sentence's link split in two when its last clause reports speech and links, on its
 * own, to a narrower passage of the sentence's source passage or to another one: `[rest, clause]`.
 */
function splitReportedClause(
  text: string,
  whole: Match,
  clauses: readonly TextRange[],
  match: (c: TextRange) => Match | null,
): Match[] | null {
  if (clauses.length < 2) return null;
  const last = clauses[clauses.length - 1]!;
  if (!opensReportedSpeech(text.slice(last.start, last.end))) return null;
  const c = match(last);
  if (!c || c.kind === 'verbatim' || c.kind === 'reuse') return null;
  const inside =
    c.sourceId === whole.sourceId &&
    c.sourceStart >= whole.sourceStart &&
    c.sourceEnd <= whole.sourceEnd &&
    c.sourceEnd - c.sourceStart < whole.sourceEnd - whole.sourceStart;
  const apart =
    c.sourceId !== whole.sourceId ||
    c.sourceEnd <= whole.sourceStart ||
    whole.sourceEnd <= c.sourceStart;
  if (!inside && !apart) return null;
  // The rest keeps a link only when it restates a passage on its own: the sentence's link may
  // have rested on the clause alone, leaving an attribution ("citing the official").
  const restEnd = Math.min(whole.pageEnd, last.start);
  const rest =
    restEnd > clauses[0]!.start ? match({ start: clauses[0]!.start, end: restEnd }) : null;
  return rest ? [rest, c] : [c];
}

/**
 * When the source passage says when, so does the highlight: what lies between a restated claim and
 * the edge of its page sentence joins it when that is only a time adverbial, a date or weekday with
 * small words around it ("On June 20, 2025, …", "… on Wednesday."). Then a date that differs from
 * the source's is read as a divergence, and the reader sees it highlighted.
 */
function withClaimTime(
  pageText: string,
  sentence: TextRange,
  m: Match,
  tokensIn: (start: number, end: number) => MatchToken[],
): void {
  if (m.kind === 'verbatim' || !namesTime(m.sourceText)) return;
  const timeOnly = (tokens: MatchToken[]) =>
    tokens.length > 0 &&
    tokens.every(
      (t) =>
        t.weight < CONTENT_WEIGHT ||
        /^\d/.test(t.norm) ||
        isMonthWord(t.norm) ||
        isWeekdayWord(t.norm),
    ) &&
    namesTime(pageText.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end));
  const before = tokensIn(sentence.start, m.pageStart);
  const after = tokensIn(m.pageEnd, sentence.end);
  if (timeOnly(before)) m.pageStart = before[0]!.start;
  if (timeOnly(after)) m.pageEnd = after[after.length - 1]!.end;
  m.pageText = pageText.slice(m.pageStart, m.pageEnd);
}
