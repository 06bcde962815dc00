/**
 * Reads annotation files from other tools (and Sourcelight exports) into W3C Web Annotations:
 * W3C AnnotationCollections whose pages are embedded or linked by id (`first`/`next`, the pages
 * selected as files of their own), AnnotationPages, arrays and single annotations; Hypothesis
 * search API rows (`{ rows, replies }`) and Hypothesis' own export (`{ annotations }`); and a
 * Sourcelight "Export everything" file. Highlights, page notes, replies and orphans all come in.
 *
 * All-or-nothing for malformed input: the first broken item (wrong type, a selector without the
 * fields its type needs, a duplicate id, a missing linked page) rejects the whole import with a
 * message naming it. Valid but unusual items are kept: a highlight whose selectors Sourcelight
 * cannot use becomes an orphan with the reason, a reply to a deleted annotation stays a reply.
 * Pure: no DOM, no storage.
 */
import { annotationKind, type AnnotationKind, type WebAnnotation } from '../anchoring/model';
import { ImportError } from './errors';
import { convertItem, normaliseId } from './annotation-item';

/** One annotation document as the user selected it: the file name and its parsed JSON. */
export interface AnnotationDocument {
  name: string;
  data: unknown;
}

/** What an annotation import would store, and what the user should know about it. */
export interface AnnotationImport {
  annotations: WebAnnotation[];
  /** Per document: its name, what it was read as, and how many annotations it gave. */
  documents: { name: string; format: string; count: number }[];
  /** One line per item worth a word: orphans and their reason, replies whose annotation is not there. */
  remarks: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const hasType = (v: Record<string, unknown>, type: string) =>
  v.type === type || (Array.isArray(v.type) && v.type.includes(type));
const linkId = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : isObject(v) && typeof v.id === 'string' ? v.id : null;

/** A run of raw items from one document, with where they came from for messages. */
interface ItemRun {
  where: string;
  items: unknown[];
}

/** Parses one annotation document (kept for callers that import a single file). */
export function parseAnnotations(
  data: unknown,
  where: string,
  newId: () => string,
  now = new Date(),
): WebAnnotation[] {
  return readAnnotationDocuments([{ name: where, data }], newId, now).annotations;
}

/**
 * Reads annotation documents selected together: pages of a W3C collection may be files of their
 * own, found by their ids. Throws ImportError naming the first problem.
 */
export function readAnnotationDocuments(
  docs: AnnotationDocument[],
  newId: () => string,
  now = new Date(),
): AnnotationImport {
  if (docs.length === 0) throw new ImportError('import', 'no files were selected');
  const pages = new Map<string, { doc: string; page: Record<string, unknown> }>();
  for (const { name, data } of docs) {
    if (isObject(data) && hasType(data, 'AnnotationPage') && typeof data.id === 'string') {
      if (pages.has(data.id))
        throw new ImportError(name, `holds the AnnotationPage "${data.id}" a second time`);
      pages.set(data.id, { doc: name, page: data });
    }
  }
  // A page another selected page or collection links to is read through that link, not on its own.
  const linked = new Set<string>();
  for (const { data } of docs) {
    if (!isObject(data)) continue;
    const first = data.first;
    const links = hasType(data, 'AnnotationCollection')
      ? [isObject(first) && Array.isArray(first.items) ? linkId(first.next) : linkId(first)]
      : hasType(data, 'AnnotationPage')
        ? [linkId(data.next)]
        : [];
    for (const link of links) if (link) linked.add(link);
  }
  const runs: { name: string; format: string; runs: ItemRun[] }[] = [];
  for (const { name, data } of docs) {
    if (isObject(data) && hasType(data, 'AnnotationPage') && linked.has(String(data.id))) continue;
    runs.push({ name, ...documentRuns(name, data, pages) });
  }
  const documents: AnnotationImport['documents'] = [];
  const annotations: WebAnnotation[] = [];
  const firstSeen = new Map<string, string>();
  for (const doc of runs) {
    let count = 0;
    for (const run of doc.runs) {
      run.items.forEach((item, i) => {
        const where = `${run.where}, annotation ${i + 1}`;
        const a = convertItem(item, where, newId, now);
        const other = firstSeen.get(a.id);
        if (other !== undefined)
          throw new ImportError(where, `has the id "${a.id}", which ${other} has too`);
        firstSeen.set(a.id, where);
        annotations.push(a);
        count++;
      });
    }
    documents.push({ name: doc.name, format: FORMAT_NAMES[doc.format] ?? doc.format, count });
  }
  if (annotations.length === 0)
    throw new ImportError(docs.map((d) => d.name).join(', '), 'the file holds no annotations');
  resolveReplies(annotations);
  return { annotations, documents, remarks: remarksFor(annotations, firstSeen) };
}

const FORMAT_NAMES: Record<string, string> = {
  hypothesis: 'Hypothesis API rows',
  'hypothesis-export': 'Hypothesis export',
  collection: 'W3C AnnotationCollection',
  page: 'W3C AnnotationPage',
  list: 'array of annotations',
  single: 'one W3C annotation',
  sourcelight: 'Sourcelight export',
};

/** The item runs of one document, or throws when the document is not annotations. */
function documentRuns(
  name: string,
  data: unknown,
  pages: Map<string, { doc: string; page: Record<string, unknown> }>,
): { format: string; runs: ItemRun[] } {
  if (Array.isArray(data)) return { format: 'list', runs: [{ where: name, items: data }] };
  if (!isObject(data)) throw notAnnotations(name);
  if (data.format === 'sourcelight-export') {
    if (!isObject(data.annotations))
      throw new ImportError(name, 'is a Sourcelight export without an "annotations" collection');
    const inner = documentRuns(name, data.annotations, pages);
    return { format: 'sourcelight', runs: inner.runs };
  }
  if (Array.isArray(data.rows)) {
    const runs: ItemRun[] = [{ where: name, items: data.rows }];
    // The search API with `_separate_replies=true` lists replies apart from the rows.
    if (data.replies !== undefined) {
      if (!Array.isArray(data.replies))
        throw new ImportError(name, '"replies" should be a list of annotations');
      runs.push({ where: `${name}, replies`, items: data.replies });
    }
    return { format: 'hypothesis', runs };
  }
  if (Array.isArray(data.annotations) && ('export_date' in data || 'export_userid' in data))
    return { format: 'hypothesis-export', runs: [{ where: name, items: data.annotations }] };
  if (hasType(data, 'AnnotationCollection'))
    return { format: 'collection', runs: collectionRuns(name, data, pages) };
  if (hasType(data, 'AnnotationPage'))
    return { format: 'page', runs: pageChain(name, data, pages) };
  if (hasType(data, 'Annotation') || 'target' in data)
    return { format: 'single', runs: [{ where: name, items: [data] }] };
  throw notAnnotations(name);
}

function notAnnotations(name: string): ImportError {
  return new ImportError(
    name,
    'expected W3C annotations (an AnnotationCollection, an AnnotationPage, an array or one Annotation), Hypothesis API rows or a Hypothesis export',
  );
}

/** A collection's pages in order: embedded, or linked by id to pages selected with it. */
function collectionRuns(
  name: string,
  data: Record<string, unknown>,
  pages: Map<string, { doc: string; page: Record<string, unknown> }>,
): ItemRun[] {
  const first = data.first;
  let runs: ItemRun[];
  if (first === undefined) {
    if (data.total === 0) return [];
    throw new ImportError(name, 'is an AnnotationCollection without a "first" page');
  }
  if (isObject(first) && Array.isArray(first.items)) {
    runs = pageChain(name, first, pages);
  } else {
    const id = linkId(first);
    if (!id) throw new ImportError(name, '"first" should be a page or the id of one');
    const found = pages.get(id);
    if (!found) throw missingPage(name, id);
    runs = pageChain(found.doc, found.page, pages);
  }
  if (data.total !== undefined) {
    if (!Number.isInteger(data.total) || (data.total as number) < 0)
      throw new ImportError(name, '"total" should be a whole number');
    const held = runs.reduce((n, r) => n + r.items.length, 0);
    if (held !== data.total)
      throw new ImportError(
        name,
        `says it holds ${data.total} annotations, but its pages hold ${held}: a page of the collection may be missing`,
      );
  }
  return runs;
}

/** A page and every page after it (`next`), each page once. */
function pageChain(
  name: string,
  page: Record<string, unknown>,
  pages: Map<string, { doc: string; page: Record<string, unknown> }>,
): ItemRun[] {
  const runs: ItemRun[] = [];
  const seen = new Set<string>();
  let current: { doc: string; page: Record<string, unknown> } | null = { doc: name, page };
  for (let n = 1; current; n++) {
    const doc: string = current.doc;
    const p: Record<string, unknown> = current.page;
    if (!Array.isArray(p.items))
      throw new ImportError(doc, `page ${n} of the collection has no "items" list`);
    const id = typeof p.id === 'string' ? p.id : null;
    if (id) {
      if (seen.has(id)) throw new ImportError(doc, `its pages link back to "${id}" in a loop`);
      seen.add(id);
    }
    runs.push({ where: n === 1 && doc === name ? doc : `${doc} (page ${n})`, items: p.items });
    const next = p.next === undefined || p.next === null ? null : linkId(p.next);
    if (p.next !== undefined && p.next !== null && !next)
      throw new ImportError(doc, '"next" should be the id of the next page');
    if (!next) break;
    if (isObject(p.next) && Array.isArray(p.next.items)) current = { doc, page: p.next };
    else {
      const found = pages.get(next);
      if (!found) throw missingPage(doc, next);
      current = found;
    }
  }
  return runs;
}

function missingPage(name: string, id: string): ImportError {
  return new ImportError(
    name,
    `links to the AnnotationPage "${id}", which is not among the files selected: select every page of the collection together`,
  );
}

/**
 * A W3C reply targets the annotation it answers rather than the page: give it that annotation's
 * page and record the thread, as Hypothesis replies have it.
 */
function resolveReplies(annotations: WebAnnotation[]): void {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  for (const a of annotations) {
    if (a.motivation !== 'replying') continue;
    const parent = byId.get(a.target.source) ?? byId.get(normaliseId(a.target.source));
    if (parent && !a['sourcelight:references']?.length) {
      a['sourcelight:references'] = [...(parent['sourcelight:references'] ?? []), parent.id];
      a.target = { source: parent.target.source, selector: [] };
    }
  }
}

function remarksFor(annotations: WebAnnotation[], where: Map<string, string>): string[] {
  const ids = new Set(annotations.map((a) => a.id));
  const remarks: string[] = [];
  for (const a of annotations) {
    const kind = annotationKind(a);
    if (kind === 'orphan')
      remarks.push(`${where.get(a.id)}: kept as an orphan: ${a['sourcelight:orphanReason']}`);
    if (kind === 'reply') {
      const parent = a['sourcelight:references']?.at(-1);
      if (parent && !ids.has(parent))
        remarks.push(
          `${where.get(a.id)}: a reply to "${parent}", which is not in the file (deleted, or not exported); kept with its page`,
        );
    }
  }
  return remarks;
}

/** How many annotations of each kind a list holds. */
export function countKinds(annotations: readonly WebAnnotation[]): Record<AnnotationKind, number> {
  const counts: Record<AnnotationKind, number> = {
    highlight: 0,
    'page-note': 0,
    reply: 0,
    orphan: 0,
  };
  for (const a of annotations) counts[annotationKind(a)]++;
  return counts;
}

/**
 * Whether parsed JSON is an annotation document (W3C, Hypothesis, or a Sourcelight export, which
 * also holds sources) rather than a file of sources or bibliography metadata.
 */
export function looksLikeAnnotations(data: unknown): boolean {
  if (Array.isArray(data))
    return data.length > 0 && data.every((e) => isObject(e) && ('target' in e || 'uri' in e));
  if (!isObject(data)) return false;
  return (
    data.format === 'sourcelight-export' ||
    Array.isArray(data.rows) ||
    (Array.isArray(data.annotations) && ('export_date' in data || 'export_userid' in data)) ||
    hasType(data, 'AnnotationCollection') ||
    hasType(data, 'AnnotationPage') ||
    hasType(data, 'Annotation') ||
    'target' in data
  );
}
