/**
 * Draws highlights with the CSS Custom Highlight API: Range objects registered under one name
 * per kind, styled by a constructed stylesheet adopted by the page's document. Neither touches
 * the DOM tree, so the page's layout and scripts are untouched, and `destroy()` restores the
 * document exactly. Takes the document as a parameter; its window must support `CSS.highlights`.
 *
 * The stylesheet is adopted only when something is drawn: `::highlight()`
 * rules apply to every element, so adopting them makes the browser compute the style of the whole
 * styled page again (Chromium, on the settled fixture pages: wikipedia-2 94-190 ms, medium-3 and
 * lazy-image-2 17-31 ms). Most pages get no highlight and so never pay it. (Adopted while the page
 * is still loading it costs next to nothing, but that takes a content script at document_start, and
 * any such script held the page's DOMContentLoaded up by 12-35 ms: bench/page-cost.ts.)
 */
import { KIND_LOOK } from '../kinds';
import { HIGHLIGHT_KINDS, highlightName, type HighlightKind } from './model';

/** The highlight name of the item the keyboard user is on (drawn above the kind highlights). */
export const FOCUS_HIGHLIGHT = 'sourcelight-focus';
/** The highlight name of the user's saved annotations, re-anchored on a revisit. */
export const SAVED_HIGHLIGHT = 'sourcelight-saved';

/**
 * The page's highlight styles, from the kinds' one definition (lib/kinds.ts): a translucent tint so
 * the page's own text colour stays (dark pages stay readable), and each kind's own underline so
 * colour is never the only cue. Underlines do not skip descenders: a name such as "Trump" keeps one
 * unbroken line.
 */
export const HIGHLIGHT_CSS = [
  ...HIGHLIGHT_KINDS.map((k) => {
    const l = KIND_LOOK[k];
    const tint = l.tint ? `background-color: ${l.tint}; ` : '';
    const width = l.line === 'dotted' ? 3 : l.line === 'wavy' ? 1 : 2;
    return `::highlight(${highlightName(k)}) { ${tint}text-decoration: underline ${l.line} ${l.lineColour} ${width}px; text-decoration-skip-ink: none; }`;
  }),
  `::highlight(${SAVED_HIGHLIGHT}) { text-decoration: underline solid #0072b2 3px; text-underline-offset: 4px; }`,
  `::highlight(${FOCUS_HIGHLIGHT}) { background-color: rgba(0, 114, 178, 0.45); }`,
].join('\n');

/** What the highlighter needs from a window; lets tests pass a stub. */
interface HighlightWindow {
  CSS: { highlights: { set(name: string, h: unknown): unknown; delete(name: string): boolean } };
  Highlight: new (
    ...ranges: AbstractRange[]
  ) => { priority: number; add(r: AbstractRange): unknown };
  CSSStyleSheet: new () => CSSStyleSheet;
}

/** A drawn set of highlights; `draw` replaces everything drawn before. */
export interface Highlighter {
  draw(ranges: { kind: HighlightKind; range: AbstractRange }[]): void;
  /** Draws the user's saved annotations (replacing earlier ones). */
  drawSaved(ranges: AbstractRange[]): void;
  /** Marks one range as the keyboard user's current item (null clears it). */
  focus(range: AbstractRange | null): void;
  /** Removes every highlight and the stylesheet. */
  destroy(): void;
}

/** Whether the document's window can draw CSS Custom Highlights. */
export function supportsHighlights(doc: Document): boolean {
  const win = doc.defaultView as unknown as Partial<HighlightWindow> | null;
  return Boolean(win?.CSS && 'highlights' in win.CSS && win.Highlight);
}

/** Adopts the highlight styles into `doc` (see the file's comment for what that costs when). */
function adoptHighlightStyles(doc: Document): CSSStyleSheet {
  const win = doc.defaultView as unknown as HighlightWindow;
  const sheet = new win.CSSStyleSheet();
  sheet.replaceSync(HIGHLIGHT_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  return sheet;
}

/** A highlighter drawing on `doc`'s text; it adopts its styles on its first drawing. */
export function createHighlighter(doc: Document): Highlighter {
  const win = doc.defaultView as unknown as HighlightWindow;
  let sheet: CSSStyleSheet | null = null;
  const names = [...HIGHLIGHT_KINDS.map(highlightName), SAVED_HIGHLIGHT, FOCUS_HIGHLIGHT];
  let destroyed = false;
  const adopt = () => {
    if (sheet || destroyed) return;
    sheet = adoptHighlightStyles(doc);
  };
  return {
    draw(ranges) {
      if (destroyed) return;
      if (ranges.length) adopt();
      HIGHLIGHT_KINDS.forEach((kind, i) => {
        const h = new win.Highlight(...ranges.filter((r) => r.kind === kind).map((r) => r.range));
        // Actors paint over quotes (an underline inside a tinted quote), the focus over everything.
        h.priority = kind === 'actor' ? HIGHLIGHT_KINDS.length : i;
        win.CSS.highlights.set(highlightName(kind), h);
      });
    },
    drawSaved(ranges) {
      if (destroyed) return;
      if (ranges.length === 0) {
        win.CSS.highlights.delete(SAVED_HIGHLIGHT);
        return;
      }
      adopt();
      const h = new win.Highlight(...ranges);
      h.priority = -1;
      win.CSS.highlights.set(SAVED_HIGHLIGHT, h);
    },
    focus(range) {
      if (destroyed) return;
      if (!range) {
        win.CSS.highlights.delete(FOCUS_HIGHLIGHT);
        return;
      }
      adopt();
      const h = new win.Highlight(range);
      h.priority = HIGHLIGHT_KINDS.length + 1;
      win.CSS.highlights.set(FOCUS_HIGHLIGHT, h);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const name of names) win.CSS.highlights.delete(name);
      if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}
