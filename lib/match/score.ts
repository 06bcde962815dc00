/**
 * Stage 2, alignment: a unit aligned with a candidate source sentence, widened to a neighbouring
 * sentence when the unit renders both, or narrowed to a source quote that explains it clearly better.
 */
import type { PreparedSource } from '../library';
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import {
  align,
  closestSimilarity,
  CONTENT_WEIGHT,
  indexSource,
  stemBetween,
  type Alignment,
  type SourceIndex,
} from './align';
import { type PageCache, sentenceRange, closestIn, type UnitInSource } from './page-cache';
import { reportingSpeakers } from './speakers';
import type { Scored } from './unit';

/** How much better (page + source coverage) a source quote must explain a sentence than its whole sentence does. */
const QUOTE_TARGET_GAIN = 0.2;

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

/** Aligns a unit with a source sentence, widened to a neighbour when the unit renders both. */
export function scoreCandidate(
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
    closestIn(prepared, tokens, from, to, seen),
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
        closestIn(prepared, tokens, lo, hi, seen),
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
export function quoteTarget(
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
