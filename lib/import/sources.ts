/**
 * Turns what a user hands the options page (files, pasted text, a saved page) into validated
 * sources. All-or-nothing: the first problem throws an error naming the file and the problem, and
 * the caller stores nothing. Pure apart from `parseHtml`, which the caller supplies (DOMParser in
 * the extension, linkedom in tests and the CLI).
 */
import { extractArticle } from '../extract';
import type { PageInfo } from '../messages';
import {
  SourceError,
  parseMetadata,
  sourcesFromFiles,
  sourcesFromJson,
  validateSource,
  type NamedText,
  type SourceMetadata,
} from '../sources';
import type { Source } from '../types';
import { ImportError } from './errors';
import { MAX_FILE_BYTES, MAX_IMPORT_BYTES, MIN_ARTICLE_CHARS, slug, uniqueId } from './ids';
import { readZotero, type ZoteroImport } from './zotero';
import { isBibliographyJson } from './zotero-metadata';

export { MAX_FILE_BYTES, MAX_IMPORT_BYTES, MIN_ARTICLE_CHARS, slug, uniqueId };

/** Options for `parseImportFiles`. */
export interface ImportOptions {
  /** Parses HTML into a document; required only when an .html file is imported. */
  parseHtml?: (html: string) => Document;
  /** Parses XML into a document; required only when a Zotero RDF export is imported. */
  parseXml?: (xml: string) => Document;
  /** Ids already in the library, so sources named from their titles (Zotero) do not clash. */
  taken?: ReadonlySet<string>;
}

