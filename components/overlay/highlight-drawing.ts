/**
 * Drawing on the page: owns the CSS highlighter and everything drawn with it — the highlight
 * items of the current analysis, their text spans and live Ranges, the re-anchored saved
 * annotations, and the index that maps a point under the pointer back to an item. It is the
 * only part that turns article offsets into Ranges, so "what is drawn" and "what the pointer
 * hits" cannot disagree, and `clear()`/`detach()` are the one way the page is restored.
 */
import { anchorAnnotations } from '../../lib/anchoring/index';
import type { LiveArticle } from '../../lib/dom/article-region';
import type { TextPiece } from '../../lib/dom/block-text';
import { createHighlighter, type Highlighter } from '../../lib/overlay/highlighter';
import { spanFor, spanIsLive, type TextSpan } from '../../lib/dom/text-ranges';
import type { Response } from '../../lib/messages';
import { itemsAt, type HighlightItem } from '../../lib/overlay/model';
import type { OverlayContext } from './overlay-context';

/** Items turned into Ranges per slice of main-thread work. */
const RANGES_PER_SLICE = 250;

/** Highlight items placed on the live text, ready to be shown; items without a text node are left out. */
export interface HighlightLayout {
  items: HighlightItem[];
  spans: TextSpan[];
  ranges: Range[];
}

/** The highlights of one overlay; parallel lists of items and Ranges, indexed alike. */
export interface HighlightDrawing {
  /** Installs the highlighter (the overlay is turning on). */
  attach(): void;
  /** Removes the highlighter and its stylesheet from the page. */
  detach(): void;
  /** The drawn items, in reading order; an index into it is an index into the Ranges too. */
  items(): readonly HighlightItem[];
  /** The Range of the item at `i`, or undefined when there is none. */
  rangeAt(i: number): Range | undefined;
  /** Whether the current items are drawn on the current article (false after clearing or turning off). */
  isDrawn(): boolean;
  /** Whether every drawn span is still in the page, i.e. a redraw would change nothing. */
  spansLive(): boolean;
  /**
   * Places `items` on the article's text in slices, yielding to the page between slices; null
   * when `stale()` says the run was superseded meanwhile.
   */
  layout(
    pieces: TextPiece[],
    items: HighlightItem[],
    stale: () => boolean,
  ): Promise<HighlightLayout | null>;
  /** Makes `layout` the current items of `found` (drawn by the next `drawItems()`). */
  adopt(found: LiveArticle, layout: HighlightLayout): void;
  /** Draws the current items, replacing what was drawn, with no item in focus. */
  drawItems(): void;
  /**
   * Re-anchors the page's saved annotations in `text` and draws them; tells the background which
   * were found and which are orphans now, so the options page can list the orphans.
   */
  drawSaved(text: string, found: LiveArticle, stale: () => boolean): Promise<void>;
  /** Underlines one more saved annotation right away, as it will be on the next visit. */
  addSaved(range: Range): void;
  /** Drops one item (the user said it is no match) and redraws without it. */
  remove(item: HighlightItem): void;
  /** Marks the keyboard user's current item (null clears it). */
  focus(range: Range | null): void;
  /** Removes every drawn highlight but keeps the highlighter. */
  clear(): void;
  /** Forgets the items, their Ranges and the saved ones, without touching the page. */
  forget(): void;
  /** A live Range over `[start, end)` of the article text, or null when no text node holds it. */
  rangeFor(pieces: TextPiece[], start: number, end: number): Range | null;
  /** The index of the item drawn under a viewport point, or -1. */
  itemAtPoint(x: number, y: number): number;
}

