/**
 * Draws highlights with the CSS Custom Highlight API: Range objects registered under one name
 * per kind, styled by a constructed stylesheet adopted by the page's document. Neither touches
 * the DOM tree, so the page's layout and scripts are untouched, and `destroy()` restores the
 * document exactly. Takes the document as a parameter; its window must support `CSS.highlights`.
 */
import { HIGHLIGHT_KINDS, highlightName, type HighlightKind } from './model';

/** The highlight name of the item the keyboard user is on (drawn above the kind highlights). */
export const FOCUS_HIGHLIGHT = 'sourcelight-focus';
/** The highlight name of the user's saved annotations, re-anchored on a revisit. */
export const SAVED_HIGHLIGHT = 'sourcelight-saved';

/**
 * Colours from the Okabe-Ito palette (told apart with the common colour-vision deficiencies),
 * each kind also with its own underline style so colour is never the only cue. Backgrounds are
 * translucent and the text colour is the page's own, so dark pages stay readable.
 */
export const HIGHLIGHT_CSS = `
::highlight(sourcelight-verbatim) { background-color: rgba(240, 228, 66, 0.45); text-decoration: underline solid #e69f00 2px; }
::highlight(sourcelight-variant) { background-color: rgba(86, 180, 233, 0.35); text-decoration: underline dashed #56b4e9 2px; }
::highlight(sourcelight-paraphrase) { background-color: rgba(204, 121, 167, 0.35); text-decoration: underline dotted #cc79a7 3px; }
::highlight(sourcelight-reuse) { background-color: rgba(0, 158, 115, 0.28); text-decoration: underline wavy #009e73 1px; }
::highlight(sourcelight-actor) { text-decoration: underline double #d55e00 2px; }
::highlight(sourcelight-saved) { text-decoration: underline solid #0072b2 3px; text-underline-offset: 4px; }
::highlight(sourcelight-focus) { background-color: rgba(0, 114, 178, 0.45); }
`;

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

/** Installs the highlight styles on `doc` and returns a highlighter drawing on its text. */
export function createHighlighter(doc: Document): Highlighter {
  const win = doc.defaultView as unknown as HighlightWindow;
  const sheet = new win.CSSStyleSheet();
  sheet.replaceSync(HIGHLIGHT_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const names = [...HIGHLIGHT_KINDS.map(highlightName), SAVED_HIGHLIGHT, FOCUS_HIGHLIGHT];
  let destroyed = false;
  return {
    draw(ranges) {
      if (destroyed) return;
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
      const h = new win.Highlight(range);
      h.priority = HIGHLIGHT_KINDS.length + 1;
      win.CSS.highlights.set(FOCUS_HIGHLIGHT, h);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const name of names) win.CSS.highlights.delete(name);
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}
