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
 * Beside this file: ./page-quotes.ts (the page's quotes and attributions), ./speakers.ts (who the
 * source reports speaking), ./anchored.ts (loose quotes beside a clear link), ./page-cache.ts
 * (per-page memory of source sentences), ./align.ts, ./candidates.ts and ./event.ts.
 */
import {
  sentenceLocation,
  stemInSentences,
  stemPostings,
  stemSentenceCount,
  type Library,
  type PreparedSource,
} from '../library';
import { firstWhere, lowerBound } from '../sorted';
import {
  findSpeaker,
  narrativeSpeaker,
  opensReportedSpeech,
  textSentences,
} from '../text/attribution';
import { tokenize } from '../text/normalize';
import { divergences, findFigures, isMonthWord, isWeekdayWord, namesTime } from '../text/numbers';
import type { TextRange } from '../text/segment';
import { matchTokens, type MatchToken } from '../text/words';
import type { Match, MatchKind } from '../types';
import {
  align,
  closestSimilarity,
  CONTENT_WEIGHT,
  indexSource,
  stemBetween,
  type Alignment,
  type SourceIndex,
} from './align';
import { anchoredQuotes } from './anchored';
import { topSentences, type Seed } from './candidates';
import {
  ANCHORING_COUNT,
  DATED_CLAIM_PREDICATE,
  datesConflict,
  eventClaim,
  type EventClaim,
} from './event';
import {
  type PageCache,
  pageCache,
  sentenceRange,
  closestIn,
  sourceClauses,
  unitInSource,
  type UnitInSource,
} from './page-cache';
import {
  ATTRIBUTION_WORDS,
  isAttribution,
  isCreditLine,
  isWholeLine,
  joinQuoteParts,
  pageQuotes,
  SPLIT_GAP_WORDS,
} from './page-quotes';
import {
  namedSpeakerCredit,
  QUESTION_EVIDENCE,
  REPORTED_COVER,
  reportedSpeech,
  reportingSpeakers,
} from './speakers';
import type { Unit, Scored } from './unit';

export { segmentSentences } from '../text/segment';

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

/** How many source sentences a unit's seed words may bring up before the best are kept. */
const MAX_CANDIDATES = 6;
/** Seed words per unit: its rarest words. */
const MAX_SEEDS = 8;
/** How much better (page + source coverage) a source quote must explain a sentence than its whole sentence does. */
const QUOTE_TARGET_GAIN = 0.2;

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
  const quoted = pageQuotes(pageText);
  // Tokenise the page once; units take their tokens by binary search.
  const all = matchTokens(pageText);
  const tokensIn = (start: number, end: number) => {
    const lo = firstWhere(0, all.length, (i) => all[i]!.start >= start);
    let k = lo;
    while (k < all.length && all[k]!.end <= end) k++;
    return all.slice(lo, k);
  };
  const cache = pageCache();
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
  const kept = resolveOverlaps(matches);
  for (const m of kept) {
    if (unreadDivergences.has(m))
      m.divergences = divergences(m.pageText, m.sourceText, unreadDivergences.get(m)!);
    const sentence = narrativeSentence.get(m);
    if (sentence && m.speaker.page === null)
      m.speaker.page = narrativeSpeaker(pageText, sentence, m.pageStart, m.pageEnd);
  }
  return kept;
}

/**
 * Whether any rule of `decide` could link a quote to a candidate, whoever the speakers are: each
 * rule's conditions on the alignment alone, with the most a reported question can add. When none
 * holds, the quote's speaker (costly to read) does not matter.
 */
function quoteMayLink(pageTokens: MatchToken[], s: Scored, whole: boolean): boolean {
  const { a } = s;
  const runClaim = a.run.length >= LONG_RUN ? 1 : runClaimWeight(pageTokens, s.tokens, a.run);
  const contentWeight = pageTokens.reduce((x, t) => x + t.weight, 0);
  const total = pageTokens.reduce((x, t) => (t.weight >= CONTENT_WEIGHT ? x + t.weight : x), 0);
  const told = a.evidence + QUESTION_EVIDENCE;
  // Every kind but verbatim must share what is claimed (see the check after the rules in `decide`).
  const claimed = a.claimCover >= 0.2 && a.claimEvidence + QUESTION_EVIDENCE >= 0.7;
  return (
    (whole && contentWeight >= 0.5 && runClaim > 0) ||
    (a.run.length >= 4 && a.run.weight >= 1 && runClaim > 0) ||
    (claimed && mayLinkReworded(a, s.inQuote, told, total))
  );
}

/** The alignment conditions of `decide`'s non-verbatim rules for quotes, whoever the speakers are. */
function mayLinkReworded(
  a: Pick<Alignment, 'cover' | 'evidence' | 'sourceCover' | 'claimEvidence'>,
  inQuote: boolean,
  told: number,
  total: number,
): boolean {
  return (
    (inQuote && a.cover >= REWORDED_COVER && a.evidence >= 1.5) ||
    (!inQuote && told >= 0.8 && told / (total + QUESTION_EVIDENCE) >= REPORTED_COVER) ||
    (a.cover >= 0.45 && a.evidence >= 0.8) ||
    (a.cover >= 0.6 && a.evidence >= 1.5) ||
    (a.cover >= 0.3 && a.sourceCover >= 0.3 && a.evidence >= 3 && a.claimEvidence >= 2)
  );
}

/** The speaker of a narrative unit: none (its claim's subject is read from its text where needed). */
const NO_SPEAKER = (): null => null;

