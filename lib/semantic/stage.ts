/**
 * The semantic stage: after lexical matching, the page's quotes and sentences that no lexical match
 * covers are compared by meaning with the passages of the sources the page is about, and a close
 * pair becomes a link only when the checks of ./verify.ts find nothing against it. Its links say
 * so (`via: 'meaning'`), with the similarity as their score.
 */
import type { Library, PreparedSource } from '../library';
import { findSpeaker, narrativeSpeaker, textSentences } from '../text/attribution';
import type { Match } from '../types';
import type { Antonyms } from './antonyms';
import type { SentenceEncoder } from './encoder';
import { pageUnits, sourceUnits, type SemanticUnit } from './units';
import { cosine, type PackedVectors } from './vectors';
import {
  type Candidate,
  DEFAULT_THRESHOLDS,
  type LinkTarget,
  linkable,
  refuse,
  type SemanticThresholds,
  targetOf,
} from './verify';

/** A source's passages and their vectors, computed when it was added (stored with it). */
export interface SourceEmbeddings {
  units: (SemanticUnit & { speaker: string | null })[];
  vectors: PackedVectors;
}

/** What the stage needs besides the page and the library. */
export interface SemanticContext {
  encoder: SentenceEncoder;
  antonyms: Antonyms;
  /** The stored (or newly computed) passages and vectors of a source. */
  embeddingsOf(prepared: PreparedSource): Promise<SourceEmbeddings>;
  /**
   * The sources to compare the page with, when the caller has other evidence than lexical matches
   * (a page in another language: ./anchors.ts); by default, `coveredSources`.
   */
  sources?: PreparedSource[];
  thresholds?: SemanticThresholds;
  /** Filled in when given: what the stage did, for the benchmarks and the evaluation. */
  stats?: SemanticStats;
  /**
   * Embed every uncovered passage, even those no threshold setting could link (the evaluation
   * searches the thresholds over them); otherwise only those `linkable` lets through.
   */
  allCandidates?: boolean;
}

/** Counts of one run of the stage. */
export interface SemanticStats {
  pageUnits: number;
  embedded: number;
  sources: number;
  embedMs: number;
  refused: Record<string, number>;
}

/** Computes a source's passages and vectors (when it is added, or when stored ones are stale). */
export async function embedSource(
  prepared: PreparedSource,
  encoder: SentenceEncoder,
): Promise<SourceEmbeddings> {
  const units = sourceUnits(prepared);
  const text = prepared.source.text;
  const vectors = await encoder.embed(units.map((u) => text.slice(u.start, u.end)));
  const data = new Float32Array(units.length * encoder.dim);
  vectors.forEach((v, i) => data.set(v, i * encoder.dim));
  return { units, vectors: { dim: encoder.dim, count: units.length, data } };
}

/**
 * The sources this page demonstrably covers: those a lexical match links. Pages about the same people
 * but another event share names and themes with a source, and the model rates their sentences close;
 * a link made through meaning alone needs the page to render the source somewhere in its own words.
 */
export function coveredSources(library: Library, lexical: Match[]): PreparedSource[] {
  const linked = new Set(lexical.map((m) => m.sourceId));
  return library.sources.filter((p) => linked.has(p.source.id));
}

/** A source's passages as the pre-check reads them, computed once per source and cutting. */
const targetCache = new WeakMap<SourceEmbeddings, LinkTarget[]>();
function targetsOf(prepared: PreparedSource, e: SourceEmbeddings): LinkTarget[] {
  let found = targetCache.get(e);
  if (!found) {
    const text = prepared.source.text;
    found = e.units.map((u) => targetOf(text.slice(u.start, u.end), u.speaker));
    targetCache.set(e, found);
  }
  return found;
}

/** A page passage with its closest source passage, before the checks. */
export interface SemanticCandidate extends Candidate {
  unit: SemanticUnit;
  source: PreparedSource;
  target: SemanticUnit & { speaker: string | null };
}

/** Links made through meaning for the page passages no lexical match covers. */
export async function semanticMatches(
  pageText: string,
  library: Library,
  lexical: Match[],
  ctx: SemanticContext,
): Promise<Match[]> {
  const candidates = await semanticCandidates(pageText, library, lexical, ctx);
  return decide(candidates, ctx.antonyms, ctx.thresholds ?? DEFAULT_THRESHOLDS, ctx.stats);
}

