/**
 * The highlight model: what the overlay draws for a page report, in reading order. Pure data, so
 * the content script, the popup and the tests agree on names, counts and navigation.
 */
import { HIGHLIGHT_KINDS, type HighlightKind, kindName } from '../kinds';
import type { ActorHit, ActorMention, Match, MatchKind, PageReport } from '../types';

export { HIGHLIGHT_KINDS, type HighlightKind };

/**
 * The CSS Custom Highlight name per kind. A public contract: tests and users' own styles
 * (`::highlight(sourcelight-verbatim)`) rely on these exact names.
 */
export function highlightName(kind: HighlightKind): string {
  return `sourcelight-${kind}`;
}

/** One thing to draw: a range of the page's article text and what it stands for. */
export type HighlightItem =
  | { id: string; kind: MatchKind; start: number; end: number; match: Match }
  | {
      id: string;
      kind: 'actor';
      start: number;
      end: number;
      actor: ActorHit;
      mention: ActorMention;
    };

/**
 * Turns a report into highlight items sorted in reading order (start, then longer first), dropping
 * empty or out-of-range spans so a bad report never throws in the page.
 */
export function buildHighlights(report: PageReport, textLength: number): HighlightItem[] {
  const items: HighlightItem[] = [];
  const ok = (start: number, end: number) =>
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    end > start &&
    end <= textLength;
  report.matches.forEach((match, i) => {
    if (ok(match.pageStart, match.pageEnd)) {
      items.push({
        id: `m${i}`,
        kind: match.kind,
        start: match.pageStart,
        end: match.pageEnd,
        match,
      });
    }
  });
  report.actors.forEach((actor, i) => {
    actor.mentions.forEach((mention, j) => {
      if (ok(mention.start, mention.end)) {
        items.push({
          id: `a${i}.${j}`,
          kind: 'actor',
          start: mention.start,
          end: mention.end,
          actor,
          mention,
        });
      }
    });
  });
  return items.sort((x, y) => x.start - y.start || y.end - x.end);
}

/** How many items of each kind; every kind is present (0 when none). */
export function countByKind(
  items: readonly { kind: HighlightKind }[],
): Record<HighlightKind, number> {
  const counts = Object.fromEntries(HIGHLIGHT_KINDS.map((k) => [k, 0])) as Record<
    HighlightKind,
    number
  >;
  for (const item of items) counts[item.kind] += 1;
  return counts;
}

/**
 * The item to move to with next (+1) or previous (-1), wrapping around; from no current item,
 * next starts at the first and previous at the last. -1 when there is nothing to visit.
 */
export function step(count: number, current: number, direction: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/** The items whose span contains text offset `offset`, innermost (shortest) first. */
export function itemsAt<T extends { start: number; end: number }>(
  items: readonly T[],
  offset: number,
): T[] {
  return items
    .filter((i) => i.start <= offset && offset < i.end)
    .sort((x, y) => x.end - x.start - (y.end - y.start));
}

/** The kind's name for the popover, the popup and screen readers (see lib/kinds.ts). */
export function kindWords(kind: HighlightKind): string {
  return kindName(kind);
}

/** How sure the matcher is, in plain words. */
export function confidenceWords(score: number): string {
  if (score >= 0.9) return 'very likely';
  if (score >= 0.7) return 'likely';
  if (score >= 0.5) return 'possible';
  return 'uncertain';
}

/** A source passage with up to one sentence of context on each side. */
export interface PassageInContext {
  before: string;
  passage: string;
  after: string;
}

/** Sentence ends: . ! ? … optionally followed by closing quotes or brackets, then a space; or a line break. */
const SENTENCE_END = /[.!?\u2026]["'\u201d\u2019\u00bb)\]]*\s+|\n/g;

/**
 * Cuts the sentence before and the sentence after `[start, end)` out of `text`, for the popover.
 * Paragraph breaks bound the context: a new paragraph is a new thought.
 */
export function passageInContext(text: string, start: number, end: number): PassageInContext {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  const ends: number[] = [];
  const lineBreaks = new Set<number>();
  SENTENCE_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_END.exec(text)) !== null) {
    ends.push(m.index + m[0].length);
    if (m[0] === '\n' || m[0].includes('\n')) lineBreaks.add(m.index + m[0].length);
  }
  // Start of the sentence holding `s`, and the start of the one before it (stopping at a paragraph).
  const boundariesBefore = [0, ...ends.filter((x) => x <= s)];
  const sentenceStart = boundariesBefore[boundariesBefore.length - 1]!;
  const prevStart =
    sentenceStart === 0 || lineBreaks.has(sentenceStart)
      ? sentenceStart
      : (boundariesBefore[boundariesBefore.length - 2] ?? 0);
  // End of the sentence holding `e`, and the end of the one after it.
  const after = ends.filter((x) => x >= e);
  const sentenceEnd = after[0] ?? text.length;
  const nextEnd =
    lineBreaks.has(sentenceEnd) || sentenceEnd === text.length
      ? sentenceEnd
      : (after[1] ?? text.length);
  return {
    before: text.slice(prevStart, s).replace(/\s+/g, ' ').trimStart(),
    passage: text.slice(s, e),
    after: text.slice(e, nextEnd).replace(/\s+/g, ' ').trimEnd(),
  };
}
