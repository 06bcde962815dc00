/**
 * Article extraction: the one wrapper around @mozilla/readability. Takes any `Document`
 * (the live page, or a linkedom document in the CLI) and never mutates it: Readability gets a clone.
 */
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { collectBlockText } from './dom/block-text';
import type { ExtractedArticle } from './types';

/** Options for `extractArticle`. */
export interface ExtractOptions {
  /** The page URL when the document does not know it (CLI on a saved file). */
  url?: string | null;
}

const meta = (doc: Document, ...names: string[]): string | null => {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return null;
};

/** Extracts the main article of a document, with its text one paragraph per line. */
export function extractArticle(doc: Document, options: ExtractOptions = {}): ExtractedArticle {
  const url =
    options.url ??
    meta(doc, 'og:url') ??
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    null;
  const readerable = safe(() => isProbablyReaderable(doc), false);
  const clone = doc.cloneNode(true) as Document;
  const parsed = safe(
    () => new Readability(clone, { serializer: (el: Node) => el, charThreshold: 300 }).parse(),
    null,
  );
  const content = parsed?.content as unknown as Node | undefined;
  const text = content ? collectBlockText(content).text : '';
  const title = parsed?.title?.trim() || doc.title?.trim() || null;
  return {
    title,
    url,
    byline: parsed?.byline?.trim() || null,
    siteName: parsed?.siteName?.trim() || meta(doc, 'og:site_name', 'application-name') || null,
    published:
      parsed?.publishedTime?.trim() || meta(doc, 'article:published_time', 'datePublished', 'date', 'pubdate') || null,
    lang: parsed?.lang || doc.documentElement?.getAttribute('lang') || null,
    isArticle: readerable && text.length >= 200,
    text,
  };
}

/** Readability throws on some malformed documents; a page we cannot read is simply not an article. */
function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
