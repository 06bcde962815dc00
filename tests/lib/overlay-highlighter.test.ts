import { describe, expect, it } from 'vitest';
import { createHighlighter, FOCUS_HIGHLIGHT } from '../../lib/overlay/highlighter';
import { highlightName } from '../../lib/overlay/model';

/**
 * A document whose window draws highlights as a browser does, as far as the highlighter can tell:
 * named highlights in a registry, constructed stylesheets adopted by the document.
 */
function fakeDocument() {
  const highlights = new Map<string, unknown>();
  class Sheet {
    css = '';
    replaceSync(css: string) {
      this.css = css;
    }
  }
  class Highlight {
    priority = 0;
    readonly ranges: unknown[];
    constructor(...ranges: unknown[]) {
      this.ranges = ranges;
    }
    add(r: unknown) {
      this.ranges.push(r);
    }
  }
  const doc = {
    adoptedStyleSheets: [] as Sheet[],
    defaultView: { CSS: { highlights }, Highlight, CSSStyleSheet: Sheet },
  };
  return { doc: doc as unknown as Document, sheets: () => doc.adoptedStyleSheets, highlights };
}

const range = {} as AbstractRange;

describe('createHighlighter', () => {
  it('restyles the page only once there is something to draw', () => {
    const { doc, sheets, highlights } = fakeDocument();
    const h = createHighlighter(doc);
    expect(sheets()).toHaveLength(0);
    h.draw([]);
    h.drawSaved([]);
    h.focus(null);
    expect(sheets()).toHaveLength(0);
    h.draw([{ kind: 'verbatim', range }]);
    expect(sheets()).toHaveLength(1);
    expect((sheets()[0] as unknown as { css: string }).css).toContain(
      `::highlight(${highlightName('verbatim')})`,
    );
    h.focus(range);
    expect(sheets()).toHaveLength(1);
    expect(highlights.has(FOCUS_HIGHLIGHT)).toBe(true);
  });

  it('takes its styles away when destroyed, and draws nothing after', () => {
    const { doc, sheets, highlights } = fakeDocument();
    const own = { css: 'the page’s own sheet' };
    (doc as unknown as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [own];
    const h = createHighlighter(doc);
    h.draw([{ kind: 'actor', range }]);
    h.drawSaved([range]);
    expect(sheets()).toHaveLength(2);
    h.destroy();
    expect(sheets()).toEqual([own]);
    expect(highlights.size).toBe(0);
    h.draw([{ kind: 'actor', range }]);
    h.focus(range);
    expect(sheets()).toEqual([own]);
    expect(highlights.size).toBe(0);
  });

  it('leaves the page’s sheets alone when it drew nothing', () => {
    const { doc, sheets } = fakeDocument();
    const own = { css: 'the page’s own sheet' };
    (doc as unknown as { adoptedStyleSheets: unknown[] }).adoptedStyleSheets = [own];
    const h = createHighlighter(doc);
    h.destroy();
    expect(sheets()).toEqual([own]);
  });
});
