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

/** Largest file accepted: a news article is far smaller; anything bigger is almost surely the wrong file. */
export const MAX_FILE_BYTES = 5_000_000;
/** Shortest article text accepted from an HTML page: less is a teaser, a paywall or a non-article. */
export const MIN_ARTICLE_CHARS = 200;

/** Options for `parseImportFiles`. */
export interface ImportOptions {
  /** Parses HTML into a document; required only when an .html file is imported. */
  parseHtml?: (html: string) => Document;
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
  if (files.length === 0) throw new ImportError('import', 'no files were selected');
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

/** A lowercase ASCII slug for ids, at most 60 characters. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(html?|php|aspx?)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
