/**
 * The source model: validation, building sources from files plus `sources.json` metadata, and
 * detection of trailing publisher boilerplate. Pure: callers read the files (lib/node/ for the CLI,
 * the options page for the extension).
 */
import type { Source } from './types';

/** A problem with user-supplied sources; its message is shown to the user as it stands. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** One entry of a `sources.json` metadata file (the format of `../shared/corpus/sources.json`). */
export interface SourceMetadata {
  file: string;
  title?: string;
  outlet?: string;
  url?: string;
  published?: string;
  language?: string;
}

/** A text file handed to `sourcesFromFiles`. */
export interface NamedText {
  name: string;
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** Normalises line endings and strips a byte-order mark, so offsets agree across platforms. */
export function cleanText(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}

/** Id of a file: its base name without `.txt`. */
export function idFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/\.txt$/i, '');
}

/**
 * Parses a `sources.json` metadata document: `{ sources: [{ file, title, outlet, url, published, language }] }`.
 * Throws SourceError naming the first problem.
 */
export function parseMetadata(json: unknown, where = 'sources.json'): Map<string, SourceMetadata> {
  if (!isObject(json) || !Array.isArray(json.sources)) {
    throw new SourceError(`${where}: expected an object with a "sources" array`);
  }
  const byFile = new Map<string, SourceMetadata>();
  json.sources.forEach((entry, i) => {
    if (!isObject(entry) || typeof entry.file !== 'string' || entry.file.trim() === '') {
      throw new SourceError(`${where}: sources[${i}] has no "file" name`);
    }
    byFile.set(entry.file, entry as unknown as SourceMetadata);
  });
  return byFile;
}

/** Builds sources from `.txt` files and optional metadata keyed by file name. */
export function sourcesFromFiles(
  files: NamedText[],
  metadata = new Map<string, SourceMetadata>(),
): Source[] {
  return files.map((file) => {
    const meta = metadata.get(file.name) ?? metadata.get(file.name.split(/[\\/]/).pop() ?? '');
    return validateSource(
      {
        id: idFromFileName(file.name),
        title: meta?.title,
        outlet: meta?.outlet,
        url: meta?.url,
        published: meta?.published,
        language: meta?.language,
        text: file.text,
      },
      file.name,
    );
  });
}

/**
 * Checks and normalises one source record. Accepts the `Source` shape; a missing title falls back
 * to the first line of the text. Throws SourceError naming `where`.
 */
export function validateSource(raw: unknown, where: string): Source {
  if (!isObject(raw)) throw new SourceError(`${where}: a source must be an object`);
  const id = optString(raw.id);
  if (!id) throw new SourceError(`${where}: a source needs a non-empty "id"`);
  if (typeof raw.text !== 'string') throw new SourceError(`${where}: source "${id}" has no "text"`);
  const text = cleanText(raw.text);
  if (text.trim() === '') throw new SourceError(`${where}: source "${id}" is empty`);
  const firstLine = text.trim().split('\n')[0]!.slice(0, 120);
  return {
    id,
    title: optString(raw.title) ?? firstLine,
    outlet: optString(raw.outlet),
    url: optString(raw.url),
    published: optString(raw.published),
    language: optString(raw.language) ?? 'en',
    text,
  };
}

/**
 * Parses a JSON file of sources: either an array of `Source` records or `{ sources: [...] }` whose
 * entries carry `text`. Ids must be unique.
 */
export function sourcesFromJson(json: unknown, where = 'sources file'): Source[] {
  const list = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json.sources)
      ? json.sources
      : null;
  if (!list)
    throw new SourceError(
      `${where}: expected an array of sources or an object with a "sources" array`,
    );
  const sources = list.map((entry: unknown, i: number) => {
    if (isObject(entry) && entry.id === undefined && typeof entry.file === 'string') {
      entry = { ...entry, id: idFromFileName(entry.file) };
    }
    return validateSource(entry, `${where}: sources[${i}]`);
  });
  assertUniqueIds(sources, where);
  return sources;
}

/** Throws when two sources share an id, since every match and annotation is keyed by it. */
export function assertUniqueIds(sources: Source[], where: string): void {
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.id)) throw new SourceError(`${where}: two sources have the id "${s.id}"`);
    seen.add(s.id);
  }
  if (sources.length === 0) throw new SourceError(`${where}: no sources found`);
}

/** Verbs that open a call to action addressed to the reader ("Download the app", "Sign up for…"). */
const CALL_TO_ACTION =
  /^(?:discover|download|subscribe|sign up|sign in|log in|register|follow|join|stay|find|get|read more|click|tap|watch|listen|explore|check out|visit|obtain|like|share|don'?t miss|never miss|also read|see also|more from|recommended)\b/i;
/** A rights notice: "© 2026 …", "Copyright 2026 …", "All rights reserved". */
const RIGHTS_NOTICE = /^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b/i;
/** The reader addressed directly, or the publisher's own channels. */
const READER_ADDRESS =
  /\b(?:you|your|our app|our newsletter|newsletter|app store|google play|updates?|curated|subscribe|follow us)\b/i;

/**
 * Returns the offset where trailing publisher boilerplate starts (the text length when there is
 * none). Scans lines from the end: a line is boilerplate when it opens with a call to action, is a
 * rights notice, or addresses the reader and names the outlet; scanning stops at the first line that is neither,
 * so article prose is never cut from the middle.
 * Example: the last three lines of corpus `000_69ad1bd6725ff5e0.txt` ("Discover the latest Business News…").
 */
export function findBoilerplateStart(text: string, outlet: string | null = null): number {
  const outletWord =
    outlet && outlet.length >= 3 ? new RegExp(`\\b${escapeRegExp(outlet)}\\b`, 'i') : null;
  let end = text.length;
  let cut = text.length;
  while (end > 0) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(lineStart, end).trim();
    if (line !== '') {
      const promo =
        line.length <= 400 &&
        (CALL_TO_ACTION.test(line) ||
          RIGHTS_NOTICE.test(line) ||
          (READER_ADDRESS.test(line) && (outletWord?.test(line) ?? false)));
      if (!promo) break;
      cut = lineStart;
    }
    end = lineStart > 0 ? lineStart - 1 : 0;
  }
  // Never call a whole article boilerplate: a text of nothing but promo lines is left as it is.
  return cut === 0 ? text.length : trimEnd(text, cut);
}

function trimEnd(text: string, at: number): number {
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
