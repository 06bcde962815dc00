/**
 * Reading big pages away from the page. Readability is one synchronous call that cannot be sliced:
 * on a page of thousands of elements it holds the page's main thread for 50–600 ms. Such a page is
 * serialised instead (a few ms) and read by the extension, in Chrome's offscreen document or in
 * Firefox's background page, where a parsed copy of it is free to be taken apart. Small pages are
 * read in place: there the round trip costs about what it saves. Whatever goes wrong away from the
 * page, the page is read in place as before.
 */
import { serializeWalk } from './dom/serialize';
import { runSliced } from './dom/sliced';
import { extractArticle } from './extract';
import type { ExtractedArticle } from './types';

/**
 * Pages with at least this many elements are read away from the page, so that Readability's one
 * task stays under 50 ms on the page. On the quiet 2-core test machine it took 74–99 ms in place on
 * pages of 935 to 1,500 elements (medium-3, salon-1, wikia); read away, those pages had no task of
 * ours over 50 ms, and load → drawn moved by -72 to +90 ms (bench/run.ts). The 5 KB demo pages
 * (Readability 18–30 ms) stay in place, where the round trip would cost more than it saves.
 */
export const OFF_PAGE_ELEMENTS = 500;

/** Serialised pages above this size are read in place: extension messages are capped at 64 MB. */
export const OFF_PAGE_MAX_CHARS = 32_000_000;

/** How long the page waits for the extension to read it before reading it in place. */
export const OFF_PAGE_TIMEOUT_MS = 15_000;

/** An article read away from its page, with the time Readability took there. */
export interface OffPageArticle extends ExtractedArticle {
  /** Parsing the HTML and Readability (what reading in place pays for its copy of the page and Readability). */
  readabilityMs: number;
  /** The parsing part of `readabilityMs`. */
  parseMs?: number;
}

/** The background's request to the offscreen document. */
export interface OffscreenRequest {
  sourcelightOffscreen: 'extract';
  html: string;
  url: string;
}

/**
 * A part of a page's HTML sent ahead of its request on a port (lib/messaging/read-away.ts): the
 * request's own `html` is the last part.
 */
export interface OffscreenPart {
  sourcelightOffscreen: 'part';
  html: string;
}

/** Whether a port message is a part of a page's HTML. */
export function isOffscreenPart(message: unknown): message is OffscreenPart {
  const m = message as Partial<OffscreenPart> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.sourcelightOffscreen === 'part' &&
    typeof m.html === 'string'
  );
}

/** Whether a runtime message is a request for the offscreen document (every other message is left alone). */
export function isOffscreenRequest(message: unknown): message is OffscreenRequest {
  const m = message as Partial<OffscreenRequest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.sourcelightOffscreen === 'extract' &&
    typeof m.html === 'string' &&
    typeof m.url === 'string'
  );
}

/**
 * A page this big that the extension could not read is not read in place either: Readability's
 * time grows faster than the page (wikipedia-2, 9,888 elements: 112 ms; the battery's page of
 * 200,000 elements: the page frozen for 75 s), so it is left without highlights.
 */
export const IN_PLACE_MAX_ELEMENTS = 50_000;

/** Whether `doc` is big enough to be read away from the page (see `OFF_PAGE_ELEMENTS`). */
export function readsOffPage(doc: Document, atLeast = OFF_PAGE_ELEMENTS): boolean {
  try {
    // Counted by walking, and only as far as needed: a huge page is known big after 500 elements.
    let count = 0;
    let el: Element | null = doc.documentElement;
    while (el) {
      if (++count >= atLeast) return true;
      if (el.firstElementChild) {
        el = el.firstElementChild;
        continue;
      }
      while (el && !el.nextElementSibling) el = el.parentElement;
      el = el?.nextElementSibling ?? null;
    }
    return false;
  } catch {
    return false;
  }
}

/** Elements whose whole content is left out of a page sent away (see `withoutScripts`). */
const DROPPED = new Set(['script', 'style']);
/** Elements whose content the HTML serialiser writes as raw text: a '<' in them opens no tag. */
const RAW_TEXT = new Set(['xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title']);
const TAG_NAME = /[A-Za-z][^\s/>]*/y;

/**
 * The serialised page without its scripts and style sheets (JSON-LD scripts kept, Readability reads
 * them for metadata): Readability throws both away before it reads anything, and on news pages
 * they are often a third of the HTML or more (lazy-image-2: 280 of 730 KB), which is sent, copied
 * and parsed for nothing. The inside of each svg goes too (icons and logos: wikia 131 of 237 KB
 * left, engadget 51 of 282): no article text is drawn in svg, and the 84 fixture pages read to the
 * same article with and without it. Tags are read as the parser would (comments skipped, attribute
 * values quoted or not, raw-text elements passed over whole), so nothing else is cut; markup it
 * cannot read is kept as it is.
 */
