/**
 * Conflict resolution: what one document becomes when members changed it apart from each other.
 * CouchDB keeps every conflicting revision and elects a winner by a rule that knows nothing of
 * notes; these rules decide instead, and never drop a member's words:
 * - annotations: distinct notes are all kept, in the order they were written, in one note marked
 *   "merged from N edits"; tags are joined; the latest edit's passage is kept;
 * - sources: an edit beats a removal (so a removal never wipes out a colleague's work), else the
 *   latest change; a text the latest change does not have is kept beside it as another version,
 *   shown to the team until a member keeps one (`keepVersion`);
 * - "not a match" dismissals: every member's dismissals are kept;
 * - actor corrections: the latest change.
 * A deletion of an annotation is a CouchDB deletion, and CouchDB never elects a deleted revision
 * over a live one: an edit on one side and a deletion on the other keeps the edit.
 *
 * The result is the same whichever member computes it (documents sorted, no clock, no writer
 * name), so two members resolving one conflict at once write the same revision.
 */
import {
  cleanTags,
  noteOf,
  tagsOf,
  type TextualBody,
  type WebAnnotation,
} from '../anchoring/model';
import {
  MERGED_FROM,
  mergedEdits as mergedInto,
  type SourceVersion,
  sameContent,
  type SyncDoc,
  versionsOf,
} from './docs';

/** The writer name of a resolution: any member may write it, and all write the same. */
export const MERGE_DEVICE = 'merge';

/** The result of resolving one conflict. */
export interface Resolution {
  doc: SyncDoc;
  /** For annotations whose notes were merged: how many distinct edits the note holds. */
  mergedEdits?: number;
}

/** Between the note blocks of a merged annotation, so a reader sees where each edit starts. */
export const MERGE_SEPARATOR = '\n\n— also edited as —\n\n';

/**
 * Resolves live conflicting revisions of one document (the winner and its `_conflicts`, all the
 * same id and kind). Returns null when every revision already says the same thing: then only the
 * losing revisions need removing.
 */
export function resolveConflict(revisions: SyncDoc[]): Resolution | null {
  if (revisions.length < 2) return null;
  const [first, ...rest] = revisions;
  if (rest.every((r) => sameContent(first!, r))) return null;
  switch (first!.kind) {
    case 'annotation':
      return mergeAnnotations(revisions as Extract<SyncDoc, { kind: 'annotation' }>[]);
    case 'source': {
      const all = revisions as Extract<SyncDoc, { kind: 'source' }>[];
      const live = all.filter((r) => !r.removed);
      const pool = live.length ? live : all;
      const winner = latest(pool, (r) => r.updatedAt);
      const versions = otherVersions(winner, pool);
      const { versions: _v, textBy: _t, ...rest } = winner;
      return {
        doc: resolved(versions.length ? { ...rest, versions, textBy: writerOf(winner) } : rest),
      };
    }
    case 'dismissed': {
      const all = revisions as Extract<SyncDoc, { kind: 'dismissed' }>[];
      const keys = [...new Set(all.flatMap((r) => r.keys))].sort();
      return { doc: resolved({ ...all[0]!, keys }) };
    }
    case 'actors': {
      const all = revisions as Extract<SyncDoc, { kind: 'actors' }>[];
      return { doc: resolved(latest(all, (r) => r.updatedAt)) };
    }
  }
}

