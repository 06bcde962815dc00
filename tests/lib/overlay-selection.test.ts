import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlockText } from '../../lib/dom/block-text';
import { parseDocument } from '../../lib/node/dom';
import { selectionOffsets, type BoundaryPoints } from '../../lib/overlay/selection';

const page = `<!doctype html><html><body>
<header><a href="/">The Valley Courier</a></header>
<article id="story">
  <h1>Reservoir gates opened</h1>
  <p id="p1">Engineers opened <b>two spillway gates</b> on Thursday night after the reservoir rose.</p>
  <p id="p2">“We had no choice,” the chief engineer said.   <button>Share</button> Villages were warned.</p>
  <p id="p3">By Friday 1,240 people had left Lower Sarn.</p>
</article>
<footer>Copyright</footer>
</body></html>`;

function setup() {
  const doc = parseDocument(page);
  const root = doc.getElementById('story')!;
  const { text, pieces } = collectBlockText(root);
  const byId = (id: string) => doc.getElementById(id)!;
  /** The Text node holding `words` and the offset of `words` in it. */
  const at = (words: string): [Text, number] => {
    const walker = (n: Node): [Text, number] | null => {
      if (n.nodeType === 3 && (n as Text).data.includes(words))
        return [n as Text, (n as Text).data.indexOf(words)];
      for (let c = n.firstChild; c; c = c.nextSibling) {
        const hit = walker(c);
        if (hit) return hit;
      }
      return null;
    };
    const hit = walker(doc.body);
    if (!hit) throw new Error(`no text node with "${words}"`);
    return hit;
  };
  const offsets = (r: BoundaryPoints) => {
    const o = selectionOffsets(text, pieces, r);
    return o && text.slice(o.start, o.end);
  };
  return { doc, text, pieces, byId, at, offsets };
}

describe('selectionOffsets: what a selection on the page saves', () => {
  it('saves exactly the words selected inside one paragraph', () => {
    const { at, offsets } = setup();
    const [node, i] = at('on Thursday night');
    expect(
      offsets({
        startContainer: node,
        startOffset: i,
        endContainer: node,
        endOffset: i + 'on Thursday night'.length,
      }),
    ).toBe('on Thursday night');
  });

  it('follows a selection across inline markup and paragraphs', () => {
    const { at, offsets } = setup();
    const [a, i] = at('opened ');
    const [b, j] = at('the chief');
    expect(
      offsets({
        startContainer: a,
        startOffset: i,
        endContainer: b,
        endOffset: j + 'the chief'.length,
      }),
    ).toBe(
      'opened two spillway gates on Thursday night after the reservoir rose.\n“We had no choice,” the chief',
    );
  });

  it('saves a whole paragraph selected by triple click (element boundaries), without the next one', () => {
    const { byId, offsets } = setup();
    // Chromium's triple click: from the paragraph's start to the start of the next paragraph.
    expect(
      offsets({
        startContainer: byId('p3'),
        startOffset: 0,
        endContainer: byId('story'),
        endOffset: byId('story').childNodes.length,
      }),
    ).toBe('By Friday 1,240 people had left Lower Sarn.');
    expect(
      offsets({
        startContainer: byId('p1'),
        startOffset: 0,
        endContainer: byId('p2'),
        endOffset: 0,
      }),
    ).toBe('Engineers opened two spillway gates on Thursday night after the reservoir rose.');
  });

  it('leaves out the part of a selection outside the article, and buttons inside it', () => {
    const { doc, at, offsets } = setup();
    const header = doc.querySelector('header a')!.firstChild!;
    const [end, j] = at('Engineers opened');
    expect(
      offsets({
        startContainer: header,
        startOffset: 2,
        endContainer: end,
        endOffset: j + 'Engineers opened'.length,
      }),
    ).toBe('Reservoir gates opened\nEngineers opened');
    const [s, i] = at('the chief engineer');
    const [e, k] = at('Villages were');
    expect(
      offsets({
        startContainer: s,
        startOffset: i,
        endContainer: e,
        endOffset: k + 'Villages were'.length,
      }),
    ).toBe('the chief engineer said. Villages were');
  });

  it('offers nothing for a selection wholly outside the article or of spaces only', () => {
    const { doc, at, offsets } = setup();
    const header = doc.querySelector('header a')!.firstChild!;
    const footer = doc.querySelector('footer')!.firstChild!;
    expect(
      offsets({ startContainer: header, startOffset: 0, endContainer: header, endOffset: 5 }),
    ).toBeNull();
    expect(
      offsets({ startContainer: footer, startOffset: 0, endContainer: footer, endOffset: 9 }),
    ).toBeNull();
    const [node, i] = at('said.   ');
    expect(
      offsets({ startContainer: node, startOffset: i + 5, endContainer: node, endOffset: i + 8 }),
    ).toBeNull();
  });

  it('maps any selection within one text node to the same characters of the reading text', () => {
    const { pieces, text } = setup();
    const words = pieces.filter((p) => p.length > 2);
    fc.assert(
      fc.property(fc.nat(words.length - 1), fc.nat(), fc.nat(), (k, a, b) => {
        const p = words[k]!;
        const s = p.nodeStart + (a % p.length);
        const e = s + 1 + (b % (p.nodeStart + p.length - s));
        const o = selectionOffsets(text, pieces, {
          startContainer: p.node,
          startOffset: s,
          endContainer: p.node,
          endOffset: e,
        });
        const selected = p.node.data.slice(s, e).trim();
        if (!selected) expect(o).toBeNull();
        else expect(text.slice(o!.start, o!.end)).toBe(selected);
      }),
    );
  });
});
