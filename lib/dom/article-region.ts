/**
 * Finds the article in the live DOM. Readability works on a clone and returns detached nodes, so
 * the overlay locates the live element that holds most of Readability's paragraphs and reads its
 * text with `collectBlockText`: offsets then map to live Text nodes, and pull quotes or
 * blockquotes that Readability dropped are read too. Takes the document as a parameter.
 */
import { blockTextWalk, type BlockText } from './block-text';
import { runSliced, runToEnd, STEPS_PER_PAUSE } from './sliced';

/** Blocks whose text identifies an article paragraph. */
const PARAGRAPH_SELECTOR = 'p, li, blockquote, h2, h3, h4, pre, figcaption, dd, td';
/** Shortest paragraph used as evidence: short lines ("Share", dates) repeat across page chrome. */
export const MIN_EVIDENCE = 40;
/** A child holding this share of the evidence is a tighter article container than its parent. */
const DESCEND_SHARE = 0.85;

/** Roles and regions that are never article text, even inside the article container. */
const CHROME_TAGS = new Set(['NAV', 'FOOTER', 'FORM', 'DIALOG', 'MENU']);
const CHROME_ROLES = new Set([
  'navigation',
  'contentinfo',
  'banner',
  'search',
  'dialog',
  'menu',
  'complementary',
]);
/**
 * Class/id words of page chrome, the same idea as Readability's "unlikely candidates". Quote-like
 * names win over them (pull quotes often sit in asides).
 */
const CHROME_NAMES =
  /(^|[-_\s])(comments?|share|sharing|social|related|newsletter|promo|advert|ads?|sponsor|subscribe|signup|breadcrumbs?|tags|byline-tools|toolbar|menu|nav|footer|recirc|most-?read|outbrain|taboola)([-_\s]|$)/i;
const QUOTE_NAMES = /quote/i;

/** Characters of a fingerprint: lower case words, the first 80 characters. */
const FINGERPRINT_CHARS = 80;

/** Normalised fingerprint of a paragraph: lower case words, first 80 characters. */
export function fingerprint(text: string): string {
  const ascii = asciiFingerprint(text);
  if (ascii !== null) return ascii;
  // A table cell or list item can hold a whole page's text (wikipedia-2: 970,000 characters over
  // its 1,635 paragraphs); the first few hundred decide the fingerprint. Lower-casing a prefix gives
  // the whole text's prefix unless it holds a capital sigma (its lower case depends on what
  // follows), and only the prefix's last run can differ (a letter or a surrogate pair cut short),
  // so a prefix whose fingerprint is longer than needed gives the same one.
  if (text.length > 4 * FINGERPRINT_CHARS) {
    const head = text.slice(0, 4 * FINGERPRINT_CHARS);
    if (!head.includes('\u03a3')) {
      const short = normalise(head);
      if (short.length > FINGERPRINT_CHARS + 1) return short.slice(0, FINGERPRINT_CHARS);
    }
  }
  return normalise(text).slice(0, FINGERPRINT_CHARS);
}

/**
 * The fingerprint of a text read while its characters are ASCII, up to the 80 characters it needs;
 * null at the first other character (letters and digits are then Unicode's, read by `normalise`).
 * Most paragraphs are settled within their first hundred characters this way.
 */
function asciiFingerprint(text: string): string | null {
  let out = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return null;
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if ((lower >= 97 && lower <= 122) || (c >= 48 && c <= 57)) {
      if (gap && out.length > 0) {
        out += ' ';
        if (out.length === FINGERPRINT_CHARS) return out;
      }
      gap = false;
      out += String.fromCharCode(lower);
      if (out.length === FINGERPRINT_CHARS) return out;
    } else gap = true;
  }
  return out;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Our own UI hosts (`<sourcelight-*>`), which must never be read as page text. */
export function isOwnHost(el: Element): boolean {
  return el.tagName.toLowerCase().startsWith('sourcelight-');
}

/**
 * The skip rule for live article text: our hosts, hidden elements, and navigation, comments,
 * share bars and similar chrome inside the article container (but never quote-like asides).
 */
export function createReadingSkip(
  view: { getComputedStyle?: (el: Element) => CSSStyleDeclaration } | null,
): (el: Element) => boolean {
  return (el) => {
    if (isOwnHost(el)) return true;
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
    const tag = el.tagName.toUpperCase();
    const role = el.getAttribute('role') ?? '';
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    const quoteLike = tag === 'BLOCKQUOTE' || tag === 'Q' || QUOTE_NAMES.test(names);
    if (!quoteLike) {
      if (CHROME_TAGS.has(tag) || CHROME_ROLES.has(role)) return true;
      if (tag === 'ASIDE' && !el.querySelector('blockquote, q, [class*="quote" i]')) return true;
      if (CHROME_NAMES.test(names)) return true;
    }
    const style = view?.getComputedStyle?.(el);
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return true;
    return false;
  };
}

/** The live article: its container element and its reading text with the char → Text node map. */
export interface LiveArticle {
  root: Element;
  block: BlockText;
  /** Share of Readability's paragraphs found in the container (0..1). */
  coverage: number;
}

/**
 * Locates the live element whose text best covers `articleText` (Readability's text, one paragraph
 * per line) and reads it. Null when no paragraph of the article is found in the page.
 */
export function findLiveArticle(
  doc: Document,
  articleText: string,
  skip: (el: Element) => boolean = createReadingSkip(doc.defaultView),
): LiveArticle | null {
  const at = locateArticle(doc, articleText);
  return at ? { ...at, block: readLiveText(at.root, skip) } : null;
}

/**
 * The first half of `findLiveArticle`: the container element and the share of the article's
 * paragraphs found in it, without reading its text (callers may yield between the two halves).
 */