/** `f`, worked out on the first call only. */
function once<T>(f: () => T): () => T {
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

/** Evidence below which no narrative kind is decided (a verbatim sentence needs a claim weight of 1). */
const MIN_EVIDENCE = 1;

/**
 * What matching one unit learned that bounds what its clauses can find: a clause has a subset of the
 * unit's words, so no more evidence against the same candidates, and when every word of the unit
 * seeded (`allSeeds`) and none brought up a candidate, no clause's words can either.
 */
interface UnitBound {
  /** The most evidence any candidate gave. */
  evidence: number;
  /** The unit states a figure or date (an event claim needs less evidence). */
  figures: boolean;
  candidates: number;
  allSeeds: boolean;
}

/** A candidate source sentence for a unit and its seed score. */
interface Candidate {
  source: number;
  sentence: number;
  score: number;
}

/**
 * Candidate source sentences for a unit: the sentences that share its rarest stems, scored by the
 * summed weight of the seed stems they hold, best first, at most MAX_CANDIDATES, none below
 * `minScore` (see ./candidates.ts: the cost follows the rare seeds, not the library size).
 */
function candidates(
  tokens: MatchToken[],
  library: Library,
  minScore: number,
  figures = false,
  bound?: UnitBound,
): Candidate[] {
  const n = Math.max(library.sentenceCount, 1);
  const scale = Math.log(1 + n);
  const seen = new Set<string>();
  const seeds: { weight: number; stem: string; df: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.weight < CONTENT_WEIGHT || seen.has(t.stem)) continue;
    seen.add(t.stem);
    const df = stemSentenceCount(library, t.stem);
    if (df === 0) continue;
    const libraryRarity = Math.log(1 + n / df) / scale;
    // In a passage with figures, the month of a date and a count of 100 or more anchor an event
    // claim (./event.ts): they seed as strongly as the rarest words.
    const anchor = figures && (isMonthWord(t.norm) || /^\d[\d,.]{2,}$/.test(t.norm));
    seeds.push({ weight: (anchor ? 1 : t.weight) * (0.5 + 0.5 * libraryRarity), stem: t.stem, df });
  }
  seeds.sort(strongerSeed);
  if (bound) bound.allSeeds = seeds.length <= MAX_SEEDS;
  // Words in a large share of the library's sentences find everything and tell nothing.
  const cap = Math.max(200, n * 0.05);
  const used: Seed[] = [];
  for (let e = 0; e < seeds.length && e < MAX_SEEDS; e++)
    if (seeds[e]!.df <= cap)
      used.push({ weight: seeds[e]!.weight, list: stemPostings(library, seeds[e]!.stem) });
  const top = topSentences(used, minScore, MAX_CANDIDATES);
  const out: Candidate[] = [];
  for (let r = 0; r < top.length; r++) {
    const at = sentenceLocation(library, top[r]!.id);
    out.push({ source: at.source, sentence: at.sentence, score: top[r]!.score });
  }
  return out;
}

/** Seeds by weight, the rarer first among equals. */
const strongerSeed = (a: { weight: number; df: number }, b: { weight: number; df: number }) =>
  b.weight - a.weight || a.df - b.df;

/** Sentences a quote's rarest word may bring up for an exact-run check. */
const MAX_RUN_LOOKUPS = 200;

/**
 * Source sentences that hold a quote's words as one unbroken run ("we will not back down", all
 * common words that seed too weakly to be candidates). Looks only at the sentences that hold the
 * quote's rarest stem, so it costs little. Kept apart from `candidates`: it is a fallback for
 * quotes, not ranking.
 */
function verbatimQuoteCandidates(
  tokens: MatchToken[],
  library: Library,
): { source: number; sentence: number }[] {
  if (tokens.length < LONG_RUN) return [];
  let rarest: Int32Array | undefined;
  for (const t of tokens) {
    const list = stemPostings(library, t.stem);
    if (list.length === 0) return [];
    if (!rarest || list.length < rarest.length) rarest = list;
  }
  if (!rarest || rarest.length > MAX_RUN_LOOKUPS) return [];
  const out: { source: number; sentence: number }[] = [];
  for (const id of rarest) {
    const at = sentenceLocation(library, id);
    // From the index alone, before a source's words are derived: a run starting in this sentence
    // puts the quote's first word in it and each of its words in it or a later sentence of the source.
    const sourceEnd = library.stems.sentenceBase[at.source + 1]!;
    if (!stemInSentences(library, tokens[0]!.stem, id, id + 1)) continue;
    if (!tokens.every((t) => stemInSentences(library, t.stem, id, sourceEnd))) continue;
    const p = library.sources[at.source]!;
    const sent = p.sentences[at.sentence]!;
    const end = Math.min(p.words.length, sent.tokTo + tokens.length);
    for (let j = sent.tokFrom; j < sent.tokTo && j + tokens.length <= end; j++) {
      let n = 0;
      while (n < tokens.length && p.words[j + n]!.norm === tokens[n]!.norm) n++;
      if (n === tokens.length) {
        out.push(at);
        break;
      }
    }
  }
  return out;
}

/** The best match of one page unit, or null. */
function matchUnitTokens(
  pageText: string,
  unit: Unit,
  library: Library,
  unitTokens: MatchToken[],
  quoted: TextRange[],
  cache: PageCache,
  seen: UnitBound = { evidence: 0, figures: false, candidates: 0, allSeeds: true },
): Match | null {
  seen.evidence = 0;
  seen.figures = false;
  seen.candidates = 0;
  seen.allSeeds = true;
  // A sentence's own words: its quotes are matched as quotes.
  const tokens =
    quoted.length === 0
      ? unitTokens
      : unitTokens.filter((t) => !quoted.some((q) => t.start >= q.start && t.end <= q.end));
  if (tokens.length < 2 || !tokens.some((t) => t.weight >= CONTENT_WEIGHT)) return null;
  let best: { m: Match; rank: number; published: string | null } | null = null;
  // The seed score bounds the evidence exact words can bring: below it, alignment cannot succeed.
  // Only a narrative passage with a figure or date can state an event claim (see ./event.ts); its
  // figure anchors it, so fewer shared words may bring the candidate up.
  const figures = !unit.quote && findFigures(pageText.slice(unit.start, unit.end)).length > 0;
  seen.figures = figures;
  const minSeed = unit.quote || figures ? 0.6 : 1.5;
  // Whether an event claim can link: it is anchored by a date or a count of 100 or more in the
  // passage `eventClaim` reads, which holds five words or more. Without a count, only a date anchors
  // it, and a dated claim must share predicate words too.
  const claimFigures =
    figures && tokens.length >= 5
      ? cache.figures(pageText, tokens[0]!.start, tokens[tokens.length - 1]!.end)
      : [];
  const mayCount = claimFigures.some((f) => f.kind === 'number' && f.n! >= ANCHORING_COUNT);
  const mayClaim = mayCount || claimFigures.some((f) => f.kind === 'date');
  const cs = candidates(tokens, library, minSeed, figures, seen);
  seen.candidates = cs.length;
  const seenBy = new Map<PreparedSource, UnitInSource>();
  const unitIn = (p: PreparedSource) => {
    let found = seenBy.get(p);
    if (!found) seenBy.set(p, (found = unitInSource(cache, p, tokens)));
    return found;
  };
  // A quote of common words copied word for word seeds weakly; its exact run still finds it.
  if (unit.quote && cs.length === 0)
    cs.push(...verbatimQuoteCandidates(tokens, library).map((c) => ({ ...c, score: minSeed })));
  for (const c of cs) {
    // Below the plain seed floor only an event claim can succeed, and it needs a figure on both sides.
    if (figures && c.score < 1.5 && !sentenceHasFigure(library.sources[c.source]!, c.sentence))
      continue;
    // A candidate that no rule can link is not aligned. Whether a narrative sentence's clauses are
    // tried rests on its candidates' evidence (see `UnitBound`; not so for a quote, nor for a unit
    // with figures, whose clauses are tried whenever it has candidates): a candidate is skipped only
    // when that stays as it would be. Where an event claim may link, no bound is tried: it may link
    // where a count anchors it, or where a date does and the bound leaves room for the predicate words
    // a dated claim shares (its predicate is claim evidence, which the bound bounds).
    const prepared = library.sources[c.source]!;
    let bound: AlignmentBound | null = null;
    const claimOpen = mayClaim && mayHoldFigure(prepared, c.sentence);
    if (bounding && (!claimOpen || !mayCount))
      bound = alignmentBound(tokens, prepared, c.sentence, unitIn(prepared));
    if (bound && (!claimOpen || bound.claimEvidence < DATED_CLAIM_PREDICATE)) {
      const floor = unlinkable(bound, tokens.length, prepared, c.sentence, unit.quote);
      if (
        floor !== null &&
        (unit.quote || figures || seen.evidence >= MIN_EVIDENCE || floor >= MIN_EVIDENCE)
      ) {
        seen.evidence = Math.max(seen.evidence, floor);
        continue;
      }
    }
    // Nor is one whose match could not outrank the best so far: it would be dropped. (Once a unit
    // has a match, the evidence its candidates gave is never read, see `UnitBound`.)
    if (
      bounding &&
      best &&
      rankBound(bound ?? alignmentBound(tokens, prepared, c.sentence, unitIn(prepared))) <=
        best.rank
    ) {
      continue;
    }
    const scored = scoreCandidate(
      tokens,
      prepared,
      c.sentence,
      !unit.quote,
      cache,
      unitIn(prepared),
    );
    seen.evidence = Math.max(seen.evidence, scored.a.evidence);
    let m = decide(pageText, unit, tokens, scored, cache);
    if (
      m &&
      m.kind === 'paraphrase' &&
      figures &&
      datesConflict(findFigures(m.pageText), findFigures(sentenceText(scored)))
    )
      continue;
    if (figures && (!m || m.kind === 'paraphrase')) {
      // An event claim may link what plain overlap cannot, and narrows a restated claim to its stretch.
      const claim = eventClaim(
        pageText,
        tokens,
        scored.prepared.source.text,
        scored.tokens,
        scored.a,
        (stem) => libraryRarity(library, stem),
        cache.figures,
      );
      if (claim) m = decide(pageText, unit, tokens, scored, cache, claim) ?? m;
    }
    // Rank by how much of both passages the alignment explains, times how much it rests on.
    const rank = m
      ? m.score + scored.a.claimEvidence * ((scored.a.cover + scored.a.sourceCover) / 2)
      : 0;
    if (m && (!best || rank > best.rank)) best = { m, rank, published: prepared.source.published };
  }
  if (!best) return null;
  unreadDivergences.set(best.m, best.published);
  return best.m;
}

