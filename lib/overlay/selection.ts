/**
 * Turns the user's text selection into offsets of the article's reading text, so any selected
 * passage can be saved as an annotation with the same selectors as a saved highlight. Takes plain
 * boundary points (a `Range` or `StaticRange` fits) and the reading text's character map; it
 * orders nodes by walking the tree itself, so it behaves the same in every DOM implementation.
 */
import type { TextPiece } from '../dom/block-text';
import { firstWhere } from '../sorted';

/** A selection's boundary points, as `Range`/`StaticRange` expose them. */
export interface BoundaryPoints {
  startContainer: Node;
  startOffset: number;
  endContainer: Node;
  endOffset: number;
}

/**
 * The part of the selection that lies in the reading text, as `[start, end)` offsets with
 * surrounding whitespace trimmed; null when the selection holds no reading text (outside the
 * article, or only in skipped parts such as buttons or our own UI).
 */
export function selectionOffsets(
  text: string,
  pieces: readonly TextPiece[],
  range: BoundaryPoints,
): { start: number; end: number } | null {
  if (pieces.length === 0) return null;
  let start = pointOffset(pieces, range.startContainer, range.startOffset, 'start', text.length);
  let end = pointOffset(pieces, range.endContainer, range.endOffset, 'end', text.length);
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/**
 * The reading-text offset of a boundary point. A start point takes the first character after it,
 * an end point the end of the last character before it, so points in collapsed whitespace or in
 * skipped elements snap to the nearest reading text inside the selection.
 */
function pointOffset(
  pieces: readonly TextPiece[],
  node: Node,
  offset: number,
  side: 'start' | 'end',
  textLength: number,
): number {
  // Pieces are in document order: find the first one not wholly before the point.
  const lo = firstWhere(0, pieces.length, (i) => placeOf(pieces[i]!, node, offset) !== 'before');
  const piece = pieces[lo];
  if (piece && placeOf(piece, node, offset) === 'inside')
    return piece.start + (offset - piece.nodeStart);
  if (side === 'start') return piece ? piece.start : textLength;
  const previous = pieces[lo - 1];
  return previous ? previous.start + previous.length : 0;
}

/** Where a piece's characters lie relative to a boundary point. */
function placeOf(piece: TextPiece, node: Node, offset: number): 'before' | 'inside' | 'after' {
  if (piece.node === node) {
    if (offset >= piece.nodeStart + piece.length) return 'before';
    return offset > piece.nodeStart ? 'inside' : 'after';
  }
  if (node.nodeType === 3) return compareOrder(node, piece.node) < 0 ? 'after' : 'before';
  // A point in an element sits just before its child at `offset`, or at the element's end.
  const child = node.childNodes[offset];
  if (child)
    return child === piece.node || compareOrder(child, piece.node) < 0 ? 'after' : 'before';
  return compareOrder(node, piece.node) < 0 && !isAncestor(node, piece.node) ? 'after' : 'before';
}

/** Document (pre-)order of two nodes: negative when `a` comes first; an ancestor comes before its descendants. */
function compareOrder(a: Node, b: Node): number {
  if (a === b) return 0;
  const pathA = ancestry(a);
  const pathB = ancestry(b);
  let i = 0;
  while (i < pathA.length && i < pathB.length && pathA[i] === pathB[i]) i++;
  if (i === pathA.length) return -1;
  if (i === pathB.length) return 1;
  if (i === 0) return 0; // Different trees: no order.
  const siblings = Array.prototype.indexOf.bind(pathA[i - 1]!.childNodes);
  return siblings(pathA[i]!) - siblings(pathB[i]!);
}

function isAncestor(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node.parentNode; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

/** The node's ancestors from the root down to the node itself. */
function ancestry(node: Node): Node[] {
  const out: Node[] = [];
  for (let n: Node | null = node; n; n = n.parentNode) out.push(n);
  return out.reverse();
}
