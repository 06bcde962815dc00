/**
 * `sourcelight import --dry-run <files or folders>`: runs the extension's own import readers on
 * files (Hypothesis and W3C annotation exports, Sourcelight exports, sources, Zotero collections)
 * and prints what each would add, so a conversion can be checked before opening the browser.
 * Nothing is stored: the library lives in the browser.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WebAnnotation } from '../anchoring/model';
import { countKinds, looksLikeAnnotations, readAnnotationDocuments } from '../import/annotations';
import { ImportError } from '../import/errors';
import { MAX_IMPORT_BYTES } from '../import/ids';
import { readSourceFiles } from '../import/sources';
import { SourceError, type NamedText } from '../sources';
import { parseDocument, parseXmlDocument } from './dom';
import { readText, UserError } from './files';

/** The usage lines of the import command. */
export const IMPORT_USAGE = `  sourcelight import --dry-run <files or folders...>

Reads annotation exports (Hypothesis API rows or export, W3C AnnotationCollection and its page
files, Sourcelight exports) and sources (.txt with sources.json, JSON, saved .html pages, a Zotero
RDF export with its files, CSL JSON with saved pages) as the extension would, and prints what each
would add. Folders are read recursively. Exits with 2 on a malformed file; nothing is stored.
`;

/** Files the readers understand; anything else inside a folder (images, styles) is left out. */
const READABLE = /\.(json|rdf|html?|txt)$/i;

/** Runs the dry run; returns the report, or throws UserError with one line. */
export function runImportDryRun(paths: string[], dryRun: boolean): string {
  if (!dryRun)
    throw new UserError(
      'import: the command line only checks files (add --dry-run); import them into your library from the extension’s options page',
    );
  if (paths.length === 0) throw new UserError('import: name at least one file or folder');
  const files = paths.flatMap(expand);
  if (files.length === 0) throw new UserError('import: no files to read in the folders given');
  try {
    return report(files);
  } catch (e) {
    if (e instanceof ImportError || e instanceof SourceError) throw new UserError(e.message);
    throw e;
  }
}

/** A path as the files it names: a file, or every file under a folder (names relative to the argument's parent). */
function expand(path: string): { path: string; name: string }[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`${path}: no such file or folder`);
  }
  if (!stat.isDirectory()) return [{ path, name: path }];
  const out: { path: string; name: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ path: full, name: join(path, relative(path, full)) });
    }
  };
  walk(path);
  return out;
}

function report(paths: { path: string; name: string }[]): string {
  const lines = ['Dry run: nothing is stored.'];
  const annotationDocs: { name: string; data: unknown }[] = [];
  const sourceFiles: NamedText[] = [];
  const unread: string[] = [];
  for (const { path, name } of paths) {
    if (!READABLE.test(name)) {
      unread.push(name);
      continue;
    }
    const size = statSync(path).size;
    if (size > MAX_IMPORT_BYTES)
      throw new UserError(
        `${name}: is too large (${(size / 1e6).toFixed(1)} MB); import files should be under ${MAX_IMPORT_BYTES / 1e6} MB`,
      );
    const text = readText(path);
    if (/\.json$/i.test(name)) {
      const data = parseJson(name, text);
      if (looksLikeAnnotations(data)) annotationDocs.push({ name, data });
      // A Sourcelight export holds sources too.
      if (!looksLikeAnnotations(data) || hasSources(data)) sourceFiles.push({ name, text });
    } else sourceFiles.push({ name, text });
  }
  let annotations: WebAnnotation[] = [];
  if (annotationDocs.length) {
    const read = readAnnotationDocuments(annotationDocs, () => 'urn:uuid:new');
    annotations = read.annotations;
    for (const doc of read.documents)
      lines.push(`${doc.name}: ${doc.format}, ${plural(doc.count, 'annotation')}`);
    lines.push(`  ${kindLine(annotations)}`);
    for (const remark of read.remarks) lines.push(`  note: ${remark}`);
  }
  let sourceCount = 0;
  let skippedCount = 0;
  if (sourceFiles.length) {
    const read = readSourceFiles(sourceFiles, {
      parseHtml: parseDocument,
      parseXml: parseXmlDocument,
    });
    sourceCount = read.sources.length;
    skippedCount = read.skipped.length;
    lines.push(`Sources: ${plural(read.sources.length, 'source')}, ${read.skipped.length} skipped`);
    for (const { file, source: s } of read.sources) {
      const meta = [s.outlet, s.published, s.language].filter(Boolean).join(', ');
      lines.push(
        `  + ${s.id}: “${s.title}”${meta ? ` (${meta})` : ''}, ${s.text.length.toLocaleString('en')} characters, from ${file}`,
      );
    }
    for (const s of read.skipped) lines.push(`  skipped: ${s.item}: ${s.reason}`);
    unread.push(...read.ignored);
  }
  if (unread.length) lines.push(`Not read (not an import file): ${unread.join(', ')}`);
  lines.push(
    `Would add ${plural(sourceCount, 'source')} and ${plural(annotations.length, 'annotation')}${annotations.length ? ` (${kindLine(annotations)})` : ''}; ${skippedCount} skipped.`,
  );
  return `${lines.join('\n')}\n`;
}

function kindLine(annotations: WebAnnotation[]): string {
  const c = countKinds(annotations);
  return [
    plural(c.highlight, 'highlight'),
    plural(c['page-note'], 'page note'),
    plural(c.reply, 'reply', 'replies'),
    plural(c.orphan, 'orphan'),
  ].join(', ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function hasSources(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    Array.isArray((data as { sources?: unknown }).sources) &&
    (data as { sources: unknown[] }).sources.length > 0
  );
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new UserError(`${name}: is not valid JSON (${(e as Error).message})`);
  }
}