/**
 * Matches whose divergences are still to be read, with their source's publication date: most units'
 * matches give way to others (a quote's parts, a sentence's clauses, overlaps), so `matchText` reads
 * divergences only for those it returns.
 */
const unreadDivergences = new WeakMap<Match, string | null>();

/** The page sentence of each narrative match, for reading who the page says speaks (only for the matches returned). */
const narrativeSentence = new WeakMap<Match, TextRange>();

/** The source text of a scored candidate's sentences. */
function sentenceText(s: Scored): string {
  return s.prepared.source.text.slice(
    s.prepared.sentences[s.from]!.start,
    s.prepared.sentences[s.to]!.end,
  );
}

/** Per source words array: 1 for each sentence holding a figure, 2 for one without, 0 not yet known. */
const figureSentences = new WeakMap<MatchToken[], Uint8Array>();

/**
 * Whether a source sentence holds a digit or a month name: a cheap test before an event-claim
 * alignment, remembered per library (every unit with a figure asks it of the same candidates).
 */
function sentenceHasFigure(prepared: PreparedSource, k: number): boolean {
  const words = prepared.words;
  let known = figureSentences.get(words);
  if (!known) figureSentences.set(words, (known = new Uint8Array(prepared.sentences.length)));
  if (known[k] === 0) {
    const s = prepared.sentences[k]!;
    known[k] = 2;
    for (let i = s.tokFrom; i < s.tokTo; i++) {
      const norm = words[i]!.norm;
      if (/^\d/.test(norm) || isMonthWord(norm)) {
        known[k] = 1;
        break;
      }
    }
  }
  return known[k] === 1;
}

/** How rare a stem is among the library's sentences, in [0, 1]: 1 for one sentence, ≈ 0.2 for every one. */
function libraryRarity(library: Library, stem: string): number {
  const n = Math.max(library.sentenceCount, 1);
  const df = stemSentenceCount(library, stem);
  return df === 0 ? 1 : Math.log(1 + n / df) / Math.log(1 + n);
}

/**
 * How much evidence sentence `k` would add to alignment `a` of `tokens`: the weight of page words it
 * renders better than the aligned range does. Aligning with the range widened to `k` gains exactly
 * this, so a neighbour that cannot gain enough is never aligned.
 */
function neighbourGain(
  prepared: PreparedSource,
  k: number,
  tokens: MatchToken[],
  a: Alignment,
  seen: UnitInSource,
): number {
  // What the unit's unexplained words weigh bounds the gain: often too little to look further.
  let room = 0;
  for (let i = 0; i < tokens.length; i++)
    if (tokens[i]!.weight >= CONTENT_WEIGHT) room += tokens[i]!.weight * (1 - a.sim[i]!);
  if (room < WIDEN_EVIDENCE) return room;
  const sentence = prepared.sentences[k]!;
  let gain = 0;
  for (let i = 0; i < tokens.length; i++) {
    const p = tokens[i]!;
    if (p.weight < CONTENT_WEIGHT || a.sim[i]! >= 1) continue;
    let v = 1;
    if (!stemBetween(seen.positions, i, sentence.tokFrom, sentence.tokTo)) {
      const close = seen.close(i);
      v = close ? closestSimilarity(close, sentence.tokFrom, sentence.tokTo) : 0;
    }
    if (v > a.sim[i]!) gain += p.weight * (v - a.sim[i]!);
  }
  return gain;
}

/** Evidence a neighbouring sentence must add before the match widens to it. */
const WIDEN_EVIDENCE = 0.8;

/**
 * Whether a figure may stand in sentences k - 1 to k + 1 of a source, or in any stretch of them: every
 * figure holds a digit or a month name, and one without a digit ("late June", "in June") opens its
 * month name after a space or a hyphen (see lib/text/numbers.ts). Without one, no passage a candidate
 * may align with there gives an event claim.
 */
function mayHoldFigure(prepared: PreparedSource, k: number): boolean {
  // Remembered per source (every unit with a figure asks it of the same candidates, page after page).
  const words = prepared.words;
  let known = figureNeighbourhoods.get(words);
  if (!known) figureNeighbourhoods.set(words, (known = new Uint8Array(prepared.sentences.length)));
  if (known[k] === 0) {
    const sents = prepared.sentences;
    const from = sents[Math.max(0, k - 1)]!.tokFrom;
    const to = sents[Math.min(sents.length - 1, k + 1)]!.tokTo;
    known[k] =
      to > from &&
      FIGURE_SIGN.test(prepared.source.text.slice(words[from]!.start, words[to - 1]!.end))
        ? 1
        : 2;
  }
  return known[k] === 1;
}

