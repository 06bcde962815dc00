/**
 * Loads a library of sources from disk for the CLI and the build: a folder of `.txt` files with
 * optional `sources.json` metadata, or one JSON file of sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertUniqueIds,
  parseMetadata,
  SourceError,
  sourcesFromFiles,
  sourcesFromJson,
} from '../sources';
import { checkDoc } from '../sync/docs';
import { describeProblem } from '../sync/errors';
import { loadPouch } from '../sync/pouch';
import type { Source } from '../types';
import { readText, UserError } from './files';

/** Folder of the demo library that ships with the project. */
export const DEMO_LIBRARY_DIR = new URL('../../assets/demo/library/', import.meta.url).pathname;

/** Loads sources from a folder or a JSON file; throws UserError with a one-line message. */
export function loadSources(path: string): Source[] {
  if (!existsSync(path)) throw new UserError(`${path}: no such file or folder`);
  try {
    return statSync(path).isDirectory() ? loadFolder(path) : loadJsonFile(path);
  } catch (e) {
    if (e instanceof SourceError) throw new UserError(e.message);
    throw e;
  }
}

/**
 * Loads sources from a folder, a JSON file, or a team's CouchDB database (an http(s) address such
 * as `https://couch.example.org:6984/newsroom`; the user name and password come from
 * SOURCELIGHT_SYNC_USER and SOURCELIGHT_SYNC_PASSWORD, or from the address). From a database, the
 * sources the team has not removed, checked as the extension checks them; malformed documents
 * are left out.
 */
export async function loadSourcesFrom(path: string): Promise<Source[]> {
  if (!/^https?:\/\//i.test(path)) return loadSources(path);
  let url: URL;
  try {
    url = new URL(path);
  } catch {
    throw new UserError(`${path}: not a valid address`);
  }
  const user = process.env.SOURCELIGHT_SYNC_USER ?? decodeURIComponent(url.username);
  const password = process.env.SOURCELIGHT_SYNC_PASSWORD ?? decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const shown = url.origin;
  const token = user ? Buffer.from(`${user}:${password}`).toString('base64') : '';
  const pouch = await loadPouch();
  const remote = pouch.remote(url.href.replace(/\/+$/, ''), (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Basic ${token}`);
    return fetch(input, { ...init, headers, credentials: 'omit' });
  });
  const sources: Source[] = [];
  try {
    const info = (await remote.info()) as { error?: unknown; reason?: unknown };
    if (typeof info.error === 'string') {
      const status =
        ({ unauthorized: 401, forbidden: 403, not_found: 404 } as Record<string, number>)[
          info.error
        ] ?? 500;
      throw { status, name: info.error, message: String(info.reason ?? info.error) };
    }
    let startkey = 'source:';
    for (;;) {
      const page = await remote.allDocs({
        include_docs: true,
        startkey,
        endkey: 'source:\uffff',
        limit: 500,
      });
      const rows = startkey === 'source:' ? page.rows : page.rows.slice(1);
      for (const row of rows) {
        const checked = checkDoc(row.doc);
        if (checked.ok && checked.doc.kind === 'source' && !checked.doc.removed)
          sources.push(checked.doc.source);
      }
      if (page.rows.length < 500) break;
      startkey = page.rows[page.rows.length - 1]!.id;
    }
  } catch (e) {
    throw new UserError(describeProblem(e, shown).message.replace(/; trying again later\.$/, '.'));
  }
  if (sources.length === 0) throw new UserError(`${shown}: no sources in that database`);
  return sources;
}

function loadFolder(dir: string): Source[] {
  const names = readdirSync(dir)
    .filter((n) => /\.txt$/i.test(n))
    .sort();
  const metaPath = join(dir, 'sources.json');
  const metadata = existsSync(metaPath)
    ? parseMetadata(parseJson(readText(metaPath), metaPath), metaPath)
    : undefined;
  const files = names.map((name) => ({ name, text: readText(join(dir, name)) }));
  const sources = sourcesFromFiles(files, metadata);
  if (sources.length === 0) throw new UserError(`${dir}: no .txt source files in this folder`);
  assertUniqueIds(sources, dir);
  return sources;
}

function loadJsonFile(path: string): Source[] {
  return sourcesFromJson(parseJson(readText(path), path), path);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${where}: invalid JSON (${(e as Error).message})`);
  }
}
