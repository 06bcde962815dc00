/**
 * One page unit through the stages: its candidates (./candidates.ts) are bounded (./bounds.ts),
 * aligned (./score.ts) and decided (./decide.ts); the best-ranked match is kept.
 */
import type { Library, PreparedSource } from '../library';
import { findFigures } from '../text/numbers';
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import type { Match } from '../types';
import { CONTENT_WEIGHT } from './align';
import { ANCHORING_COUNT, DATED_CLAIM_PREDICATE, datesConflict, eventClaim } from './event';
import { type PageCache, unitInSource, type UnitInSource } from './page-cache';
import type { Unit, Scored, UnitBound } from './unit';
import { rejectLink } from './gates';
import {
  sentenceHasFigure,
  mayHoldFigure,
  bounding,
  type AlignmentBound,
  alignmentBound,
  unlinkable,
  rankBound,
} from './bounds';
import { candidates, libraryRarity, verbatimQuoteCandidates } from './candidates';
import { noteRestated } from './corroboration';
import { decide } from './decide';
import { MIN_EVIDENCE } from './rules';
import { scoreCandidate } from './score';

/**
 * What matching one unit learned that bounds what its clauses can find: a clause has a subset of the
 * unit's words, so no more evidence against the same candidates, and when every word of the unit
 * seeded (`allSeeds`) and none brought up a candidate, no clause's words can either.
 */
/** The best match of one page unit, or null. */
export function matchUnitTokens(
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
  let best: {
    m: Match;
    rank: number;
    published: string | null;
    restatedOnly: boolean;
    scored: Scored;
  } | null = null;
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
      bound = alignmentBound(tokens, prepared, c.sentence, unitOnce(seenBy, prepared, tokens));
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
      rankBound(
        bound ?? alignmentBound(tokens, prepared, c.sentence, unitOnce(seenBy, prepared, tokens)),
      ) <= best.rank
    ) {
      continue;
    }
    const scored = scoreCandidate(
      tokens,
      prepared,
      c.sentence,
      !unit.quote,
      cache,
      unitOnce(seenBy, prepared, tokens),
    );
    seen.evidence = Math.max(seen.evidence, scored.a.evidence);
    const rarity = rarityIn(library);
    let m = decide(pageText, unit, tokens, scored, cache, rarity);
    let anchored = false;
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
        rarity,
        cache.figures,
      );
      const withClaim = claim ? decide(pageText, unit, tokens, scored, cache, rarity, claim) : null;
      if (withClaim) {
        m = withClaim;
        anchored = true;
      }
    }
    // Whatever rule decided it, the link must pass the verification gates (./gates.ts).
    if (
      m &&
      rejectLink(
        {
          kind: m.kind,
          pageText: m.pageText,
          sourceText: m.sourceText,
          sourceSentence: sentenceText(scored),
          pageIsQuote: unit.quote,
          sourceIsQuote: scored.inQuote,
          pageSpeaker: m.speaker.page,
          sourceSpeaker: m.speaker.source,
          eventClaim: anchored,
        },
        cache.agree,
      ) !== null
    )
      m = null;
    // Rank by how much of both passages the alignment explains, times how much it rests on.
    const rank = m
      ? m.score + scored.a.claimEvidence * ((scored.a.cover + scored.a.sourceCover) / 2)
      : 0;
    if (m && (!best || rank > best.rank))
      best = {
        m,
        rank,
        published: prepared.source.published,
        restatedOnly: !unit.quote && m.kind === 'paraphrase' && !anchored,
        scored,
      };
  }
  if (!best) return null;
  unreadDivergences.set(best.m, best.published);
  if (best.restatedOnly) noteRestated(best.m, best.scored, cache);
  return best.m;
}

/** The unit of words `tokens` as source `p` sees it, worked out once per unit (`seenBy`). */
function unitOnce(
  seenBy: Map<PreparedSource, UnitInSource>,
  p: PreparedSource,
  tokens: MatchToken[],
): UnitInSource {
  let found = seenBy.get(p);
  if (!found) seenBy.set(p, (found = unitInSource(p, tokens)));
  return found;
}

/** Each library's `libraryRarity`, as one function made once (not once per candidate). */
const rarities = new WeakMap<Library, (stem: string) => number>();

function rarityIn(library: Library): (stem: string) => number {
  let rarity = rarities.get(library);
  if (!rarity) rarities.set(library, (rarity = (stem) => libraryRarity(library, stem)));
  return rarity;
}

/**
 * Matches whose divergences are still to be read, with their source's publication date: most units'
 * matches give way to others (a quote's parts, a sentence's clauses, overlaps), so `matchText` reads
 * divergences only for those it returns.
 */
export const unreadDivergences = new WeakMap<Match, string | null>();

/** The page sentence of each narrative match, for reading who the page says speaks (only for the matches returned). */
export const narrativeSentence = new WeakMap<Match, TextRange>();

/** The source text of a scored candidate's sentences. */
function sentenceText(s: Scored): string {
  return s.prepared.source.text.slice(
    s.prepared.sentences[s.from]!.start,
    s.prepared.sentences[s.to]!.end,
  );
}
