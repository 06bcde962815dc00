/**
 * What Sourcelight does while a page is still loading (the document_start content script,
 * entrypoints/early.content.ts): it asks whether the overlay is on for the site, which also wakes
 * a stopped worker, and on a yes adopts the highlight styles while little of the page is styled
 * (adopted later they restyle the whole page, see lib/overlay/highlighter.ts). The overlay itself
 * starts at document_end and takes both over. This script stays tiny: a content script injected at
 * document_start is compiled and run before the page is parsed, and the full one (140 KB) held a
 * small page's DOMContentLoaded up by 60-90 ms in the bench (bench/page-cost.ts). Even this one
 * costs it 12-35 ms there; it is kept for the first page after Chrome stopped the idle worker (30 s
 * without work, so most pages a reader opens): woken while the page parses, the worker drew that
 * page at 10,000 sources in 742 against 842 ms, at 1,000 in 350 against 491 ms (bench/run.ts).
 */
import { adoptHighlightStyles, supportsHighlights } from '../../lib/overlay/highlighter';

/** The early script's start, handed to the overlay. */
export interface EarlyStart {
  /** The background's answer for this page's host. */
  enabled: Promise<boolean>;
  /** The highlight styles, when they were adopted while the page loaded. */
  sheet: CSSStyleSheet | null;
}

/** Both content scripts run in the extension's own world of the page, which shares this global (the page's script cannot see it). */
const KEY = Symbol.for('sourcelight.early');
type Shared = Record<symbol, EarlyStart | undefined>;

/** Asks about the site and leaves the answer for the overlay. */
export function startEarly(doc: Document, ask: (host: string) => Promise<boolean>): EarlyStart {
  const early: EarlyStart = { enabled: ask(doc.defaultView?.location.hostname ?? ''), sheet: null };
  early.enabled.then(
    (on) => {
      if (on && doc.readyState === 'loading' && supportsHighlights(doc))
        early.sheet = adoptHighlightStyles(doc);
    },
    () => undefined,
  );
  (globalThis as unknown as Shared)[KEY] = early;
  return early;
}

/** The early start, once (null when the early script did not run, e.g. an extension update mid-page). */
export function takeEarly(): EarlyStart | null {
  const shared = globalThis as unknown as Shared;
  const early = shared[KEY] ?? null;
  delete shared[KEY];
  return early;
}
