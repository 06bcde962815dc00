/**
 * How Sourcelight's records travel as CouchDB documents, and how a document from the server is
 * checked before anything is applied. Pure: plain objects in and out.
 *
 * One document per record: `source:<id>`, `annotation:<id>`, `dismissed:<page>` and
 * `corrections:actors`. A removed source stays on the server as a tombstone (its text kept, a
 * `removed` stamp added) so any member can bring it back; a deleted annotation is a CouchDB
 * deletion, which never wins over an edit of the same annotation.
 */
import { checkCorrections } from '../actors/index';
import type { WebAnnotation } from '../anchoring/model';
import type { SourceOrigin, StoredSource } from '../db/schema';
import { validateSource } from '../sources';
import type { Source } from '../types';

/** A record as the local database holds it, in the shape sync moves it. */
export type LocalRecord =
  | {
      kind: 'source';
      source: Source;
      origin: SourceOrigin;
      addedAt: number;
      updatedAt: number;
    }
  | { kind: 'annotation'; annotation: WebAnnotation }
  | { kind: 'dismissed'; url: string; keys: string[] }
  | { kind: 'actors'; value: unknown; updatedAt: number };

/** Which record a document stands for: its kind and local key. */
export interface RecordKey {
  kind: LocalRecord['kind'];
  key: string;
}

/** What every document carries besides its record. */
interface DocMeta {
  _id: string;
  _rev?: string;
  _conflicts?: string[];
  /** The browser that wrote this revision ("merge" for a conflict resolution any member may write). */
  device: string;
}

/**
 * Another text of a source, kept on its document when members gave one id different texts while
 * apart: the team sees both until a member keeps one of them.
 */
export interface SourceVersion {
  source: Source;
  /** The browser that wrote this version. */
  device: string;
  updatedAt: number;
}

/** A source removed by a member: the stamp that turns a source document into a tombstone. */
export interface Removal {
  at: number;
  device: string;
}

/** A document as stored in CouchDB. */
export type SyncDoc = DocMeta &
  (
    | (Extract<LocalRecord, { kind: 'source' }> & {
        removed?: Removal;
        /** Other texts for this id, not yet decided between (see `SourceVersion`). */
        versions?: SourceVersion[];
        /** The browser whose text this is, when a conflict resolution (`device` "merge") wrote it. */
        textBy?: string;
      })
    | Extract<LocalRecord, { kind: 'annotation' }>
    | Extract<LocalRecord, { kind: 'dismissed' }>
    | Extract<LocalRecord, { kind: 'actors' }>
  );

/** Extras an annotation may carry after its conflicting edits were merged. */
export const MERGED_FROM = 'sourcelight:mergedFrom';

/** How many conflicting edits team sync merged into this annotation (0 when none). */
export function mergedEdits(a: object | null | undefined): number {
  return Number((a as Record<string, unknown> | null | undefined)?.[MERGED_FROM]) || 0;
}

/** The document id of a record. */
export function docId(key: RecordKey): string {
  if (key.kind === 'actors') return 'corrections:actors';
  return `${key.kind}:${key.key}`;
}

/** The record a document id stands for; null for ids Sourcelight never writes (design documents, others' data). */
export function recordKeyOf(id: string): RecordKey | null {
  if (id === 'corrections:actors') return { kind: 'actors', key: 'actors' };
  const colon = id.indexOf(':');
  if (colon < 1) return null;
  const kind = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (!key) return null;
  if (kind === 'source' || kind === 'annotation' || kind === 'dismissed') return { kind, key };
  return null;
}

/** The local record of a stored source. */
export function sourceRecord(stored: StoredSource): LocalRecord {
  return {
    kind: 'source',
    source: stored.source,
    origin: stored.origin,
    addedAt: stored.addedAt,
    updatedAt: stored.updatedAt,
  };
}

/** The record key of a local record. */
export function keyOf(record: LocalRecord): RecordKey {
  switch (record.kind) {
    case 'source':
      return { kind: 'source', key: record.source.id };
    case 'annotation':
      return { kind: 'annotation', key: record.annotation.id };
    case 'dismissed':
      return { kind: 'dismissed', key: record.url };
    case 'actors':
      return { kind: 'actors', key: 'actors' };
  }
}

