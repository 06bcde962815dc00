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
