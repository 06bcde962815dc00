/**
 * Sources from a Zotero collection: the export's metadata (Zotero RDF with its `files/` folder of
 * snapshots, Zotero JSON, or CSL JSON with a folder of saved pages) gives title, outlet, date, URL
 * and language; the text is read from each item's HTML snapshot with Readability. An item without
 * a usable snapshot is skipped with the reason and never sinks the rest; a malformed metadata
 * file rejects the import.
 */
import { extractArticle } from '../extract';
import { validateSource, type NamedText } from '../sources';
import type { Source } from '../types';
import { ImportError } from './errors';
import { MAX_FILE_BYTES, MIN_ARTICLE_CHARS, slug, uniqueId } from './ids';
import { itemsFromJson, itemsFromRdf, type ZoteroItem } from './zotero-metadata';

/** What a Zotero export gives: sources with the file each came from, and the items left out. */
export interface ZoteroImport {
  sources: { file: string; source: Source }[];
  skipped: { item: string; reason: string }[];
}

/** Parsers the caller supplies (DOMParser in the extension, linkedom in the CLI and tests). */
export interface ZoteroParsers {
  parseHtml: (html: string) => Document;
  parseXml: (xml: string) => Document;
}

const normalisePath = (p: string) =>
  decodeURIComponent(
    p
      .replace(/\\/g, '/')
      .replace(/^\.\//, '')
      .replace(/^file:\/\//, ''),
  );
const baseName = (p: string) => normalisePath(p).split('/').pop() ?? p;
/** A URL compared loosely: no scheme, `www.`, fragment or trailing slash. */
const looseUrl = (u: string) =>
  u
    .trim()
    .replace(/#.*$/, '')
    .replace(/^https?:\/\/(www\.)?/i, '')
    .replace(/\/+$/, '')
    .toLowerCase();

/**
 * Reads one metadata file (`.rdf`, or a `.json` that `isBibliographyJson` accepts) with the HTML
 * files selected with it. `taken` holds ids already used, so the new ones do not clash.
 */
export function readZotero(
  metadata: NamedText,
  pages: NamedText[],
  parsers: ZoteroParsers,
  taken: ReadonlySet<string> = new Set(),
): ZoteroImport {
  const items = /\.rdf$/i.test(metadata.name)
    ? itemsFromRdf(metadata.text, metadata.name, parsers.parseXml)
    : itemsFromJson(parseJson(metadata), metadata.name);
  if (items.length === 0) throw new ImportError(metadata.name, 'lists no items');
  const articles = new Map<NamedText, ReturnType<typeof extractArticle> | Error>();
  const read = (file: NamedText) => {
    let article = articles.get(file);
    if (!article) {
      try {
        article = extractArticle(parsers.parseHtml(file.text));
      } catch (error) {
        article = error as Error;
      }
      articles.set(file, article);
    }
    return article;
  };
  const ids = new Set(taken);
  const result: ZoteroImport = { sources: [], skipped: [] };
  for (const item of items) {
    const snapshot = findSnapshot(item, pages, read);
    if (!snapshot) {
      result.skipped.push({
        item: item.label,
        reason: item.snapshots.length
          ? `its snapshot ${item.snapshots[0]} was not among the files selected`
          : 'no HTML snapshot: export the collection with "Export Files" checked, or save the page next to the metadata',
      });
      continue;
    }
    if (snapshot.text.length > MAX_FILE_BYTES) {
      result.skipped.push({
        item: item.label,
        reason: `its snapshot ${snapshot.name} is too large (${(snapshot.text.length / 1e6).toFixed(1)} MB)`,
      });
      continue;
    }
    const article = read(snapshot);
    if (article instanceof Error) {
      result.skipped.push({
        item: item.label,
        reason: `its snapshot could not be read (${article.message})`,
      });
      continue;
    }
    if (article.text.trim().length < MIN_ARTICLE_CHARS) {
      result.skipped.push({
        item: item.label,
        reason: `its snapshot ${snapshot.name} holds no article text (a teaser, a paywall or not an article)`,
      });
      continue;
    }
    const title = item.title ?? article.title;
    const id = uniqueId(slug(title ?? '') || slug(item.url ?? '') || 'zotero-item', ids);
    ids.add(id);
    result.sources.push({
      file: snapshot.name,
      source: validateSource(
        {
          id,
          title,
          outlet: item.outlet ?? article.siteName,
          url: item.url ?? article.url,
          published: item.published ?? article.published,
          language: (item.language ?? article.lang)?.split(/[-_]/)[0]?.toLowerCase() || null,
          text: article.text,
        },
        `${metadata.name}: ${item.label}`,
      ),
    });
  }
  return result;
}

/** The item's snapshot: by the path the export gives, else a page named after its key, else a page of its URL. */
function findSnapshot(
  item: ZoteroItem,
  pages: NamedText[],
  read: (file: NamedText) => { url: string | null } | Error,
): NamedText | null {
  for (const path of item.snapshots) {
    const want = normalisePath(path);
    const exact = pages.find((p) => normalisePath(p.name).endsWith(want));
    if (exact) return exact;
    const byBase = pages.filter((p) => baseName(p.name) === baseName(want));
    if (byBase.length === 1) return byBase[0]!;
  }
  if (item.snapshots.length) return null;
  if (item.key) {
    const named = pages.find(
      (p) =>
        baseName(p.name)
          .replace(/\.x?html?$/i, '')
          .toLowerCase() === item.key!.toLowerCase(),
    );
    if (named) return named;
  }
  if (item.url) {
    const want = looseUrl(item.url);
    for (const p of pages) {
      const article = read(p);
      if (!(article instanceof Error) && article.url && looseUrl(article.url) === want) return p;
    }
  }
  return null;
}

function parseJson(file: NamedText): unknown {
  try {
    return JSON.parse(file.text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ImportError(file.name, `is not valid JSON (${(error as Error).message})`);
  }
}
