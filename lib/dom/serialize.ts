/**
 * A page's HTML, serialised in pieces. One `outerHTML` of a big page is one task the page cannot
 * break into (wikipedia-2, 10,000 elements: 52-67 ms on the loaded 2-core test machine). Here the
 * tree is cut where it is big: an element with few descendants is one native `outerHTML`; a bigger
 * one is written as its start tag, its children one by one and its end tag, pausing between pieces
 * (see ./sliced.ts). The browser serialises every attribute, text and small subtree itself, so the
 * string is the one `outerHTML` gives. The page runs between pieces; what it changes meanwhile is
 * read as it is when its piece comes (the article is read from a copy anyway).
 */

/** Elements serialised in one piece at most: a few ms of native serialising each. */
export const PIECE_ELEMENTS = 400;

/**
 * Elements this deep are serialised whole, however big: a real page's big elements are near its
 * top, and a hostile page nested 5,000 deep would otherwise be counted level by level (each count
 * walks the subtree) and cut through as many nested walks.
 */
export const MAX_CUT_DEPTH = 48;

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Never cut: elements whose text the serialiser writes unescaped (they hold only text anyway),
 * template, whose content is not among its children, and svg (its inside is dropped from a page
 * sent away, ../extract-offpage.ts, which needs the whole element in one piece).
 */
const WHOLE = new Set([
  'script',
  'style',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
  'noscript',
  'template',
]);

/** How `serializeWalk` cuts and what it does with each piece. */
export interface SerializeOptions {
  /** Elements serialised in one piece at most. */
  pieceElements?: number;
  /**
   * Applied to each element serialised whole, in its own slice: a change that keeps to whole
   * elements (cutting scripts out) is then spread over the pieces, not one pass over the page.
   */
  each?: (element: string) => string;
}

/**
 * Serialises `root` as `root.outerHTML` would, pausing (a `yield`) after each piece. A detached
 * `span` of the same document lends the browser's own escaping of attributes and text (a plain
 * element: copying the cut element itself could run a page's custom element code).
 */
export function* serializeWalk(
  root: Element,
  { pieceElements = PIECE_ELEMENTS, each }: SerializeOptions = {},
): Generator<void, string> {
  const probe = root.ownerDocument.createElement('span');
  const out: string[] = [];
  function* element(el: Element, depth: number): Generator<void, void> {
    let start: string | null = null;
    if (
      depth < MAX_CUT_DEPTH &&
      el.getElementsByTagName('*').length > pieceElements &&
      !(el.namespaceURI === HTML_NS && WHOLE.has(el.localName)) &&
      !(el.namespaceURI === SVG_NS && el.localName === 'svg')
    ) {
      try {
        start = attributes(el, probe);
      } catch {
        // An attribute name the parser took but the DOM will not set (`@click`): left whole.
      }
    }
    if (start === null) {
      out.push(each ? each(el.outerHTML) : el.outerHTML);
      yield;
      return;
    }
    const name = el.namespaceURI === HTML_NS ? el.localName : el.tagName;
    out.push(`<${name}${start}>`);
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) yield* element(child as Element, depth + 1);
      else out.push(leaf(child, probe));
    }
    out.push(`</${name}>`);
  }
  yield* element(root, 0);
  return out.join('');
}

/** The attributes of `el` as the serialiser writes them after its name (a leading space each). */
function attributes(el: Element, probe: Element): string {
  if (el.attributes.length === 0) return '';
  let shell: string;
  try {
    for (const a of Array.from(el.attributes))
      probe.setAttributeNS(a.namespaceURI, a.name, a.value);
    shell = probe.outerHTML;
  } finally {
    for (const a of Array.from(probe.attributes)) probe.removeAttributeNode(a);
  }
  // `<span a="1"></span>`: what lies between the name and the closing `>` of the start tag.
  const from = probe.localName.length + 1;
  return shell.slice(from, shell.length - probe.localName.length - 4);
}

/** A child that is not an element: text (escaped as the serialiser does), a comment, an instruction. */
function leaf(node: Node, probe: Element): string {
  switch (node.nodeType) {
    case 3: {
      probe.textContent = (node as Text).data;
      const html = probe.innerHTML;
      probe.textContent = '';
      return html;
    }
    case 8:
      return `<!--${(node as Comment).data}-->`;
    case 7:
      return `<?${(node as ProcessingInstruction).target} ${(node as ProcessingInstruction).data}>`;
    default:
      return '';
  }
}