/** Creates the drawing part; nothing is drawn until `attach()`. */
export function createHighlightDrawing(oc: OverlayContext): HighlightDrawing {
  const { doc, win, request } = oc;
  let highlighter: Highlighter | null = null;
  let drawn = false;
  let items: HighlightItem[] = [];
  let spans: TextSpan[] = [];
  let ranges: Range[] = [];
  let savedRanges: Range[] = [];
  let nodeIndex = new Map<Text, TextPiece[]>();

  const yieldToPage = () => oc.life().pause();

  const rangeOf = (span: TextSpan): Range => {
    const range = doc.createRange();
    range.setStart(span.startNode, span.startOffset);
    range.setEnd(span.endNode, span.endOffset);
    return range;
  };

  const rangeFor = (pieces: TextPiece[], start: number, end: number): Range | null => {
    const span = spanFor(pieces, start, end);
    return span ? rangeOf(span) : null;
  };

  const drawAll = () => {
    highlighter?.focus(null);
    highlighter?.draw(items.map((item, i) => ({ kind: item.kind, range: ranges[i]! })));
  };

  return {
    attach() {
      highlighter ??= createHighlighter(doc);
    },
    detach() {
      highlighter?.destroy();
      highlighter = null;
    },
    items: () => items,
    rangeAt: (i) => ranges[i],
    isDrawn: () => drawn,
    spansLive: () => spans.every((s) => spanIsLive(s, doc)),
    async layout(pieces, nextItems, stale) {
      const kept: HighlightItem[] = [];
      const nextSpans: TextSpan[] = [];
      const nextRanges: Range[] = [];
      for (let i = 0; i < nextItems.length; i++) {
        if (i > 0 && i % RANGES_PER_SLICE === 0) {
          await yieldToPage();
          if (stale()) return null;
        }
        const span = spanFor(pieces, nextItems[i]!.start, nextItems[i]!.end);
        if (!span) continue;
        kept.push(nextItems[i]!);
        nextSpans.push(span);
        nextRanges.push(rangeOf(span));
      }
      return { items: kept, spans: nextSpans, ranges: nextRanges };
    },
    adopt(found, layout) {
      nodeIndex = indexPieces(found.block.pieces);
      items = layout.items;
      spans = layout.spans;
      ranges = layout.ranges;
    },
    drawItems() {
      drawAll();
      drawn = true;
    },
    async drawSaved(text, found, stale) {
      // A note saved while the list is read is drawn by `addSaved` and may be in the list too:
      // the list replaces what was drawn, and keeps such a note once.
      const before = savedRanges;
      const url = win.location.href;
      let saved: Response<'annotation.listForPage'> = [];
      try {
        saved = await request('annotation.listForPage', { url });
      } catch {
        return; // No annotation store answering: nothing to draw.
      }
      if (stale()) return;
      const addedMeanwhile = savedRanges.filter((r) => !before.includes(r));
      // Exact position, moved quote, or fuzzy match after an edit (lib/anchoring).
      const { anchored, orphans } = anchorAnnotations(text, saved);
      const listed: Range[] = [];
      for (const { anchor } of anchored) {
        const range = rangeFor(found.block.pieces, anchor.start, anchor.end);
        if (range) listed.push(range);
      }
      savedRanges = [
        ...listed,
        ...addedMeanwhile.filter((r) => !listed.some((l) => sameRange(l, r))),
      ];
      highlighter?.drawSaved(savedRanges);
      if (saved.length === 0) return;
      // Not awaited: drawing does not wait for the bookkeeping, and a failure only delays the orphan list.
      request('annotation.anchored', {
        url,
        anchored: anchored.map((a) => a.annotation.id),
        orphans: orphans.map((a) => a.id),
      }).catch(() => undefined);
    },
    addSaved(range) {
      savedRanges.push(range);
      highlighter?.drawSaved(savedRanges);
    },
    remove(item) {
      const i = items.indexOf(item);
      if (i >= 0) {
        items.splice(i, 1);
        spans.splice(i, 1);
        ranges.splice(i, 1);
      }
      drawAll();
    },
    focus(range) {
      highlighter?.focus(range);
    },
    clear() {
      highlighter?.focus(null);
      highlighter?.draw([]);
      highlighter?.drawSaved([]);
    },
    forget() {
      drawn = false;
      items = [];
      spans = [];
      ranges = [];
      savedRanges = [];
    },
    rangeFor,
    itemAtPoint(x, y) {
      const pos = caretAt(doc, x, y);
      if (pos?.node.nodeType !== 3) return -1;
      const pieces = nodeIndex.get(pos.node as Text);
      const piece = pieces?.find(
        (p) => pos.offset >= p.nodeStart && pos.offset <= p.nodeStart + p.length,
      );
      if (!piece) return -1;
      const offset = piece.start + Math.min(pos.offset - piece.nodeStart, piece.length - 1);
      // The caret snaps to the nearest text even beside it: only an item whose box holds the point counts.
      for (const item of itemsAt(items, offset)) {
        const i = items.indexOf(item);
        const rects = Array.from(ranges[i]?.getClientRects() ?? []);
        if (rects.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) return i;
      }
      return -1;
    },
  };
}

/** Text node → its pieces, for turning a caret position back into an article-text offset. */
function indexPieces(pieces: TextPiece[]): Map<Text, TextPiece[]> {
  const map = new Map<Text, TextPiece[]>();
  for (const p of pieces) {
    const list = map.get(p.node);
    if (list) list.push(p);
    else map.set(p.node, [p]);
  }
  return map;
}

/** The text position under a viewport point (standard API first, Chromium's older one as fallback). */
function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (d.caretPositionFromPoint) {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = d.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

/** Whether two Ranges cover the same stretch of the same nodes. */
function sameRange(a: Range, b: Range): boolean {
  return (
    a.startContainer === b.startContainer &&
    a.startOffset === b.startOffset &&
    a.endContainer === b.endContainer &&
    a.endOffset === b.endOffset
  );
}