/** What a set of source files gives: the sources, the items left out with why, and files not read. */
export interface SourceImport {
  sources: { file: string; source: Source }[];
  skipped: ZoteroImport['skipped'];
  /** Files of a Zotero export that are not snapshots (images, styles), left alone. */
  ignored: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const extension = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * Parses a set of files imported together: `.txt` articles (with an optional `sources.json`-style
 * metadata file naming them), `.json` files of sources with their text, and `.html` pages read
 * with Readability. Ids must be unique across the set.
 */
export function parseImportFiles(files: NamedText[], options: ImportOptions = {}): Source[] {
  return parseImportFilesWithOrigin(files, options).map((s) => s.source);
}

/** Like `parseImportFiles`, keeping the file each source came from (for messages naming it). */
export function parseImportFilesWithOrigin(
  files: NamedText[],
  options: ImportOptions = {},
): { file: string; source: Source }[] {
  return readSourceFiles(files, options).sources;
}

/**
 * Reads source files selected together. A Zotero export (an `.rdf` file, or CSL / Zotero JSON)
 * turns the HTML files selected with it into its items' snapshots; otherwise each file is a source
 * (see `parseImportFiles`).
 */
export function readSourceFiles(files: NamedText[], options: ImportOptions = {}): SourceImport {
  if (files.length === 0) throw new ImportError('import', 'no files were selected');
  const zotero = zoteroMetadata(files);
  if (zotero) return readZoteroFiles(zotero, files, options);
  return { sources: readPlainFiles(files, options), skipped: [], ignored: [] };
}

function readPlainFiles(
  files: NamedText[],
  options: ImportOptions,
): { file: string; source: Source }[] {
  const txt: NamedText[] = [];
  const metadata: { file: string; entries: Map<string, SourceMetadata> }[] = [];
  const sources: { file: string; source: Source }[] = [];
  for (const file of files) {
    if (file.text.length > MAX_FILE_BYTES) {
      throw new ImportError(
        file.name,
        `is too large (${(file.text.length / 1e6).toFixed(1)} MB); a source article should be under ${MAX_FILE_BYTES / 1e6} MB`,
      );
    }
    const ext = extension(file.name);
    if (ext === 'txt') txt.push(file);
    else if (ext === 'json') {
      const json = parseJson(file);
      if (isMetadataDocument(json))
        metadata.push({ file: file.name, entries: parseMetadata(json, file.name) });
      else
        for (const source of sourcesFromJson(json, file.name))
          sources.push({ file: file.name, source });
    } else if (ext === 'html' || ext === 'htm') {
      sources.push({ file: file.name, source: sourceFromHtml(file, options) });
    } else {
      throw new ImportError(
        file.name,
        'is not a supported file type: import .txt, .json or .html files',
      );
    }
  }
  const byName = new Map(txt.map((f) => [baseName(f.name), f]));
  const merged = new Map<string, SourceMetadata>();
  for (const { file, entries } of metadata) {
    for (const [name, meta] of entries) {
      if (!byName.has(baseName(name))) {
        throw new ImportError(
          file,
          `lists "${name}" but that file was not selected: select the .txt files together with ${baseName(file)}`,
        );
      }
      merged.set(baseName(name), meta);
    }
  }
  for (const f of txt) {
    const [source] = sourcesFromFiles([{ name: baseName(f.name), text: f.text }], merged);
    sources.push({ file: f.name, source: source! });
  }
  const seen = new Map<string, string>();
  for (const { file, source } of sources) {
    const other = seen.get(source.id);
    if (other !== undefined) {
      throw new ImportError(
        file,
        `has a source with the id "${source.id}", like ${other === file ? 'another source in the same file' : other}`,
      );
    }
    seen.set(source.id, file);
  }
  if (sources.length === 0)
    throw new ImportError(metadata[0]?.file ?? 'import', 'contains no source articles');
  return sources;
}

/** Builds a source from pasted text and the metadata typed next to it. */
export function sourceFromPastedText(
  input: {
    text: string;
    title?: string;
    outlet?: string;
    url?: string;
    published?: string;
    language?: string;
  },
  taken: ReadonlySet<string> = new Set(),
): Source {
  if (input.text.trim() === '') throw new SourceError('Pasted text: paste the article text first');
  const title = input.title?.trim() || input.text.trim().split('\n')[0]!.slice(0, 120);
  return validateSource(
    { ...input, id: uniqueId(slug(title) || 'pasted-source', taken) },
    'Pasted text',
  );
}

/** Builds a source from a page's extracted article ("Save this page as a source"). */
export function sourceFromPage(
  page: PageInfo,
  text: string,
  taken: ReadonlySet<string> = new Set(),
): Source {
  const where = page.title ? `"${page.title}"` : page.url;
  if (text.trim().length < MIN_ARTICLE_CHARS) {
    throw new SourceError(
      `${where}: no article text was found on this page, so it cannot be saved as a source`,
    );
  }
  let host = '';
  let path = '';
  try {
    const u = new URL(page.url);
    host = u.hostname.replace(/^www\./, '');
    path = u.pathname;
  } catch {
    // Pages without a usable URL are named by their title only.
  }
  const base =
    slug(`${host} ${path.split('/').filter(Boolean).pop() ?? ''}`) ||
    slug(page.title ?? '') ||
    'saved-page';
  return validateSource(
    {
      id: uniqueId(base, taken),
      title: page.title,
      outlet: page.siteName || host || null,
      url: page.url,
      published: page.published,
      language: page.lang?.split(/[-_]/)[0]?.toLowerCase() || null,
      text,
    },
    where,
  );
}

/** The Zotero metadata files among a selection, or null when it is not a Zotero export. */
function zoteroMetadata(files: NamedText[]): NamedText[] | null {
  const found = files.filter((f) => {
    const ext = extension(f.name);
    if (ext === 'rdf') return true;
    if (ext !== 'json' || f.text.length > MAX_FILE_BYTES) return false;
    try {
      return isBibliographyJson(JSON.parse(f.text.replace(/^\ufeff/, '')));
    } catch {
      return false; // Reported as invalid JSON by the plain reader.
    }
  });
  return found.length ? found : null;
}

function readZoteroFiles(
  metadata: NamedText[],
  files: NamedText[],
  options: ImportOptions,
): SourceImport {
  const { parseHtml, parseXml } = options;
  if (!parseHtml || !parseXml)
    throw new ImportError(metadata[0]!.name, 'Zotero exports cannot be read here');
  const pages = files.filter((f) => /^html?$/.test(extension(f.name)));
  const ignored = files
    .filter((f) => !metadata.includes(f) && !pages.includes(f))
    .map((f) => f.name);
  const result: SourceImport = { sources: [], skipped: [], ignored };
  const taken = new Set(options.taken);
  for (const file of metadata) {
    if (file.text.length > MAX_IMPORT_BYTES)
      throw new ImportError(
        file.name,
        `is too large (${(file.text.length / 1e6).toFixed(1)} MB); a collection's metadata should be under ${MAX_IMPORT_BYTES / 1e6} MB`,
      );
    const read = readZotero(file, pages, { parseHtml, parseXml }, taken);
    for (const s of read.sources) taken.add(s.source.id);
    result.sources.push(...read.sources);
    result.skipped.push(...read.skipped);
  }
  if (result.sources.length === 0)
    throw new ImportError(
      metadata.map((f) => f.name).join(', '),
      `gave no source: ${result.skipped.map((s) => `${s.item}: ${s.reason}`).join('; ') || 'no items'}`,
    );
  return result;
}

function sourceFromHtml(file: NamedText, options: ImportOptions): Source {
  if (!options.parseHtml) throw new ImportError(file.name, 'HTML files cannot be read here');
  let article: ReturnType<typeof extractArticle>;
  try {
    article = extractArticle(options.parseHtml(file.text));
  } catch (error) {
    throw new ImportError(
      file.name,
      `could not be read as a web page (${(error as Error).message})`,
    );
  }
  if (article.text.trim().length < MIN_ARTICLE_CHARS) {
    throw new ImportError(
      file.name,
      'no article text was found in this page (save the article page itself, not an index or a paywall)',
    );
  }
  return validateSource(
    {
      id: baseName(file.name).replace(/\.html?$/i, ''),
      title: article.title,
      outlet: article.siteName,
      url: article.url,
      published: article.published,
      language: article.lang?.split(/[-_]/)[0]?.toLowerCase() || null,
      text: article.text,
    },
    file.name,
  );
}

function parseJson(file: NamedText): unknown {
  try {
    return JSON.parse(file.text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ImportError(file.name, `is not valid JSON (${(error as Error).message})`);
  }
}

/** A `sources.json` that only describes .txt files (no entry carries its text). */
function isMetadataDocument(json: unknown): boolean {
  return (
    isObject(json) &&
    Array.isArray(json.sources) &&
    json.sources.length > 0 &&
    json.sources.every((e) => isObject(e) && typeof e.file === 'string' && e.text === undefined)
  );
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}