/**
 * The document for a local record. Per-browser state stays out: whether an annotation's passage
 * was found on this browser's last visit is not the team's business.
 */
export function toDoc(record: LocalRecord, device: string): SyncDoc {
  const _id = docId(keyOf(record));
  if (record.kind === 'annotation') {
    const { 'sourcelight:orphanedAt': _orphan, ...annotation } = record.annotation;
    return { _id, device, kind: 'annotation', annotation: annotation as WebAnnotation };
  }
  return { _id, device, ...record } as SyncDoc;
}

/** The record a document carries (bookkeeping and the tombstone stamp left out). */
export function recordOf(doc: SyncDoc): LocalRecord {
  switch (doc.kind) {
    case 'source':
      return {
        kind: 'source',
        source: doc.source,
        origin: doc.origin,
        addedAt: doc.addedAt,
        updatedAt: doc.updatedAt,
      };
    case 'annotation':
      return { kind: 'annotation', annotation: doc.annotation };
    case 'dismissed':
      return { kind: 'dismissed', url: doc.url, keys: doc.keys };
    case 'actors':
      return { kind: 'actors', value: doc.value, updatedAt: doc.updatedAt };
  }
}

/**
 * Whether two documents say the same thing (revision, writer and the order of object keys aside):
 * a local record equal to its document is not written again.
 */
export function sameContent(a: SyncDoc, b: SyncDoc): boolean {
  const removedA = a.kind === 'source' ? (a.removed ?? null) : null;
  const removedB = b.kind === 'source' ? (b.removed ?? null) : null;
  if (Boolean(removedA) !== Boolean(removedB)) return false;
  if (stableJson(versionsOf(a)) !== stableJson(versionsOf(b))) return false;
  return stableJson(contentOf(a)) === stableJson(contentOf(b));
}

/** A source document's other versions (none for other kinds). */
export function versionsOf(doc: SyncDoc): SourceVersion[] {
  return doc.kind === 'source' ? (doc.versions ?? []) : [];
}

function contentOf(doc: SyncDoc): unknown {
  const record = recordOf(doc);
  // Bookkeeping that every write moves is not content.
  if (record.kind === 'source') return { ...record, updatedAt: 0, addedAt: 0 };
  if (record.kind === 'actors') return { ...record, updatedAt: 0 };
  if (record.kind === 'dismissed') return { ...record, keys: [...record.keys].sort() };
  return record;
}

