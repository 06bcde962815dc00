/**
 * Loose quotes beside a clear link: coverage follows its source's order, so a quote next to a linked
 * statement of its speaker is measured against the source sentences around that link.
 */
import type { Library, PreparedSource } from '../library';
import { firstWhere } from '../sorted';
import { tokenize } from '../text/normalize';
import { divergences } from '../text/numbers';
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import type { Match } from '../types';
import { align, CONTENT_WEIGHT } from './align';
import { type PageCache, sentenceRange, closestIn } from './page-cache';
import { QUESTION_EVIDENCE, REPORTED_QUESTION, reportingSpeakers } from './speakers';
import type { Unit } from './unit';

/** Source sentences either side of an anchor's where a quote beside it on the page may render one. */
const ANCHOR_REACH = 2;

/** Words that may stand between a quote and its anchor on the page. */
const ANCHOR_GAP_WORDS = 30;

/** Share of its content weight a quote must render itself to be linked beside an anchor. */
const ANCHORED_COVER = 0.2;

/** Claim evidence (lower-case words) a quote must render itself: a shared name is no claim. */
const ANCHORED_CLAIM = 0.15;

/**
 * Quotes that render a source passage only loosely, found beside a passage already linked to it.
 * Coverage follows its source: a speaker's quotes run in the order, or close to it, in which the
 * source reports what they said ("It was Israel. I was in a meeting …" around "he described being in
 * a meeting …"). So a quote (or a sentence of one) that no source passage explains clearly, standing
 * next to a match of the same speaker's statement, is measured against the sentences around that
 * match's source only, where one shared claim word among few is telling, not chance. Anchors are
 * the page's own clear matches, never links this pass makes, so nothing chains.
 */
export function anchoredQuotes(
  pageText: string,
  quotes: Unit[],
  found: Match[],
  library: Library,
  cache: PageCache,
  tokensIn: (start: number, end: number) => MatchToken[],
): Match[] {
  const anchors = [...found].sort((x, y) => x.pageStart - y.pageStart);
  const out: Match[] = [];
  for (const q of quotes) {
    // A quote none of whose sentences is linked is measured whole: one sentence of a long quote may
    // share a word with a source by chance. Beside a linked sentence of the same quote, the others
    // are measured one by one.
    const parts = cache.sentences(pageText, q.start, q.end);
    const linked = (r: TextRange) =>
      anchors.some((m) => m.pageStart < r.end && r.start < m.pageEnd);
    for (const part of parts.some(linked) ? parts : [q]) {
      if (linked(part)) continue;
      const tokens = tokensIn(part.start, part.end);
      const total = tokens.reduce((x, t) => (t.weight >= CONTENT_WEIGHT ? x + t.weight : x), 0);
      if (total === 0) continue;
      let before: Match | undefined;
      let after: Match | undefined;
      for (const m of anchors) {
        if (m.pageEnd <= part.start) before = m;
        else if (m.pageStart >= part.end && !after) after = m;
      }
      let best: Match | null = null;
      let bestCover = 0;
      for (const anchor of [before, after]) {
        if (!anchor) continue;
        const gap =
          anchor === before
            ? pageText.slice(anchor.pageEnd, part.start)
            : pageText.slice(part.end, anchor.pageStart);
        if (tokenize(gap).length > ANCHOR_GAP_WORDS || gap.split('\n').length > 2) continue;
        const speaker = q.speaker();
        if (!speaker || cache.agree(anchor.speaker.page ?? anchor.speaker.source, speaker) !== true)
          continue;
        const p = library.byId.get(anchor.sourceId);
        if (!p) continue;
        const from = sentenceAt(p, anchor.sourceStart);
        const to = sentenceAt(p, Math.max(anchor.sourceStart, anchor.sourceEnd - 1));
        // A narrative lead-in ("X claimed that Israel tried to kill him.") is borne out by the quote
        // after it: the quote renders what the lead-in does. Beside a quote, the quote renders what
        // the source reports next to it: that quote has its own words.
        const leadIn = anchor === before && anchor.speaker.page === null;
        const reporting = reportingSpeakers(p);
        const [lo, hi] = leadIn
          ? [from, to]
          : [Math.max(0, from - ANCHOR_REACH), Math.min(p.sentences.length - 1, to + ANCHOR_REACH)];
        for (let k = lo; k <= hi; k++) {
          if (k >= from && k <= to && !leadIn) continue;
          const quoted = p.quotes.find((x) => x.sentence === k);
          const who = quoted?.speaker ?? reporting[k] ?? null;
          if (cache.agree(who, speaker) !== true) continue;
          const a = align(tokens, sentenceRange(cache, p, k, k), closestIn(p, tokens, k, k));
          if (a.claimEvidence < ANCHORED_CLAIM) continue;
          const sent = p.sentences[k]!;
          const sourceSpan = p.source.text.slice(sent.start, sent.end);
          const asks =
            pageText.slice(part.start, Math.min(pageText.length, part.end + 1)).includes('?') &&
            REPORTED_QUESTION.test(sourceSpan);
          const bonus = asks ? QUESTION_EVIDENCE : 0;
          const cover = (a.evidence + bonus) / (total + bonus);
          if (cover < ANCHORED_COVER || cover <= bestCover) continue;
          const pageSpan = pageText.slice(part.start, part.end).replace(/[\s.,;:!?]+$/u, '');
          bestCover = cover;
          best = {
            kind: 'paraphrase',
            pageStart: part.start,
            pageEnd: part.start + pageSpan.length,
            pageText: pageSpan,
            sourceId: p.source.id,
            sourceStart: sent.start,
            sourceEnd: sent.end,
            sourceText: sourceSpan,
            // A loose link: the popover shows it as the weakest kind of finding.
            score: Math.min(0.6, 0.3 + 0.5 * cover),
            speaker: { page: speaker, source: who },
            divergences: divergences(pageSpan, sourceSpan, p.source.published),
          };
        }
      }
      if (best) out.push(best);
    }
  }
  return out;
}

/** Index of the source sentence that holds offset `at`. */
export function sentenceAt(p: PreparedSource, at: number): number {
  return Math.max(0, firstWhere(0, p.sentences.length, (i) => p.sentences[i]!.start > at) - 1);
}
