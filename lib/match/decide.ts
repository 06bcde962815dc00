import { analysed, findSpeaker } from '../text/attribution';
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import type { Match, MatchKind } from '../types';
import { CONTENT_WEIGHT, type Alignment } from './align';
import type { EventClaim } from './event';
import { type PageCache, sourceClauses } from './page-cache';
import { ATTRIBUTION_WORDS } from './page-quotes';
import { REPORTED_COVER, reportedSpeech } from './speakers';
import type { Unit, Scored } from './unit';
import {
  quoteMayLink,
  MISATTRIBUTED_RUN,
  subjectsDisagree,
  restated,
  restatedNaming,
  REWORDED_COVER,
  REWORDED_IN_ORDER,
  renderedWords,
  inOrderShare,
  NARRATIVE_CLAIM,
  quoteRunClaim,
  runClaimWeight,
  RULES,
  sharesClaim,
  topicalEvidence,
  unknownSpeakerLinks,
} from './rules';

/** Turns an alignment into a match of the right kind (its divergences not yet read), or rejects it. */
export function decide(
  pageText: string,
  unit: Unit,
  pageTokens: MatchToken[],
  s: Scored,
  cache: PageCache,
  rarity: (stem: string) => number,
  claim: EventClaim | null = null,
): Match | null {
  const { a } = s;
  const sourceSpeaker = s.inQuote ? s.quoteSpeaker : s.sentenceSpeaker;
  const whole = a.run.length === pageTokens.length;
  // Who speaks a quote is read only when some way of linking it is still open.
  if (unit.quote && !quoteMayLink(pageTokens, s, whole)) return null;
  let kind: MatchKind | null = null;
  let score = 0;
  let pageFrom = 0;
  let pageTo = pageTokens.length - 1;
  let sourceIdx: number[] = [];
  // Claim evidence of a quote of reported speech, with the question it asks (see `reportedSpeech`).
  let reportedClaim: number | null = null;

  if (unit.quote) {
    // A quote of what the source reports its speaker saying (see `reportedSpeech`) counts only when
    // the page gives it to the same speaker.
    const told = s.inQuote ? null : reportedSpeech(pageText, unit, pageTokens, s);
    const facts = quoteFacts(pageTokens, s);
    // Each possible answer weighed once: the one read below may have been weighed already.
    const picks = new Map<boolean | null, QuoteKind | null>();
    const pick = (agree: boolean | null) => {
      if (!picks.has(agree))
        picks.set(
          agree,
          quoteKind(agree, agree === true ? told : null, facts, pageTokens, s, whole, rarity),
        );
      return picks.get(agree)!;
    };
    // Against a source passage that names no speaker, who speaks on the page cannot agree or
    // disagree. Else who speaks costs a look at the page's attribution: its whole name analysis the
    // first time, tens of ms on a long page. Till then it is read only when its answer can make a
    // link; after, it is cheaper than weighing every answer.
    let agree: boolean | null = null;
    if (sourceSpeaker !== null) {
      const links = (k: QuoteKind | null) =>
        k !== null && claimHeld(k.kind, k.reportedClaim, a, claim);
      if (!analysed(pageText) && !links(pick(true)) && !links(pick(false)) && !links(pick(null)))
        return null;
      agree = cache.agree(unit.speaker(), sourceSpeaker);
    }
    const picked = pick(agree);
    if (!picked) return null;
    ({ kind, score, pageFrom, pageTo, reportedClaim } = picked);
    if (kind === 'verbatim')
      for (let k = 0; k < pageTo - pageFrom + 1; k++) sourceIdx.push(a.run.source + k);
  } else {
    if (
      whole &&
      pageTokens.length >= RULES.narrativeCopiedWhole.minWords &&
      runClaimWeight(pageTokens, s.tokens, a.run) >= NARRATIVE_CLAIM
    ) {
      kind = 'verbatim';
      score = 1;
    } else if (
      a.runTokens / pageTokens.length >= RULES.narrativeCopied.minRunShare &&
      a.evidence >= RULES.narrativeCopied.minEvidence &&
      a.cover >= RULES.narrativeCopied.minCover
    ) {
      // Copied words given to another speaker ("Lindqvist claimed that …" for "she accused …") are not her claim.
      if (cache.agree(cache.subject(pageText, unit.start, unit.end), s.sentenceSpeaker) === false)
        return null;
      kind = 'reuse';
      score = Math.min(0.95, 0.5 + 0.5 * a.cover);
    } else if (
      restated(a.cover, topicalEvidence(a.evidence, pageTokens, s, rarity), a.sourceCover) ||
      // Crediting the named speaker (a costly look at the page's attribution) can only help a claim
      // that shares what is claimed: checked first.
      (a.sourceCover >= RULES.narrativeRestated.minSourceCover &&
        (claim !== null || sharesClaim(a.claimEvidence, a.claimCover)) &&
        restatedNaming(pageText, unit, pageTokens, s, rarity))
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
  if (!claimHeld(kind, reportedClaim, a, claim)) return null;
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
 * A link other than a verbatim one must share what is claimed, not only who is named (an event
 * claim shares a figure; a retold report brings its own claim evidence).
 */
function claimHeld(
  kind: MatchKind,
  reportedClaim: number | null,
  a: Alignment,
  claim: EventClaim | null,
): boolean {
  return (
    kind === 'verbatim' ||
    claim !== null ||
    sharesClaim(reportedClaim ?? a.claimEvidence, a.claimCover)
  );
}

/** What a quote's link rests on whoever speaks it (see `quoteKind`). */
interface QuoteFacts {
  contentWeight: number;
  /** Claim weight of the longest copied run ("Maren Oskelund" alone quotes nothing). */
  runClaim: number;
}

function quoteFacts(pageTokens: MatchToken[], s: Scored): QuoteFacts {
  return {
    contentWeight: pageTokens.reduce((x, t) => x + t.weight, 0),
    // A name or a title alone ("Maren Oskelund", "Belvorian foreign minister") quotes nothing; five
    // words or more copied in a row are a quote whatever they are.
    runClaim: quoteRunClaim(pageTokens, s.tokens, s.a.run),
  };
}

/** How a quote renders its source passage, before its bounds are read: see `quoteKind`. */
interface QuoteKind {
  kind: MatchKind;
  score: number;
  /** The page tokens it covers (all of them unless a copied run alone). */
  pageFrom: number;
  pageTo: number;
  /** Claim evidence of a retold report, with the question it asks (see `reportedSpeech`). */
  reportedClaim: number | null;
}

/**
 * The kind of link a page quote makes with its source passage when the speakers agree (`true`),
 * disagree (`false`) or cannot be compared (`null`); `told` is the retelling of what the source
 * reports (`reportedSpeech`) when the speakers agree. Null: no link.
 */
function quoteKind(
  agree: boolean | null,
  told: ReturnType<typeof reportedSpeech>,
  { contentWeight, runClaim }: QuoteFacts,
  pageTokens: MatchToken[],
  s: Scored,
  whole: boolean,
  rarity: (stem: string) => number,
): QuoteKind | null {
  const { a } = s;
  const all = { pageFrom: 0, pageTo: pageTokens.length - 1, reportedClaim: null };
  // What the source reports its speaker saying rests on the speaker more than on shared words:
  // person, mood and wording all change in the retelling.
  const toldOk =
    told !== null && told.cover >= REPORTED_COVER && told.evidence >= RULES.quoteRetold.minEvidence;
  // A quote of a dozen words or more copied whole is the same quote even when the page gives it to
  // someone else (no common phrase is that long): linked with both speakers, so the popover and the
  // dashboard show the misattribution.
  if (
    whole &&
    contentWeight >= RULES.quoteCopiedWhole.minContentWeight &&
    runClaim > 0 &&
    (agree !== false || a.run.length >= MISATTRIBUTED_RUN)
  )
    return { ...all, kind: 'verbatim', score: 1 };
  // A quote the source's quote renders nearly word for word is one reworded quote ("did grave
  // damage" for "did serious harm"): one variant over all of it, so the popover's diff shows what
  // changed, rather than a verbatim stretch that leaves the changed words out.
  if (
    s.inQuote &&
    agree !== false &&
    a.cover >= REWORDED_COVER &&
    a.evidence >= RULES.quoteReworded.minEvidence &&
    inOrderShare(a) >= REWORDED_IN_ORDER
  )
    return {
      ...all,
      kind: 'variant',
      score: Math.min(0.95, 0.4 + 0.5 * a.cover + (agree ? 0.1 : 0)),
    };
  // Likewise a quote that retells most of a reported sentence is one paraphrase over all of it,
  // even where a few of its words are the source's own.
  if (toldOk && a.cover >= REWORDED_COVER)
    return {
      ...all,
      kind: 'paraphrase',
      score: Math.min(0.95, 0.5 + 0.5 * a.cover),
      reportedClaim: told!.claimEvidence,
    };
  if (
    a.run.length >= RULES.quoteCopiedRun.minWords &&
    a.run.weight >= RULES.quoteCopiedRun.minWeight &&
    runClaim > 0 &&
    (agree !== false || a.run.weight >= RULES.quoteCopiedRun.misattributedWeight)
  )
    return {
      kind: 'verbatim',
      score: 0.6 + 0.4 * (a.run.length / pageTokens.length),
      pageFrom: a.run.page,
      pageTo: a.run.page + a.run.length - 1,
      reportedClaim: null,
    };
  const ok =
    told !== null
      ? toldOk
      : agree === true
        ? a.cover >= RULES.quoteSameSpeaker.minCover &&
          a.evidence >= RULES.quoteSameSpeaker.minEvidence
        : agree === null
          ? renderedWords(pageTokens, a) >= RULES.quoteUnknownSpeaker.minWords &&
            unknownSpeakerLinks({
              ...a,
              evidence: topicalEvidence(a.evidence, pageTokens, s, rarity),
            })
          : false;
  if (!ok) return null;
  return {
    ...all,
    kind: s.inQuote ? 'variant' : 'paraphrase',
    score: Math.min(0.95, 0.4 + 0.5 * a.cover + (agree ? 0.1 : 0)),
    reportedClaim: told ? told.claimEvidence : null,
  };
}