/** JSON with object keys sorted, so equal content compares equal whatever order it was built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) =>
            x < y ? -1 : x > y ? 1 : 0,
          ),
        )
      : v,
  );
}

/** A document that passed the checks, or why it did not. */
export type DocCheck = { ok: true; doc: SyncDoc } | { ok: false; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const ORIGINS: readonly string[] = ['default', 'file', 'paste', 'page'];

/**
 * Checks a document from the server before it may touch the local database: the shape Sourcelight
 * writes, the id agreeing with the record inside, and the record valid as an import would require.
 * Anything else is reported (and quarantined by the caller), never applied.
 */
export function checkDoc(raw: unknown): DocCheck {
  if (!isObject(raw)) return { ok: false, problem: 'is not a JSON object' };
  const id = raw._id;
  if (typeof id !== 'string') return { ok: false, problem: 'has no document id' };
  const key = recordKeyOf(id);
  if (!key) return { ok: false, problem: 'is not a Sourcelight document' };
  if (raw.kind !== key.kind)
    return {
      ok: false,
      problem: `says it is a "${String(raw.kind)}" but its id is a ${key.kind}'s`,
    };
  if (typeof raw.device !== 'string')
    return { ok: false, problem: 'does not say which browser wrote it' };
  const meta = {
    _id: id,
    device: raw.device,
    ...(typeof raw._rev === 'string' ? { _rev: raw._rev } : {}),
  };
  if (isStringArray(raw._conflicts)) Object.assign(meta, { _conflicts: raw._conflicts });
  try {
    switch (key.kind) {
      case 'source': {
        const source = validateSource(raw.source, `document ${id}`);
        if (source.id !== key.key)
          return { ok: false, problem: `holds source "${source.id}", not "${key.key}"` };
        if (!isObject(raw.source) || raw.source.text !== source.text)
          return { ok: false, problem: 'has a source text that is not clean text' };
        if (!isTime(raw.addedAt) || !isTime(raw.updatedAt))
          return { ok: false, problem: 'has no valid dates' };
        if (typeof raw.origin !== 'string' || !ORIGINS.includes(raw.origin))
          return { ok: false, problem: 'has an unknown origin' };
        let removed: Removal | undefined;
        if (raw.removed !== undefined) {
          if (
            !isObject(raw.removed) ||
            !isTime(raw.removed.at) ||
            typeof raw.removed.device !== 'string'
          )
            return { ok: false, problem: 'has a malformed removal stamp' };
          removed = { at: raw.removed.at, device: raw.removed.device };
        }
        const versions = checkVersions(raw.versions, key.key, id);
        if (typeof versions === 'string') return { ok: false, problem: versions };
        if (raw.textBy !== undefined && typeof raw.textBy !== 'string')
          return { ok: false, problem: 'does not say plainly whose text it is' };
        return {
          ok: true,
          doc: {
            ...meta,
            kind: 'source',
            source,
            origin: raw.origin as SourceOrigin,
            addedAt: raw.addedAt,
            updatedAt: raw.updatedAt,
            ...(removed ? { removed } : {}),
            ...(versions.length ? { versions } : {}),
            ...(typeof raw.textBy === 'string' ? { textBy: raw.textBy } : {}),
          },
        };
      }
      case 'annotation': {
        const problem = annotationProblem(raw.annotation, key.key);
        if (problem) return { ok: false, problem };
        return {
          ok: true,
          doc: { ...meta, kind: 'annotation', annotation: raw.annotation as WebAnnotation },
        };
      }
      case 'dismissed':
        if (typeof raw.url !== 'string' || raw.url !== key.key || !isStringArray(raw.keys))
          return { ok: false, problem: 'is not a list of dismissed matches of its page' };
        return { ok: true, doc: { ...meta, kind: 'dismissed', url: raw.url, keys: raw.keys } };
      case 'actors': {
        const problem = checkCorrections(raw.value);
        if (problem) return { ok: false, problem: `has invalid actor corrections (${problem})` };
        if (!isTime(raw.updatedAt)) return { ok: false, problem: 'has no valid date' };
        return {
          ok: true,
          doc: { ...meta, kind: 'actors', value: raw.value, updatedAt: raw.updatedAt },
        };
      }
    }
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** A source document's other versions, checked like its own source; a string says what is wrong. */
function checkVersions(raw: unknown, sourceId: string, docId: string): SourceVersion[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return 'has other versions that are not a list';
  const versions: SourceVersion[] = [];
  for (const v of raw) {
    if (!isObject(v) || typeof v.device !== 'string' || !isTime(v.updatedAt))
      return 'has a malformed other version';
    const source = validateSource(v.source, `document ${docId} (other version)`);
    if (source.id !== sourceId || !isObject(v.source) || v.source.text !== source.text)
      return 'has another version that is not the same source or not clean text';
    versions.push({ source, device: v.device, updatedAt: v.updatedAt });
  }
  return versions;
}

/** Why a value is not an annotation Sourcelight can store under `id`; null when it is one. */
function annotationProblem(a: unknown, id: string): string | null {
  if (!isObject(a)) return 'has no annotation';
  if (a.id !== id) return `holds annotation "${String(a.id)}", not "${id}"`;
  if (a.type !== 'Annotation') return 'holds something that is not a W3C annotation';
  if (typeof a.created !== 'string' || typeof a.modified !== 'string')
    return 'has an annotation without dates';
  if (!Array.isArray(a.body) || !a.body.every((b) => isObject(b) && typeof b.value === 'string'))
    return 'has an annotation body that is not text';
  const target = a.target;
  if (!isObject(target) || typeof target.source !== 'string' || !Array.isArray(target.selector))
    return 'has an annotation without a target page';
  const quote = target.selector.find((s) => isObject(s) && s.type === 'TextQuoteSelector');
  if (!isObject(quote) || typeof quote.exact !== 'string' || quote.exact.trim() === '')
    return 'has an annotation without a quoted passage';
  return null;
}