export function locateArticle(
  doc: Document,
  articleText: string,
): { root: Element; coverage: number } | null {
  return runToEnd(locateWalk(doc, articleText));
}

/** Where a page pauses between slices of its reading, and whether the reading is still wanted (see ./sliced.ts). */
export interface Slicing {
  pause: () => Promise<void>;
  stale: () => boolean;
  /** How long a slice may run (ms; default `SLICE_MS`). Tests set 0 to pause whatever the machine's speed. */
  sliceMs?: number;
}

/** `locateArticle` in short tasks: null also when the reading went stale. */
export function locateArticleSliced(
  doc: Document,
  articleText: string,
  slicing: Slicing,
): Promise<{ root: Element; coverage: number } | null> {
  return runSliced(locateWalk(doc, articleText), slicing.pause, slicing.stale, slicing.sliceMs);
}

/** `readLiveText` in short tasks: null when the reading went stale. */
export function readLiveTextSliced(
  root: Element,
  skip: (el: Element) => boolean,
  slicing: Slicing,
): Promise<BlockText | null> {
  return runSliced(liveTextWalk(root, skip), slicing.pause, slicing.stale, slicing.sliceMs);
}

/** The page's paragraph-like elements in document order, each with the fingerprint of its text. */
export interface Paragraphs {
  elements: Element[];
  prints: string[];
  /** The length of each element's text. */
  lengths: number[];
}

/** `locateArticle` as a walk that pauses every few hundred paragraphs. */
function* locateWalk(
  doc: Document,
  articleText: string,
): Generator<void, { root: Element; coverage: number } | null> {
  const body = doc.body;
  if (!body || !articleText) return null;
  const wanted = yield* wantedWalk(articleText);
  if (wanted.total === 0) return null;
  return yield* rootWalk(body, wanted, yield* paragraphsWalk(body));
}

/** The fingerprints of the article's lines long enough to be evidence, and their characters. */
function* wantedWalk(
  articleText: string,
): Generator<void, { prints: Map<string, number>; total: number }> {
  const prints = new Map<string, number>();
  let total = 0;
  let steps = 0;
  for (const line of articleText.split('\n')) {
    if (++steps % STEPS_PER_PAUSE === 0) yield;
    if (line.length < MIN_EVIDENCE) continue;
    prints.set(fingerprint(line), line.length);
    total += line.length;
  }
  return { prints, total };
}

/**
 * Every paragraph-like element under `body` with its fingerprint. Needs nothing of the article, so
 * the overlay reads it while the article is read away from the page (./read-ahead.ts).
 */
export function* paragraphsWalk(body: Element): Generator<void, Paragraphs> {
  const elements = Array.from(body.querySelectorAll(PARAGRAPH_SELECTOR));
  const prints: string[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < elements.length; i++) {
    if ((i + 1) % STEPS_PER_PAUSE === 0) yield;
    const text = elements[i]!.textContent ?? '';
    prints.push(fingerprint(text));
    lengths.push(text.length);
  }
  return { elements, prints, lengths };
}

/** Whether `el` is one of the elements `paragraphsWalk` reads. */
export function isParagraph(el: Element): boolean {
  return el.matches(PARAGRAPH_SELECTOR);
}

/** The selector of those elements, for a look inside an added or removed subtree. */
export const PARAGRAPHS = PARAGRAPH_SELECTOR;

/**
 * The container that holds nearly all the article's paragraphs found among `paragraphs` (the
 * second half of the locating, once the article's text is known).
 */
export function* rootWalk(
  body: Element,
  wanted: { prints: Map<string, number>; total: number },
  paragraphs: Paragraphs,
): Generator<void, { root: Element; coverage: number } | null> {
  // Weight of found paragraphs per element, credited to every ancestor up to <body>.
  const weight = new Map<Element, number>();
  const seen = new Set<string>();
  let found = 0;
  const { elements, prints } = paragraphs;
  for (let i = 0; i < elements.length; i++) {
    if ((i + 1) % STEPS_PER_PAUSE === 0) yield;
    const key = prints[i]!;
    const w = wanted.prints.get(key);
    if (w === undefined || seen.has(key)) continue;
    seen.add(key);
    found += w;
    for (let a: Element | null = elements[i]!; a && a !== body.parentElement; a = a.parentElement) {
      weight.set(a, (weight.get(a) ?? 0) + w);
    }
  }
  if (found === 0) return null;

  // Walk down from <body> while one child still holds nearly all the evidence.
  let root: Element = body;
  for (;;) {
    let next: Element | null = null;
    for (let c = root.firstElementChild; c; c = c.nextElementSibling) {
      if ((weight.get(c) ?? 0) >= found * DESCEND_SHARE) next = c;
    }
    if (!next || PARAGRAPH_SELECTOR.split(', ').includes(next.tagName.toLowerCase())) break;
    root = next;
  }
  return { root, coverage: found / wanted.total };
}

/** The locating's second half over paragraphs read earlier (./read-ahead.ts). */
export function* locateWithin(
  body: Element,
  articleText: string,
  paragraphs: Paragraphs,
): Generator<void, { root: Element; coverage: number } | null> {
  if (!articleText) return null;
  const wanted = yield* wantedWalk(articleText);
  if (wanted.total === 0) return null;
  return yield* rootWalk(body, wanted, paragraphs);
}

/** Reads the live text of an article container; the container itself is never skipped. */
export function readLiveText(root: Element, skip: (el: Element) => boolean): BlockText {
  return runToEnd(liveTextWalk(root, skip));
}

function liveTextWalk(root: Element, skip: (el: Element) => boolean): Generator<void, BlockText> {
  return blockTextWalk(root, { skip: (el) => el !== root && skip(el) });
}