/** Each uncovered page passage of a page about the library, with its closest source passage. */
export async function semanticCandidates(
  pageText: string,
  library: Library,
  lexical: Match[],
  ctx: SemanticContext,
): Promise<SemanticCandidate[]> {
  const stats = ctx.stats;
  const sources = ctx.sources ?? coveredSources(library, lexical);
  const covered = (u: SemanticUnit) =>
    lexical.some((m) => m.pageStart < u.end && u.start < m.pageEnd);
  const uncovered = sources.length ? pageUnits(pageText).filter((u) => !covered(u)) : [];
  if (stats) {
    stats.pageUnits = uncovered.length;
    stats.sources = sources.length;
  }
  if (uncovered.length === 0) return [];
  const embedded = await Promise.all(sources.map((p) => ctx.embeddingsOf(p)));
  const sentences = textSentences(pageText);
  // Only passages that some source passage could pass the checks with are embedded (./verify.ts's
  // `linkable`): the model's time goes to candidates, and what is linked is the same.
  const thresholds = ctx.thresholds ?? DEFAULT_THRESHOLDS;
  const targets = sources.map((p, si) => targetsOf(p, embedded[si]!));
  const units = uncovered.filter(
    (u) =>
      ctx.allCandidates ||
      linkable(
        pageText.slice(u.start, u.end),
        u.quote,
        u.quote ? speakerOf(pageText, sentences, u) : null,
        targets,
        thresholds,
      ),
  );
  if (units.length === 0) return [];
  const t0 = performance.now();
  const vectors = await ctx.encoder.embed(units.map((u) => pageText.slice(u.start, u.end)));
  if (stats) {
    stats.embedded = units.length;
    stats.embedMs = performance.now() - t0;
  }
  const out: SemanticCandidate[] = [];
  units.forEach((unit, i) => {
    const best = closest(vectors[i]!, embedded);
    if (!best) return;
    const source = sources[best.source]!;
    const target = embedded[best.source]!.units[best.unit]!;
    out.push({
      unit,
      source,
      target,
      pageText: pageText.slice(unit.start, unit.end),
      sourceText: source.source.text.slice(target.start, target.end),
      pageSpeaker: speakerOf(pageText, sentences, unit),
      sourceSpeaker: target.speaker,
      pageQuote: unit.quote,
      sourcePublished: source.source.published,
      similarity: best.similarity,
      runnerUp: best.runnerUp,
    });
  });
  return out;
}

/** The candidates the checks let through, as matches, overlaps resolved. */
export function decide(
  candidates: readonly SemanticCandidate[],
  antonyms: Antonyms,
  thresholds: SemanticThresholds = DEFAULT_THRESHOLDS,
  stats?: SemanticStats,
): Match[] {
  const found: Match[] = [];
  for (const c of candidates) {
    const why = refuse(c, antonyms, thresholds);
    if (why) {
      if (stats) stats.refused[why] = (stats.refused[why] ?? 0) + 1;
      continue;
    }
    found.push({
      kind: c.unit.quote && c.target.quote ? 'variant' : 'paraphrase',
      pageStart: c.unit.start,
      pageEnd: c.unit.end,
      pageText: c.pageText,
      sourceId: c.source.source.id,
      sourceStart: c.target.start,
      sourceEnd: c.target.end,
      sourceText: c.sourceText,
      score: Math.round(c.similarity * 1000) / 1000,
      speaker: { page: c.pageSpeaker, source: c.sourceSpeaker },
      divergences: [],
      via: 'meaning',
    });
  }
  return withoutOverlaps(found);
}

/** The closest source passage to a vector, and the closest one not overlapping or beside it. */
function closest(
  v: Float32Array,
  embedded: SourceEmbeddings[],
): { source: number; unit: number; similarity: number; runnerUp: number } | null {
  let best: { source: number; unit: number; similarity: number } | null = null;
  const scores: Float32Array[] = embedded.map((e) => {
    const s = new Float32Array(e.vectors.count);
    for (let k = 0; k < e.vectors.count; k++) {
      s[k] = cosine(v, e.vectors.data, k * e.vectors.dim);
      if (!best || s[k]! > best.similarity)
        best = { source: embedded.indexOf(e), unit: k, similarity: s[k]! };
    }
    return s;
  });
  if (!best) return null;
  const b: { source: number; unit: number; similarity: number } = best;
  const target = embedded[b.source]!.units[b.unit]!;
  let runnerUp = -1;
  embedded.forEach((e, si) => {
    e.units.forEach((u, k) => {
      // The same words in another cut (a quote and its sentence, or the next sentence) are not a rival.
      if (si === b.source && u.start < target.end + 200 && target.start - 200 < u.end) return;
      runnerUp = Math.max(runnerUp, scores[si]![k]!);
    });
  });
  return { ...b, runnerUp };
}

/** Who speaks a page passage: a quote's speaker, or whom a sentence reports. */
function speakerOf(
  text: string,
  sentences: readonly { start: number; end: number }[],
  unit: SemanticUnit,
): string | null {
  const s = sentences.find((x) => x.start <= unit.start && unit.start < x.end) ?? unit;
  return unit.quote
    ? findSpeaker(text, unit.start, unit.end, s.start, s.end)
    : narrativeSpeaker(text, s, unit.start, unit.end);
}

/** Keeps the closest of overlapping links (a quote and the sentence around it). */
function withoutOverlaps(matches: Match[]): Match[] {
  const kept: Match[] = [];
  for (const m of [...matches].sort((a, b) => b.score - a.score))
    if (!kept.some((k) => k.pageStart < m.pageEnd && m.pageStart < k.pageEnd)) kept.push(m);
  return kept.sort((a, b) => a.pageStart - b.pageStart);
}