/** One annotation from conflicting edits: every distinct note kept, oldest edit first. */
function mergeAnnotations(revisions: Extract<SyncDoc, { kind: 'annotation' }>[]): Resolution {
  // Earlier merges first (their notes are the older history, in order), then edits by time.
  const merges = (d: SyncDoc) => (d.kind === 'annotation' && mergedInto(d.annotation) > 1 ? 0 : 1);
  const edits = [...revisions].sort(
    (a, b) =>
      merges(a) - merges(b) ||
      a.annotation.modified.localeCompare(b.annotation.modified) ||
      (a._rev ?? '').localeCompare(b._rev ?? ''),
  );
  const newestDoc = [...revisions].sort(
    (a, b) =>
      b.annotation.modified.localeCompare(a.annotation.modified) ||
      (b._rev ?? '').localeCompare(a._rev ?? ''),
  )[0]!;
  const newest = newestDoc.annotation;
  // A note merged earlier may come back inside a later conflict: split it into its edits again.
  const notes: string[] = [];
  let earlierMerges = 0;
  for (const { annotation } of edits) {
    earlierMerges = Math.max(earlierMerges, mergedInto(annotation));
    for (const part of noteOf(annotation).split(MERGE_SEPARATOR)) {
      const note = part.trim();
      if (note && !notes.includes(note)) notes.push(note);
    }
  }
  const tags = cleanTags(edits.flatMap(({ annotation }) => tagsOf(annotation)));
  const body: TextualBody[] = [];
  if (notes.length)
    body.push({
      type: 'TextualBody',
      value: notes.join(MERGE_SEPARATOR),
      purpose: 'commenting',
      format: 'text/plain',
    });
  for (const tag of tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  const mergedEdits = Math.max(notes.length, earlierMerges);
  const annotation: WebAnnotation = {
    ...newest,
    motivation: notes.length ? 'commenting' : newest.motivation,
    created: edits.map((e) => e.annotation.created).sort()[0]!,
    body,
  };
  if (mergedEdits > 1)
    (annotation as unknown as Record<string, unknown>)[MERGED_FROM] = mergedEdits;
  return {
    doc: resolved({ ...newestDoc, annotation }),
    ...(mergedEdits > 1 ? { mergedEdits } : {}),
  };
}

/**
 * The texts of a source that its winning revision does not have: the other live revisions' and the
 * versions any revision already kept, one per text, oldest first.
 */
function otherVersions(
  winner: Extract<SyncDoc, { kind: 'source' }>,
  live: Extract<SyncDoc, { kind: 'source' }>[],
): SourceVersion[] {
  const candidates: SourceVersion[] = live.flatMap((r) => [
    ...versionsOf(r),
    { source: r.source, device: writerOf(r), updatedAt: r.updatedAt },
  ]);
  candidates.sort(
    (a, b) =>
      a.updatedAt - b.updatedAt ||
      (a.source.text < b.source.text ? -1 : a.source.text > b.source.text ? 1 : 0) ||
      (a.device < b.device ? -1 : a.device > b.device ? 1 : 0),
  );
  const seen = new Set([winner.source.text]);
  return candidates.filter((v) => !seen.has(v.source.text) && seen.add(v.source.text));
}

/** The browser whose text a source document holds. */
function writerOf(doc: Extract<SyncDoc, { kind: 'source' }>): string {
  return doc.device === MERGE_DEVICE && doc.textBy ? doc.textBy : doc.device;
}

/** Keeps one version of a conflicting source: `version` is an index into its other versions, or -1
 * for the text it has. The others are dropped: a member chose, for the team. */
export function keepVersion(
  doc: Extract<SyncDoc, { kind: 'source' }>,
  version: number,
  device: string,
  now: number,
): Extract<SyncDoc, { kind: 'source' }> {
  const { versions = [], _conflicts: _c, textBy: _t, ...rest } = doc;
  if (version !== -1 && !versions[version])
    throw new Error(`The source "${doc.source.id}" has no such version any more.`);
  const chosen = version === -1 ? doc.source : versions[version]!.source;
  return { ...rest, source: chosen, device, updatedAt: now };
}

/** The revision with the latest time, ties broken by revision id so every member picks the same. */
function latest<T extends SyncDoc>(docs: T[], time: (doc: T) => number): T {
  return [...docs].sort(
    (a, b) => time(b) - time(a) || (b._rev ?? '').localeCompare(a._rev ?? ''),
  )[0]!;
}

/** A resolution's document: no revision bookkeeping, the shared writer name. */
function resolved(doc: SyncDoc): SyncDoc {
  const { _rev: _r, _conflicts: _c, ...rest } = doc;
  return { ...rest, device: MERGE_DEVICE } as SyncDoc;
}
