/**
 * Maps offsets of reading text (from `collectBlockText`) back to DOM boundary points, so a match
 * found in the article text can be drawn on the live Text nodes it came from. Creates no Range
 * itself: the caller owns the document and builds `Range`/`StaticRange` objects from the points.
 */
import { pieceAt, type TextPiece } from './block-text';

/** A DOM span: start and end boundary points in Text nodes. */
export interface TextSpan {
  startNode: Text;
  startOffset: number;
  endNode: Text;
  endOffset: number;
}

/**
 * The DOM span covering reading-text offsets `[start, end)`. Collapsed whitespace at the edges
 * snaps inwards; null when no text character lies in the span.
 */
export function spanFor(pieces: readonly TextPiece[], start: number, end: number): TextSpan | null {
  if (!(end > start)) return null;
  const first = pieceAt(pieces as TextPiece[], start);
  const a = pieces[first];
  if (!a || a.start >= end) return null;
  // The last piece holding a character before `end`.
  let last = pieceAt(pieces as TextPiece[], end - 1);
  if (last >= pieces.length || pieces[last]!.start > end - 1) last -= 1;
  const b = pieces[last];
  if (!b || last < first) return null;
  const startOffset = a.nodeStart + Math.max(0, start - a.start);
  const endOffset = b.nodeStart + Math.min(b.length, end - b.start);
  return { startNode: a.node, startOffset, endNode: b.node, endOffset };
}

/** Whether a span still points into live text (nodes attached and long enough). */
export function spanIsLive(span: TextSpan, root: Node): boolean {
  return (
    root.contains(span.startNode) &&
    root.contains(span.endNode) &&
    span.startOffset <= span.startNode.data.length &&
    span.endOffset <= span.endNode.data.length
  );
}