/** Per source words array: 1 for each sentence whose neighbourhood may hold a figure (see `mayHoldFigure`), 2 for one that cannot, 0 not yet known. */
const figureNeighbourhoods = new WeakMap<MatchToken[], Uint8Array>();

/** A digit, or a month name's first letters after a space or a hyphen. */
const FIGURE_SIGN = /\d|[\s-](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;

/** Whether candidates are bounded before alignment (see `unlinkable`); off only in the test that checks the bound is sound. */
let bounding = true;

/**
 * Turns the candidate bound off or on. The bound repeats `decide`'s thresholds in another form, so a
 * test matches pages both ways and requires the same matches: a rule changed in one place and not
 * the other shows there, not as matches silently lost.
 */
export function setCandidateBound(on: boolean): void {
  bounding = on;
}

/** Slack added to a bound before it meets a rule's threshold: the bound's sums may round otherwise. */
const BOUND_SLACK = 1e-9;

/**
 * The most any alignment `scoreCandidate` may settle on for candidate sentence `k` can reach, before
 * it is aligned. Every such alignment (the sentence, widened to one neighbour or both, or a source
 * quote inside the sentence) renders each page word at most as well as the best word of sentences
 * k - 1 to k + 1: 1 for a shared stem, else its closest word there. Summed in the same order (and
 * with slack for rounding), those bound evidence, cover and claim evidence, and words copied in a
 * row must each share a stem there.
 */
interface AlignmentBound {
  evidence: number;
  total: number;
  claimEvidence: number;
  claimTotal: number;
  /** The weight of the words that share a stem with sentence k itself (see `unlinkable`). */
  floor: number;
  /** The longest stretch of page words that share stems. */
  longestInRow: number;
  /** Page words in stretches of 3 or more that share stems: a bound on the words in copied runs of 3 or more. */
  inLongRows: number;
}

/** The bound of a unit's alignments with candidate sentence `k` (see `AlignmentBound`). */
function alignmentBound(
  tokens: MatchToken[],
  prepared: PreparedSource,
  k: number,
  seen: UnitInSource,
): AlignmentBound {
  const sents = prepared.sentences;
  const lo = Math.max(0, k - 1);
  const hi = Math.min(sents.length - 1, k + 1);
  const from = sents[lo]!.tokFrom;
  const to = sents[hi]!.tokTo;
  const own = sents[k]!;
  let evidence = 0;
  let total = 0;
  let claimEvidence = 0;
  let claimTotal = 0;
  let floor = 0;
  let inRow = 0;
  let longestInRow = 0;
  let inLongRows = 0;
  // Where each word's stem stands in the source (as `stemBetween` reads it, here inline: this runs
  // for every word of every candidate).
  const { stemIds, stems } = seen.positions;
  const { start, at } = stems;
  for (let i = 0; i < tokens.length; i++) {
    const p = tokens[i]!;
    const id = stemIds[i]!;
    // The stem's first position from the neighbourhood's start, when it stands inside it.
    let first = -1;
    if (id >= 0) {
      const k = lowerBound(at, from, start[id]!, start[id + 1]!);
      if (k < start[id + 1]! && at[k]! < to) first = k;
    }
    const shared = first >= 0;
    inRow = shared ? inRow + 1 : 0;
    if (inRow > longestInRow) longestInRow = inRow;
    inLongRows += inRow === 3 ? 3 : inRow > 3 ? 1 : 0;
    if (p.weight < CONTENT_WEIGHT) continue;
    const close = shared ? null : seen.close(i);
    const best = shared ? 1 : close ? closestSimilarity(close, from, to) : 0;
    total += p.weight;
    evidence += p.weight * best;
    if (!p.cap) {
      claimTotal += p.weight;
      claimEvidence += p.weight * best;
    }
    if (shared) {
      const k = lowerBound(at, own.tokFrom, first, start[id + 1]!);
      if (k < start[id + 1]! && at[k]! < own.tokTo) floor += p.weight;
    }
  }
  return {
    evidence: evidence + BOUND_SLACK,
    total,
    claimEvidence: claimEvidence + BOUND_SLACK,
    claimTotal,
    floor,
    longestInRow,
    inLongRows,
  };
}

/**
 * Whether no rule of `decide` can link a unit of `words` words to candidate sentence `k` with
 * alignments within bound `b`, when no event claim can (the page passage or the source's sentences
 * hold no figure to anchor one, or only a date anchors it and `b` leaves too little room for the
 * predicate words a dated claim shares): the least evidence its alignment would have when none can,
 * else null.
 *
 * A narrative unit must be copied whole or share what is claimed (the check after the rules in
 * `decide`); a quote must meet one of the ways of `quoteMayLink`. The least evidence: the words that
 * share a stem with sentence k itself, which every alignment keeps but a quote target, kept only
 * when it has 0.8 of the sentence's evidence (see `quoteTarget`).
 */
function unlinkable(
  b: AlignmentBound,
  words: number,
  prepared: PreparedSource,
  k: number,
  quote: boolean,
): number | null {
  const { evidence, total, claimEvidence, claimTotal, floor, longestInRow, inLongRows } = b;
  // Copied whole.
  if (longestInRow === words) return null;
  const claimCover = claimTotal > 0 ? claimEvidence / claimTotal : 0;
  const cover = total > 0 ? evidence / total : 0;
  if (!quote) {
    // Reuse, a restated claim, or one restated by naming the source sentence's speaker (who must be known).
    const speakers = reportingSpeakers(prepared);
    const named = (k > 0 && speakers[k - 1] != null) || speakers[k] != null;
    const rule =
      (inLongRows / words >= 0.5 && evidence >= 1.5 && cover >= 0.5) ||
      (cover >= 0.3 && evidence >= 2.2) ||
      named;
    return rule && claimEvidence >= 0.7 && claimCover >= 0.2 ? null : 0.8 * floor;
  }
  if (longestInRow >= 4) return null;
  const a = { cover, evidence, sourceCover: 1, claimEvidence };
  const told = evidence + QUESTION_EVIDENCE;
  const claimed = claimCover >= 0.2 && claimEvidence + QUESTION_EVIDENCE >= 0.7;
  return claimed &&
    (mayLinkReworded(a, true, told, total) || mayLinkReworded(a, false, told, total))
    ? null
    : 0.8 * floor;
}

/**
 * The highest rank (see `matchUnitTokens`) a match with alignments within bound `b` can have: a
 * score of at most 1 plus its claim evidence times the mean of its cover and a source cover of at most 1.
 */
function rankBound(b: AlignmentBound): number {
  const cover = b.total > 0 ? b.evidence / b.total : 0;
  return 1 + b.claimEvidence * ((cover + 1) / 2) + BOUND_SLACK;
}

/** Aligns a unit with a source sentence, widened to a neighbour when the unit renders both. */
function scoreCandidate(
  tokens: MatchToken[],
  prepared: PreparedSource,
  k: number,
  narrative: boolean,
  cache: PageCache,
  seen: UnitInSource,
): Scored {
  const sents = prepared.sentences;
  let from = k;
  let to = k;
  let a = align(
    tokens,
    sentenceRange(cache, prepared, from, to),
    closestIn(cache, prepared, tokens, from, to, seen),
    seen.positions,
  );
  // Widening only helps a unit the sentence already partly explains.
  if (a.cover >= 0.2)
    for (let side = 0; side < 2; side++) {
      const f = side === 0 ? k - 1 : k;
      const t = side === 0 ? k : k + 1;
      if (f < 0 || t >= sents.length) continue;
      const lo = Math.min(f, from);
      const hi = Math.max(t, to);
      if (neighbourGain(prepared, f < from ? f : t, tokens, a, seen) < WIDEN_EVIDENCE) continue;
      const wider = align(
        tokens,
        sentenceRange(cache, prepared, lo, hi),
        closestIn(cache, prepared, tokens, lo, hi, seen),
        seen.positions,
      );
      // Widen only when the neighbour renders a real share of the unit that the sentence alone misses.
      if (wider.cover >= a.cover + 0.15 && wider.evidence >= a.evidence + WIDEN_EVIDENCE) {
        a = wider;
        from = lo;
        to = hi;
      }
    }
  const words = sentenceRange(cache, prepared, from, to).tokens;
  // Which source quote (if any) holds most of the matched weight.
  let quoteSpeaker: string | null = null;
  let inQuote = false;
  let quote: TextRange | null = null;
  let bestInside = 0;
  let matchedWeight = 0;
  for (let i = 0; i < tokens.length; i++)
    if (a.at[i]! >= 0 && tokens[i]!.weight >= CONTENT_WEIGHT)
      matchedWeight += tokens[i]!.weight * a.sim[i]!;
  const quotes = prepared.quotes;
  for (let qi = 0; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    if (q.sentence < from || q.sentence > to) continue;
    let inside = 0;
    for (let i = 0; i < tokens.length; i++) {
      const j = a.at[i]!;
      if (
        j >= 0 &&
        tokens[i]!.weight >= CONTENT_WEIGHT &&
        words[j]!.start >= q.start &&
        words[j]!.end <= q.end
      )
        inside += tokens[i]!.weight * a.sim[i]!;
    }
    if (inside > bestInside && inside >= 0.5 * matchedWeight) {
      bestInside = inside;
      inQuote = true;
      quoteSpeaker = q.speaker;
      quote = { start: q.start, end: q.end };
    }
  }
  const scored: Scored = {
    prepared,
    tokens: words,
    a,
    from,
    to,
    quoteSpeaker,
    inQuote,
    quote,
    sentenceSpeaker: reportingSpeakers(prepared)[from] ?? null,
  };
  return narrative ? (quoteTarget(tokens, prepared, k, scored) ?? scored) : scored;
}

/**
 * A page sentence that reports what a source quotes ("Emphasizing that neither peace nor war can be
 * imposed …" for “they cannot impose either war or peace …”) renders the quote, not the source's whole
 * sentence around it: the quote alone is the target when it explains both sides clearly better.
 */
function quoteTarget(
  tokens: MatchToken[],
  prepared: PreparedSource,
  k: number,
  sentence: Scored,
): Scored | null {
  const fit = (x: Alignment) => x.cover + x.sourceCover;
  let best: Scored | null = null;
  prepared.quotes.forEach((q, qi) => {
    if (q.sentence !== k) return;
    const index = quoteWords(prepared, qi);
    if (!index) return;
    const words = index.tokens;
    const a = align(tokens, index);
    if (fit(a) < fit(sentence.a) + QUOTE_TARGET_GAIN || a.evidence < 0.8 * sentence.a.evidence)
      return;
    if (best && fit(a) <= fit(best.a)) return;
    best = {
      ...sentence,
      tokens: words,
      a,
      from: k,
      to: k,
      quoteSpeaker: q.speaker,
      inQuote: true,
      quote: { start: q.start, end: q.end },
    };
  });
  return best;
}

/** Indexed words of each source quote (within its sentence), by the source's words array; null for a quote of fewer than 3 content words. */
const quoteIndexes = new WeakMap<MatchToken[], (SourceIndex | null)[]>();

/** The indexed words of quote `qi` of a source that fall in the quote's sentence, once per library; null when too few to target. */
function quoteWords(prepared: PreparedSource, qi: number): SourceIndex | null {
  const all = prepared.words;
  let byQuote = quoteIndexes.get(all);
  if (!byQuote) quoteIndexes.set(all, (byQuote = []));
  let index = byQuote[qi];
  if (index === undefined) {
    const q = prepared.quotes[qi]!;
    const sent = prepared.sentences[q.sentence]!;
    const words = all
      .slice(sent.tokFrom, sent.tokTo)
      .filter((t) => t.start >= q.start && t.end <= q.end);
    byQuote[qi] = index =
      words.filter((t) => t.weight >= CONTENT_WEIGHT).length < 3 ? null : indexSource(words);
  }
  return index;
}

/** Words copied in a row beyond which a quote is the source's quote whoever the page says spoke it. */
const MISATTRIBUTED_RUN = 12;

/** Turns an alignment into a match of the right kind (its divergences not yet read), or rejects it. */
function decide(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
  cache: PageCache,
  claim: EventClaim | null = null,
): Match | null {
  const { a } = s;
  const sourceSpeaker = s.inQuote ? s.quoteSpeaker : s.sentenceSpeaker;
  const whole = a.run.length === pageTokens.length;
  // Who speaks a quote is read only when some way of linking it is still open.
  if (unit.quote && !quoteMayLink(pageTokens, s, whole)) return null;
  // Against a source passage that names no speaker, who speaks on the page cannot agree or disagree.
  const agree =
    unit.quote && sourceSpeaker !== null ? cache.agree(unit.speaker(), sourceSpeaker) : null;
  let kind: MatchKind | null = null;
  let score = 0;
  let pageFrom = 0;
  let pageTo = pageTokens.length - 1;
  let sourceIdx: number[] = [];
  // Claim evidence of a quote of reported speech, with the question it asks (see `reportedSpeech`).
  let reportedClaim: number | null = null;

  if (unit.quote) {
    const contentWeight = pageTokens.reduce((x, t) => x + t.weight, 0);
    // A name or a title alone ("Maren Oskelund", "Belvorian foreign minister") quotes nothing; five
    // words or more copied in a row are a quote whatever they are.
    const runClaim = a.run.length >= LONG_RUN ? 1 : runClaimWeight(pageTokens, s.tokens, a.run);
    // A quote of what the source reports its speaker saying (see `reportedSpeech`) rests on the
    // speaker more than on shared words: person, mood and wording all change in the retelling.
    const told =
      !s.inQuote && agree === true ? reportedSpeech(pageText, unit, pageTokens, s) : null;
    const toldOk = told !== null && told.cover >= REPORTED_COVER && told.evidence >= 0.8;
    // A quote of a dozen words or more copied whole is the same quote even when the page gives it to
    // someone else (no common phrase is that long): linked with both speakers, so the popover and the
    // dashboard show the misattribution.
    if (
      whole &&
      contentWeight >= 0.5 &&
      runClaim > 0 &&
      (agree !== false || a.run.length >= MISATTRIBUTED_RUN)
    ) {
      kind = 'verbatim';
      score = 1;
    } else if (
      s.inQuote &&
      agree !== false &&
      a.cover >= REWORDED_COVER &&
      a.evidence >= 1.5 &&
      inOrderShare(a) >= REWORDED_IN_ORDER
    ) {
      // A quote the source's quote renders nearly word for word is one reworded quote ("did grave
      // damage" for "did serious harm"): one variant over all of it, so the popover's diff shows what
      // changed, rather than a verbatim stretch that leaves the changed words out.
      kind = 'variant';
      score = Math.min(0.95, 0.4 + 0.5 * a.cover + (agree ? 0.1 : 0));
    } else if (toldOk && a.cover >= REWORDED_COVER) {
      // Likewise a quote that retells most of a reported sentence is one paraphrase over all of it,
      // even where a few of its words are the source's own.
      kind = 'paraphrase';
      score = Math.min(0.95, 0.5 + 0.5 * a.cover);
      reportedClaim = told!.claimEvidence;
    } else if (
      a.run.length >= 4 &&
      a.run.weight >= 1 &&
      runClaim > 0 &&
      (agree !== false || a.run.weight >= 3)
    ) {
      kind = 'verbatim';
      score = 0.6 + 0.4 * (a.run.length / pageTokens.length);
      pageFrom = a.run.page;
      pageTo = a.run.page + a.run.length - 1;
    }
    if (kind === 'verbatim') {
      for (let k = 0; k < pageTo - pageFrom + 1; k++) sourceIdx.push(a.run.source + k);
    } else if (kind === null) {
      const ok =
        told !== null
          ? toldOk
          : agree === true
            ? a.cover >= 0.45 && a.evidence >= 0.8
            : agree === null
              ? (a.cover >= 0.6 && a.evidence >= 1.5) ||
                (a.cover >= 0.3 && a.sourceCover >= 0.3 && a.evidence >= 3 && a.claimEvidence >= 2)
              : false;
      if (!ok) return null;
      kind = s.inQuote ? 'variant' : 'paraphrase';
      score = Math.min(0.95, 0.4 + 0.5 * a.cover + (agree ? 0.1 : 0));
      if (told) reportedClaim = told.claimEvidence;
    }
  } else {
    if (
      whole &&
      pageTokens.length >= 5 &&
      runClaimWeight(pageTokens, s.tokens, a.run) >= NARRATIVE_CLAIM
    ) {
      kind = 'verbatim';
      score = 1;
    } else if (a.runTokens / pageTokens.length >= 0.5 && a.evidence >= 1.5 && a.cover >= 0.5) {
      // Copied words given to another speaker ("Lindqvist claimed that …" for "she accused …") are not her claim.
      if (cache.agree(cache.subject(pageText, unit.start, unit.end), s.sentenceSpeaker) === false)
        return null;
      kind = 'reuse';
      score = Math.min(0.95, 0.5 + 0.5 * a.cover);
    } else if (
      restated(a.cover, a.evidence, a.sourceCover) ||
      // Crediting the named speaker (a costly look at the page's attribution) can only help a claim
      // that shares what is claimed: checked first.
      (a.sourceCover >= 0.2 &&
        (claim !== null || (a.claimEvidence >= 0.7 && a.claimCover >= 0.2)) &&
        restatedNaming(pageText, unit, pageTokens, s))
    ) {
      // A restated claim is someone's claim: when both sentences say who speaks, it must be the same
      // one (the source's "she" is the one it reported last).
      if (subjectsDisagree(pageText, unit, s, cache)) return null;
      kind = 'paraphrase';
      score = Math.min(0.9, 0.3 + 0.5 * a.cover);
    } else if (claim) {
      // The same event claim told in other words, anchored by a figure or date (./event.ts), by the same one.
      if (subjectsDisagree(pageText, unit, s, cache)) return null;
      kind = 'paraphrase';
      score = Math.min(0.85, 0.35 + 0.4 * a.cover);
    } else return null;
  }
  // A restated claim must share what is claimed, not only who is named (an event claim shares a figure).
  if (
    kind !== 'verbatim' &&
    !claim &&
    !((reportedClaim ?? a.claimEvidence) >= 0.7 && a.claimCover >= 0.2)
  )
    return null;
  if (sourceIdx.length === 0) {
    // A reworded quote shows its source quote from its first shared word to its last, small words included.
    const spanAll = kind === 'variant' && s.quote !== null;
    for (let i = pageFrom; i <= pageTo; i++)
      if (a.at[i]! >= 0 && a.sim[i]! > 0 && (spanAll || pageTokens[i]!.weight >= CONTENT_WEIGHT))
        sourceIdx.push(a.at[i]!);
    // Trim the page side to the clauses that hold matched words.
    // An event claim's anchoring figure stays in view even where it differs from the source's.
    const anchored = (i: number) =>
      claim !== null && i >= claim.pageFigure[0] && i <= claim.pageFigure[1];
    const matched = pageTokens.filter(
      (t, i) => (a.at[i]! >= 0 && t.weight >= CONTENT_WEIGHT) || anchored(i),
    );
    if (matched.length === 0) return null;
    // A quote of reported speech renders the report as a whole: the reader sees all of the quote.
    if (kind !== 'verbatim' && reportedClaim === null) {
      const clauses = cache
        .clauses(pageText, unit.start, unit.end)
        .filter((c) => matched.some((t) => t.start >= c.start && t.end <= c.end));
      if (!unit.quote) dropFramingClauses(clauses, pageTokens, a, anchored);
      if (clauses.length > 0) {
        pageFrom = pageTokens.findIndex((t) => t.start >= clauses[0]!.start);
        const lastEnd = clauses[clauses.length - 1]!.end;
        pageTo = pageTokens.reduce((acc, t, i) => (t.end <= lastEnd ? i : acc), pageFrom);
      }
      // A long clause may state the event claim in a stretch of it only ("… following the collapse of
      // its 2015 nuclear deal and Washington's dramatic June 21 strikes on its nuclear facilities").
      // The clause that holds the claim's figure is the claim when it is short enough; the reader
      // sees a whole clause, not a stretch cut at a small word.
      if (claim && pageTo - pageFrom + 1 > LONG_CLAUSE) {
        const fig = pageTokens[claim.pageFigure[0]]!;
        const c = cache
          .clauses(pageText, unit.start, unit.end)
          .find((x) => fig.start >= x.start && fig.end <= x.end);
        const cFrom = c ? pageTokens.findIndex((t) => t.start >= c.start) : -1;
        const cTo = c ? pageTokens.reduce((acc, t, i) => (t.end <= c.end ? i : acc), cFrom) : -1;
        if (c && cFrom >= 0 && cTo - cFrom + 1 <= LONG_CLAUSE)
          [pageFrom, pageTo] = [Math.max(cFrom, pageFrom), Math.min(cTo, pageTo)];
        else
          [pageFrom, pageTo] = claimWindow(
            pageText,
            pageTokens,
            a,
            claim,
            Math.max(pageFrom, cFrom),
            cTo >= 0 ? Math.min(pageTo, cTo) : pageTo,
          );
      }
    }
  }
  const words = s.tokens;
  // A reworded quote renders the source's quote: words it shares with the text around that quote
  // (a name in the sentence before) are not part of what it renders.
  if (kind === 'variant' && s.quote)
    sourceIdx = sourceIdx.filter(
      (j) => words[j]!.start >= s.quote!.start && words[j]!.end <= s.quote!.end,
    );
  if (sourceIdx.length === 0) return null;
  let sStart = Math.min(...sourceIdx.map((j) => words[j]!.start));
  let sEnd = Math.max(...sourceIdx.map((j) => words[j]!.end));
  if (kind === 'variant' && s.quote) {
    // Small words left at the quote's edges ("The", "one") belong to it.
    const inQuote = words.filter((t) => t.start >= s.quote!.start && t.end <= s.quote!.end);
    const before = inQuote.filter((t) => t.end <= sStart);
    const after = inQuote.filter((t) => t.start >= sEnd);
    if (before.length > 0 && before.every((t) => t.weight < CONTENT_WEIGHT))
      sStart = before[0]!.start;
    if (after.length > 0 && after.every((t) => t.weight < CONTENT_WEIGHT))
      sEnd = after[after.length - 1]!.end;
  }
  const src = s.prepared.source.text;
  if (kind !== 'verbatim' && !(kind === 'variant' && s.quote)) {
    // A restated claim points at whole source clauses, so the reader sees the claim in context.
    const clauses = sourceClauses(s.prepared, s.from, s.to).filter(
      (c) => c.end > sStart && c.start < sEnd,
    );
    if (clauses.length > 0) {
      sStart = Math.min(sStart, clauses[0]!.start);
      sEnd = Math.max(sEnd, clauses[clauses.length - 1]!.end);
    }
  }
  let pStart = pageTokens[pageFrom]!.start;
  let pEnd = closeBracket(pageText, pageTokens[pageTo]!.end, unit.end);
  // Never stretch a sentence's match over a quote in it: keep the side that holds more matched words.
  for (const q of unit.exclude ?? []) {
    if (q.start >= pEnd || q.end <= pStart) continue;
    const weightIn = (from: number, to: number) =>
      pageTokens.reduce(
        (x, t, i) =>
          t.start >= from && t.end <= to && a.at[i]! >= 0 ? x + t.weight * a.sim[i]! : x,
        0,
      );
    const left = pageTokens.filter((t) => t.start >= pStart && t.end <= q.start - 1);
    const right = pageTokens.filter((t) => t.start >= q.end + 1 && t.end <= pEnd);
    // A side cut off in the middle of a clause ("X says the release did" before ‘grave damage’)
    // states nothing on its own: the quoted phrase is part of its claim.
    const leftEnd = left.length > 0 ? left[left.length - 1]!.end : -1;
    const rightStart = right.length > 0 ? right[0]!.start : -1;
    const leftOk = leftEnd >= 0 && CLAUSE_BREAK.test(pageText.slice(leftEnd, q.start));
    const rightOk = rightStart >= 0 && CLAUSE_BREAK.test(pageText.slice(q.end, rightStart));
    if (leftOk && (weightIn(pStart, q.start) >= weightIn(q.end, pEnd) || !rightOk)) pEnd = leftEnd;
    else if (rightOk) pStart = rightStart;
    else return null;
  }
  // What stands right beside a quote may be only its attribution ("Speaking from Tehran, X claimed,"
  // before “…”): a few words that name who speaks. That is no finding on its own.
  for (const q of unit.exclude ?? []) {
    const adjacent =
      (q.start >= pEnd && !/[\p{L}\p{N}]/u.test(pageText.slice(pEnd, q.start))) ||
      (q.end <= pStart && !/[\p{L}\p{N}]/u.test(pageText.slice(q.end, pStart)));
    if (!adjacent) continue;
    const kept = pageTokens.filter((t) => t.start >= pStart && t.end <= pEnd);
    if (
      kept.length <= ATTRIBUTION_WORDS &&
      findSpeaker(pageText, q.start, q.end, Math.min(pStart, q.start), Math.max(pEnd, q.end), false)
    )
      return null;
  }
  const pageSpan = pageText.slice(pStart, pEnd);
  const sourceSpan = src.slice(sStart, sEnd);
  return {
    // Words copied whole outside quote marks are a copied sentence: the page quotes no one there.
    kind: kind === 'verbatim' && !unit.quote ? 'reuse' : kind,
    pageStart: pStart,
    pageEnd: pEnd,
    pageText: pageSpan,
    sourceId: s.prepared.source.id,
    sourceStart: sStart,
    sourceEnd: sEnd,
    sourceText: sourceSpan,
    score: Math.max(0, Math.min(1, score)),
    speaker: { page: unit.quote ? unit.speaker() : null, source: sourceSpeaker },
    // Read for the matches `matchText` returns (see `unreadDivergences`): most matches decided give way to others.
    divergences: [],
  };
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

/**
 * Whether a narrative unit's subject and who speaks in the candidate's source sentence (its reported
 * speaker, else its subject) are two different people. The source's subject is read only when the
 * unit names one: without it nothing can disagree.
 */
function subjectsDisagree(pageText: string, unit: Unit, s: Scored, cache: PageCache): boolean {
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

/**
 * Drops, from the ends of a restated sentence's clauses, a clause that shares a single word with the
 * source among several of its own, while the others carry the claim: "In his first interview with
 * American media since the war," shares only "interview" with the source's "In a revealing
 * interview". The reader is shown the claim, not the framing around it. A short clause ("Trump,"
 * before "who has said …") is the sentence's subject, not framing, and stays.
 */
function dropFramingClauses(
  clauses: TextRange[],
  tokens: MatchToken[],
  a: Alignment,
  anchored: (i: number) => boolean,
): void {
  const weightIn = (c: TextRange) => {
    let w = 0;
    let n = 0;
    let content = 0;
    let anchor = false;
    tokens.forEach((t, i) => {
      if (t.start < c.start || t.end > c.end) return;
      if (anchored(i)) anchor = true;
      if (t.weight < CONTENT_WEIGHT) return;
      content++;
      if (anchored(i) || a.at[i]! < 0) return;
      w += t.weight * a.sim[i]!;
      n++;
    });
    return { w, n, content, anchor };
  };
  while (clauses.length >= 2) {
    const all = clauses.map(weightIn);
    const total = all.reduce((x, c) => x + c.w, 0);
    const framing = (c: ReturnType<typeof weightIn>) =>
      !c.anchor && c.n <= 1 && c.content >= FRAMING_WORDS && c.w < FRAMING_SHARE * (total - c.w);
    if (framing(all[0]!)) clauses.shift();
    else if (framing(all[all.length - 1]!)) clauses.pop();
    else break;
  }
}

/** At most this share of the rest's matched weight makes a one-word edge clause framing (see dropFramingClauses). */
const FRAMING_SHARE = 1 / 3;
/** Content words a framing clause holds at least: fewer, and the one shared word is most of it. */
const FRAMING_WORDS = 3;

/** Whether a narrative sentence restates a source sentence by how much of each the alignment explains. */
function restated(cover: number, evidence: number, sourceCover: number): boolean {
  return cover >= 0.3 && sourceCover >= 0.2 && (cover + sourceCover) / 2 >= 0.32 && evidence >= 2.2;
}

/** `restated`, crediting the speaker the sentence names (see `namedSpeakerCredit`). */
function restatedNaming(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
): boolean {
  const named = namedSpeakerCredit(pageText, unit, pageTokens, s);
  return restated(named.cover, named.evidence, s.a.sourceCover);
}

/** Share of a page quote's content weight the source quote must render for one variant over the whole quote. */
const REWORDED_COVER = 0.6;
/** Share of a page quote's words that must meet the source quote's words in the same order for it to be one reworded quote. */
const REWORDED_IN_ORDER = 0.75;

/**
 * Share of the page words that the source renders in the same order (the longest run of aligned
 * words whose source positions increase): high when a quote is the source's quote with a few words
 * swapped, trimmed or inserted, low when only a stretch of it comes from the source.
 */
function inOrderShare(a: Alignment): number {
  // Patience method: tails[k] is the smallest source position ending an increasing sequence of length k + 1.
  const tails: number[] = [];
  a.at.forEach((j, i) => {
    if (j < 0 || a.sim[i]! <= 0) return;
    tails[lowerBound(tails, j)] = j;
  });
  return a.at.length > 0 ? tails.length / a.at.length : 0;
}
/** Words copied in a row that make a verbatim quote whatever they are. */
const LONG_RUN = 5;
/** Claim weight a verbatim narrative sentence must carry: an attribution ("Foreign Minister X said") is no claim. */
const NARRATIVE_CLAIM = 1;

/**
 * Weight of the content words of a verbatim run that the source writes in lower case: what is
 * claimed. Words of a name or a title in the source ("Maren Oskelund", "Foreign Minister") say who,
 * not what, however the page writes them.
 */
function runClaimWeight(page: MatchToken[], source: MatchToken[], run: Alignment['run']): number {
  let w = 0;
  for (let k = 0; k < run.length; k++) {
    const p = page[run.page + k]!;
    const s = source[run.source + k]!;
    // A passage's first word is capitalised anyway: there the page's spelling tells a name from a word.
    if (p.weight >= CONTENT_WEIGHT && (!s.cap || (run.source + k === 0 && !p.cap))) w += p.weight;
  }
  return w;
}

/** Punctuation between a sentence's words and a quote in it that ends a clause there. */
const CLAUSE_BREAK = /[,;:.!?\u2013\u2014(]/u;

/** Page tokens beyond which a clause holding an event claim is cut down to the claim's stretch. */
const LONG_CLAUSE = 20;
/** Unmatched content words in a row that end an event claim's stretch. */
const CLAIM_GAP = 2;

/** The stretch around an event claim's anchoring figure that holds matched words, within `[from, to]`. */
function claimWindow(
  text: string,
  tokens: MatchToken[],
  a: Alignment,
  claim: EventClaim,
  from: number,
  to: number,
): [number, number] {
  const edge = (start: number, step: 1 | -1, limit: number) => {
    let last = start;
    let gap = 0;
    for (let i = start + step; step > 0 ? i <= limit : i >= limit; i += step) {
      if (tokens[i]!.weight < CONTENT_WEIGHT) continue;
      if (a.at[i]! >= 0 && a.sim[i]! > 0) {
        last = i;
        gap = 0;
      } else if (++gap > CLAIM_GAP) break;
    }
    return last;
  };
  const left = edge(Math.max(from, claim.pageFigure[0]), -1, from);
  let right = edge(Math.min(to, claim.pageFigure[1]), 1, to);
  // Keep hyphenated figures whole ("12-day").
  while (right < to && text.slice(tokens[right]!.end, tokens[right + 1]!.start) === '-') right++;
  return [left, right];
}

/** Keeps an editorial bracket closed when the match ends inside it ("a final [decision]"). */
function closeBracket(text: string, end: number, limit: number): number {
  // The cheap tests first: the searches back may read the whole page.
  if (text[end] !== ']' || end >= limit + 1) return end;
  // The bracket at `end` is the one to close: is there an opening one after any earlier closing one?
  const open = text.lastIndexOf('[', end);
  const close = end > 0 ? text.lastIndexOf(']', end - 1) : -1;
  return open > close ? end + 1 : end;
}

/**
 * Removes duplicate links: a sentence match that adds nothing beyond a quote match it contains (same
 * source passage), and exact repeats.
 */
function resolveOverlaps(matches: Match[]): Match[] {
  const quoteFirst = [...matches];
  const kept: Match[] = [];
  for (const m of quoteFirst) {
    const dup = kept.find(
      (k) =>
        k.sourceId === m.sourceId &&
        k.pageStart < m.pageEnd &&
        m.pageStart < k.pageEnd &&
        k.sourceStart < m.sourceEnd &&
        m.sourceStart < k.sourceEnd,
    );
    if (!dup) {
      kept.push(m);
      continue;
    }
    // Keep the larger one too when it is much longer: the copied narrative around a quote is a finding.
    const [big, small] =
      m.pageEnd - m.pageStart > dup.pageEnd - dup.pageStart ? [m, dup] : [dup, m];
    if (
      big.pageEnd - big.pageStart >= 2 * (small.pageEnd - small.pageStart) &&
      (big.kind === 'verbatim' || big.kind === 'reuse')
    ) {
      kept.push(m);
    } else if (big === m && m.score > dup.score) {
      kept[kept.indexOf(dup)] = m;
    }
  }
  return kept.sort((x, y) => x.pageStart - y.pageStart || x.pageEnd - y.pageEnd);
}