export function withoutScripts(html: string): string {
  const parts: string[] = [];
  let kept = 0;
  let i = 0;
  for (;;) {
    const lt = nextMarkup(html, i);
    if (lt < 0) break;
    // Most tags are none of those passed over whole, which all start with one of these letters.
    const first = html.charCodeAt(lt + 1) | 0x20;
    if (first < 97 || first > 122) {
      i = lt + 1;
      continue;
    }
    const named = first === 115 || first === 120 || first === 105 || first === 110 || first === 116;
    TAG_NAME.lastIndex = lt + 1;
    const name = named ? (TAG_NAME.exec(html)?.[0].toLowerCase() ?? '') : '';
    const tagEnd = endOfTag(html, lt + 2);
    if (tagEnd < 0) break;
    if (name === 'svg') {
      // The drawing's inside goes, the element stays (an empty image where it was).
      const close = svgClose(html, tagEnd);
      if (close < 0) break;
      if (close > tagEnd) {
        parts.push(html.slice(kept, tagEnd));
        kept = close;
      }
      i = close + 6;
      continue;
    }
    if (!DROPPED.has(name) && !RAW_TEXT.has(name)) {
      i = tagEnd;
      continue;
    }
    const close = closingTag(html, name, tagEnd);
    if (close < 0) break;
    const closeEnd = html.indexOf('>', close);
    if (closeEnd < 0) break;
    if (
      DROPPED.has(name) &&
      !/\btype\s*=\s*["']?application\/ld\+json/i.test(html.slice(lt, tagEnd))
    ) {
      parts.push(html.slice(kept, lt));
      kept = closeEnd + 1;
    }
    i = closeEnd + 1;
  }
  if (kept === 0) return html;
  parts.push(html.slice(kept));
  return parts.join('');
}

/** Where the next '<' at or after `from` outside a comment stands, or -1 (none, or a comment never closed). */
function nextMarkup(html: string, from: number): number {
  let i = from;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || !html.startsWith('<!--', lt)) return lt;
    const end = html.indexOf('-->', lt + 4);
    if (end < 0) return -1;
    i = end + 3;
  }
}

/**
 * Where the `</svg>` closing the svg element whose start tag ends at `from` starts, or -1. Svg
 * nests; tags are read as `withoutScripts` reads them (an attribute value may hold "</svg>").
 */
function svgClose(html: string, from: number): number {
  let depth = 1;
  let i = from;
  for (;;) {
    const lt = nextMarkup(html, i);
    if (lt < 0) return -1;
    if (html.charCodeAt(lt + 1) === 47) {
      SVG_END.lastIndex = lt;
      if (SVG_END.test(html) && --depth === 0) return lt;
      i = lt + 2;
      continue;
    }
    const first = html.charCodeAt(lt + 1) | 0x20;
    if (first < 97 || first > 122) {
      i = lt + 1;
      continue;
    }
    TAG_NAME.lastIndex = lt + 1;
    const name = TAG_NAME.exec(html)?.[0].toLowerCase();
    const end = endOfTag(html, lt + 2);
    if (end < 0) return -1;
    // `<svg/>` (written by some serialisers, never by a browser's) opens nothing.
    if (name === 'svg' && html.charCodeAt(end - 2) !== 47) depth++;
    i = end;
  }
}
const SVG_END = /<\/svg[\s/>]/iy;

