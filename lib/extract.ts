/**
 * Article extraction: the one wrapper around @mozilla/readability. Takes any `Document`
 * (the live page, a parsed copy of it, or a linkedom document in the CLI) and never mutates it:
 * Readability gets a clone, unless the caller hands over a disposable copy.
 */
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { collectBlockText } from './dom/block-text';
import type { ExtractedArticle } from './types';

/** Options for `extractArticle`. */
export interface ExtractOptions {
  /** The page URL when the document does not know it (CLI on a saved file). */
  url?: string | null;
  /**
   * Called when the document looks like an article, before Readability parses it (the costly
   * part): the extension wakes its matcher then, so the two overlap. Errors it throws are ignored.
   */
  onReaderable?: () => void;
  /**
   * The document is a parsed copy no one else holds (read away from the page): Readability may
   * take it apart, so it is not cloned first.
   */
  disposable?: boolean;
}

const meta = (doc: Document, ...names: string[]): string | null => {
  for (const name of names) {
    const el = doc.querySelector(
      `meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`,
    );
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return null;
};

/**
 * Readability's cost grows much faster than nesting depth (2,000 nested elements freeze it for
 * seconds), and real articles are never this deep: past this depth the page is read as plain
 * block text and not treated as an article.
 */
export const MAX_READABLE_DEPTH = 400;

/** Depth of the deepest element under `root`, walked without recursion; stops counting at `limit`. */
export function elementDepth(root: Node, limit = Infinity): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) {
      max = depth;
      if (max >= limit) return max;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push([child, depth + 1]);
    }
  }
  return max;
}

/** Extracts the main article of a document, with its text one paragraph per line. */
export function extractArticle(doc: Document, options: ExtractOptions = {}): ExtractedArticle {
  const url =
    options.url ??
    meta(doc, 'og:url') ??
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    null;
  const root = doc.documentElement;
  const tooDeep = !root || elementDepth(root, MAX_READABLE_DEPTH + 1) > MAX_READABLE_DEPTH;
  const readerable = !tooDeep && safe(() => isProbablyReaderable(doc), false);
  if (readerable && options.onReaderable) safe(options.onReaderable, undefined);
  // Read before Readability, which takes a disposable document apart.
  const docTitle = safe(() => doc.title?.trim(), '');
  const siteMeta = meta(doc, 'og:site_name', 'application-name');
  const publishedMeta = meta(doc, 'article:published_time', 'datePublished', 'date', 'pubdate');
  const docLang = doc.documentElement?.getAttribute('lang') || null;
  const parsed = tooDeep
    ? null
    : safe(
        () =>
          new Readability((options.disposable ? doc : doc.cloneNode(true)) as Document, {
            serializer: (el: Node) => el,
            charThreshold: 300,
          }).parse(),
        null,
      );
  const content = parsed?.content as unknown as Node | undefined;
  const fallback = tooDeep && doc.body ? doc.body : null;
  const text = content
    ? collectBlockText(content).text
    : fallback
      ? safe(() => collectBlockText(fallback).text, '')
      : '';
  const title = parsed?.title?.trim() || docTitle || null;
  return {
    title,
    url,
    byline: parsed?.byline?.trim() || null,
    siteName: parsed?.siteName?.trim() || siteMeta || null,
    published: parsed?.publishedTime?.trim() || publishedMeta || null,
    lang: parsed?.lang || docLang,
    isArticle: !tooDeep && (readerable || holdsProse(text)),
    text,
  };
}

/**
 * Words a line of extracted text must hold to be prose (a sentence), not a menu or a button label.
 * A news brief of a few hundred characters fails Readability's "probably readerable" test, whose
 * thresholds suit long articles; the CLI matches it all the same, so the extension must read it
 * too (one matcher, one answer: coverage-dev's 39-devdiscourse and 69-wojna are such briefs).
 */
const PROSE_WORDS = 12;

/** Whether extracted text holds a line of prose (see PROSE_WORDS). */
function holdsProse(text: string): boolean {
  for (const line of text.split('\n')) {
    let words = 0;
    for (const w of line.split(/\s+/)) if (/\p{L}/u.test(w) && ++words >= PROSE_WORDS) return true;
  }
  return false;
}

/** Readability throws on some malformed documents; a page we cannot read is simply not an article. */
function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
