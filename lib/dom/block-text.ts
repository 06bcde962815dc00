/**
 * Turns a DOM subtree into reading text (one block per line, whitespace collapsed) and remembers,
 * for every run of characters, which Text node and offset it came from. The CLI uses the text;
 * the content script uses the map to turn match offsets back into live DOM ranges.
 * Works with any DOM implementation (browser, linkedom, jsdom): it only reads node properties.
 */
import { runToEnd, STEPS_PER_PAUSE } from './sliced';

/** A run of text characters copied one-to-one from a Text node. */
export interface TextPiece {
  node: Text;
  /** Offset of the run in the produced text. */
  start: number;
  /** Offset of the run in `node.data`. */
  nodeStart: number;
  length: number;
}

export interface BlockText {
  text: string;
  pieces: TextPiece[];
}

/** Elements whose content is never reading text. */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'MATH',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SELECT',
  'OPTION',
  'TEXTAREA',
  'INPUT',
  'BUTTON',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
]);
/** Elements that start a new line of reading text. */
const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'BR',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

export interface BlockTextOptions {
  /** Skip an element and its subtree (e.g. hidden elements or our own UI). */
  skip?: (el: Element) => boolean;
  /**
   * Filled with every element read (neither skipped nor inside a skipped one): the range of
   * `pieces` [first, end) its subtree produced. Lets a subtree's text be cut from a reading of the
   * whole page (./read-ahead.ts).
   */
  ranges?: Map<Element, PieceRange>;
  /** Filled with the elements `skip` passed over (a reading of the whole page reads them apart). */
  skipped?: Element[];
}

/** Indices into `pieces`: the first piece of an element's subtree and one past its last. */
export type PieceRange = [first: number, end: number];

/** Collects the reading text of `root` with its character map. */
export function collectBlockText(root: Node, options: BlockTextOptions = {}): BlockText {
  return runToEnd(blockTextWalk(root, options));
}

/** `collectBlockText` as a walk that pauses every few hundred nodes (see ./sliced.ts). */
export function* blockTextWalk(
  root: Node,
  options: BlockTextOptions = {},
): Generator<void, BlockText> {
  const out: string[] = [];
  const pieces: TextPiece[] = [];
  let length = 0;
  /** Last emitted char: '' at the very start, '\n' at a line start, ' ' after a space. */
  let last = '';
  let pendingBreak = false;

  const emit = (s: string) => {
    out.push(s);
    length += s.length;
    last = s[s.length - 1]!;
  };
  const lineBreak = () => {
    if (last !== '' && last !== '\n') pendingBreak = true;
  };

  // A Text node is read run by run (a run: characters up to the next whitespace), not character by
  // character: a long article's 120,000 characters were as many pushes and tests.
  const visitText = (text: Text): void => {
    const data = text.data;
    const n = data.length;
    let i = 0;
    while (i < n) {
      if (isSpace(data.charCodeAt(i))) {
        // Collapse whitespace; it never starts a line and never doubles.
        if (!(last === '' || last === '\n' || last === ' ' || pendingBreak)) emit(' ');
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && !isSpace(data.charCodeAt(j))) j++;
      if (pendingBreak) {
        if (last === ' ') {
          // Replace a trailing space by the line break.
          out[out.length - 1] = out[out.length - 1]!.slice(0, -1);
          length -= 1;
          trimPiecesTo(pieces, length);
        }
        emit('\n');
        pendingBreak = false;
      }
      // Spaces are never in pieces, so each run is a piece of its own.
      pieces.push({ node: text, start: length, nodeStart: i, length: j - i });
      emit(i === 0 && j === n ? data : data.slice(i, j));
      i = j;
    }
  };

  // An explicit stack, not recursion: a page script can nest elements deeper than the call stack.
  // Entries are nodes to visit, or `END` markers that close a block element.
  // With `ranges`, a read element also leaves its range on the stack, closed when popped.
  const END = null;
  const ranges = options.ranges;
  const stack: (Node | PieceRange | typeof END)[] = [root];
  let steps = 0;
  while (stack.length > 0) {
    if (++steps % STEPS_PER_PAUSE === 0) yield;
    const node = stack.pop();
    if (node === END) {
      lineBreak();
      continue;
    }
    if (node === undefined) break;
    if (Array.isArray(node)) {
      node[1] = pieces.length;
      continue;
    }
    if (node.nodeType === 3) {
      visitText(node as Text);
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const el = node as Element;
    const tag = node.nodeType === 1 ? el.tagName.toUpperCase() : '';
    if (SKIP.has(tag)) continue;
    if (node.nodeType === 1 && options.skip?.(el)) {
      options.skipped?.push(el);
      continue;
    }
    if (ranges && node.nodeType === 1) {
      const range: PieceRange = [pieces.length, pieces.length];
      ranges.set(el, range);
      stack.push(range);
    }
    if (BLOCK.has(tag)) {
      lineBreak();
      stack.push(END);
    }
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
  }
  let text = out.join('');
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    trimPiecesTo(pieces, text.length);
  }
  return { text, pieces };
}

/** The characters reading text collapses: space, tab, line feed, carriage return, form feed, no-break space. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 0xa0;
}

function trimPiecesTo(pieces: TextPiece[], length: number): void {
  // Spaces are never inside pieces, so only a piece ending past `length` would need trimming.
  const lastPiece = pieces[pieces.length - 1];
  if (lastPiece && lastPiece.start + lastPiece.length > length)
    lastPiece.length = length - lastPiece.start;
}

/**
 * Finds the piece holding text offset `offset` (binary search). For an offset that falls on a
 * collapsed space or line break, returns the next piece, so range starts snap forward.
 */
export function pieceAt(pieces: TextPiece[], offset: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pieces[mid]!;
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.start + p.length) lo = mid + 1;
    else return mid;
  }
  return lo;
}