/** A quoted attribute value's opening: a '>' inside the quotes does not end the tag. */
const QUOTED_VALUE = /=[ \t\n\f\r]*(["'])/g;

/** Where the tag whose attributes start at `from` ends (after its '>'), or -1. */
function endOfTag(html: string, from: number): number {
  let i = from;
  for (;;) {
    const gt = html.indexOf('>', i);
    if (gt < 0) return -1;
    const eq = html.indexOf('=', i);
    if (eq < 0 || eq > gt) return gt + 1;
    QUOTED_VALUE.lastIndex = eq;
    const m = QUOTED_VALUE.exec(html);
    if (!m || m.index > gt) return gt + 1;
    const close = html.indexOf(m[1]!, QUOTED_VALUE.lastIndex);
    if (close < 0) return -1;
    i = close + 1;
  }
}

/** End tags of the elements `withoutScripts` passes over whole, by name. */
const CLOSING = new Map(
  [...DROPPED, ...RAW_TEXT].map((n) => [n, new RegExp(`</${n}[\\s/>]`, 'gi')]),
);

/** Where the end tag of raw-text element `name` starts at or after `from`, or -1. */
function closingTag(html: string, name: string, from: number): number {
  const re = CLOSING.get(name)!;
  re.lastIndex = from;
  return re.exec(html)?.index ?? -1;
}

/** Reads the article of a serialised page, parsed with `parse` (DOMParser in a browser). */
export function extractFromHtml(
  html: string,
  url: string,
  parse: (html: string) => Document,
): OffPageArticle {
  const started = performance.now();
  const doc = parse(html);
  const parseMs = performance.now() - started;
  const article = extractArticle(doc, { url, disposable: true });
  return { ...article, readabilityMs: performance.now() - started, parseMs };
}

const textOrNull = (x: unknown): boolean => x === null || typeof x === 'string';

/** Whether a reply is a whole article: a page reads itself in place rather than trust anything less. */
export function isOffPageArticle(x: unknown): x is OffPageArticle {
  const a = x as Partial<OffPageArticle> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.text === 'string' &&
    typeof a.isArticle === 'boolean' &&
    typeof a.readabilityMs === 'number' &&
    [a.title, a.url, a.byline, a.siteName, a.published, a.lang].every(textOrNull)
  );
}

/** How a page's article was read. */
export interface ReadArticle {
  article: ExtractedArticle;
  /** Where Readability ran. */
  where: 'page' | 'extension';
  /** Readability's own time wherever it ran. */
  readabilityMs: number;
  /** Why a big page was read in place after all (the extension could not read it), or null. */
  fallback: string | null;
  /** How long serialising the page took when it was sent away, else null. */
  serializeMs: number | null;
  /** The parsing part of `readabilityMs` away from the page, else null. */
  parseMs?: number | null;
}

/** What `readArticle` needs from its caller. */
export interface ReadArticleOptions {
  url: string;
  /**
   * Asks the extension to read a serialised page (`awayReader` in lib/messaging/read-away.ts);
   * calls `sent` once the HTML has left the page.
   */
  extractAway: (html: string, url: string, sent?: () => void) => Promise<unknown>;
  /**
   * Called once a big page's HTML has left it, while the extension reads it: the page's main thread
   * is free until the answer (the overlay reads the live page meanwhile, lib/dom/read-ahead.ts).
   */
  whileAway?: () => void;
  /** Called once the page is known to be read away, before it is serialised: the reader gets ready meanwhile. */
  openAway?: () => void;
  /** See `ExtractOptions.onReaderable` (in place only: away from the page the background prepares itself). */
  onReaderable?: () => void;
  timeoutMs?: number;
  setTimer?: (f: () => void, ms: number) => unknown;
  /** Lets the page run between two of our tasks (default: a new task). */
  pause?: () => Promise<void>;
}

/**
 * Reads the article of the live document `doc`: a big page away from it (see `readsOffPage`), and
 * in place when it is small, too large to send, or when the extension cannot read it.
 */
export async function readArticle(
  doc: Document,
  options: ReadArticleOptions,
): Promise<ReadArticle> {
  const inPlace = (fallback: string | null): ReadArticle => {
    if (fallback !== null && readsOffPage(doc, IN_PLACE_MAX_ELEMENTS))
      return {
        article: {
          title: doc.title || null,
          url: options.url,
          byline: null,
          siteName: null,
          published: null,
          lang: null,
          isArticle: false,
          text: '',
        },
        where: 'page',
        readabilityMs: 0,
        serializeMs,
        fallback: `${fallback}; the page is too big to read in place without freezing it, so it was left alone`,
      };
    const started = performance.now();
    const article = extractArticle(doc, { url: options.url, onReaderable: options.onReaderable });
    return {
      article,
      where: 'page',
      readabilityMs: performance.now() - started,
      fallback,
      serializeMs,
    };
  };
  let serializeMs: number | null = null;
  if (!readsOffPage(doc)) return inPlace(null);
  options.openAway?.();
  const setTimer = options.setTimer ?? ((f: () => void, ms: number) => setTimeout(f, ms));
  const basePause = options.pause ?? (() => new Promise<void>((ok) => setTimer(ok, 0)));
  // Our own time: the page's tasks between our pieces are not serialising.
  let pausedMs = 0;
  const pause = async () => {
    const at = performance.now();
    await basePause();
    pausedMs += performance.now() - at;
  };
  let html: string;
  try {
    const started = performance.now();
    // In pieces, each without its scripts: one outerHTML of a big page and one pass over its HTML
    // were each a task of 25-65 ms on wikipedia-2 (10,000 elements) on the loaded test machine.
    const walk = serializeWalk(doc.documentElement, { each: withoutScripts });
    html = (await runSliced(walk, pause))!;
    serializeMs = performance.now() - started - pausedMs;
  } catch (error) {
    // A page that redefines the DOM's serialiser still gets read.
    return inPlace(`the page could not be serialised (${(error as Error)?.message ?? error})`);
  }
  // Sending copies the whole HTML at once (25 ms for wikipedia-2's 1.5 MB): a task of its own.
  await pause();
  if (html.length > OFF_PAGE_MAX_CHARS) return inPlace('the page is too large to send');
  const timeoutMs = options.timeoutMs ?? OFF_PAGE_TIMEOUT_MS;
  try {
    const reply = await Promise.race([
      options.extractAway(html, options.url, () => {
        // A failure there costs only the head start; the article is still read.
        try {
          options.whileAway?.();
        } catch {}
      }),
      new Promise<never>((_, fail) =>
        setTimer(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs),
      ),
    ]);
    if (!isOffPageArticle(reply)) return inPlace('the extension sent back no article');
    const { readabilityMs, parseMs, ...article } = reply;
    return {
      article,
      where: 'extension',
      readabilityMs,
      fallback: null,
      serializeMs,
      parseMs: typeof parseMs === 'number' ? parseMs : null,
    };
  } catch (error) {
    return inPlace((error as Error)?.message ?? String(error));
  }
}
