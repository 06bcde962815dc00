/**
 * The bridge between Sourcelight's database and the PouchDB database that replication reads and
 * writes. PouchDB is only the outbox and inbox: the library, annotations and corrections stay in
 * the one database lib/db owns.
 * - Outbox: a local change (reported by lib/sync/tracked.ts) is read from the database and written
 *   as a document, unless the document already says the same.
 * - Inbox: PouchDB's changes feed, read from the last applied sequence, is checked document by
 *   document (lib/sync/docs.ts); a malformed one is quarantined, conflicts are resolved
 *   (lib/sync/merge.ts) and written back for the team, and the rest is applied. Sources go through
 *   the library's import, update and removal handlers, a whole batch in one import, so the library
 *   and its stored index are rebuilt once per batch (and only when a page next needs them).
 * Everything runs one step at a time, so the two directions never race on a document.
 */
import type { SyncStore } from '../db/sync-store';
import type { LibraryHandlers } from '../messages';
import type { Source } from '../types';
import type { WebAnnotation } from '../anchoring/model';
import {
  checkDoc,
  docId,
  mergedEdits,
  recordKeyOf,
  sameContent,
  sourceRecord,
  toDoc,
  type LocalRecord,
  type RecordKey,
  type SyncDoc,
} from './docs';
import { type BridgeState, bridgeState, keepFirst } from './bridge-state';
import { keepVersion, MERGE_DEVICE, resolveConflict } from './merge';
import type { PouchChange, PouchDatabase, PouchDoc } from './pouch';
import { conflictView, withVersions } from './versions';
import type { LocalChange } from './tracked';

/** The library handlers sources from the team go through (the raw ones: no echo to the outbox). */
export type SourceHandlers = Pick<
  LibraryHandlers,
  'library.import' | 'library.update' | 'library.remove'
>;

/** What the bridge needs. */
export interface BridgeOptions {
  local: PouchDatabase;
  store: SyncStore;
  library: SourceHandlers;
  /** This browser's name in the documents it writes. */
  device: string;
  now?: () => number;
}

/** What one run of the inbox applied. */
export interface ApplyReport {
  sources: number;
  annotations: number;
  corrections: number;
  quarantined: number;
  merged: number;
}

const BATCH = 250;
const NOBODY = { tabId: null, url: null };

/** The bridge over a PouchDB database and the Sourcelight database. */
export function createBridge(options: BridgeOptions) {
  const { local, store, library, device } = options;
  const now = options.now ?? (() => Date.now());
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const run = chain.then(f, f);
    chain = run.catch(() => undefined);
    return run;
  };

  const { load: loadState, save: saveState } = bridgeState(local);

  /** The document now stored for an id, or null (absent or deleted). */
  const current = async (id: string): Promise<PouchDoc | null> => {
    try {
      return await local.get(id);
    } catch {
      return null;
    }
  };

  /** Writes a record's document when it differs from the stored one; a removed record becomes a tombstone or a deletion. */
  const writeRecord = async (key: RecordKey, record: LocalRecord | null) => {
    const id = docId(key);
    const stored = await current(id);
    const checked = stored ? checkDoc(stored) : null;
    const s = await loadState();
    if (record) {
      if (record.kind === 'source' && record.origin === 'default') return; // every build has them
      const doc = withVersions(toDoc(record, device), checked?.ok ? checked.doc : null);
      if (checked?.ok && sameContent(checked.doc, doc)) return;
      await local.put({ ...doc, ...(stored ? { _rev: stored._rev } : {}) });
    } else {
      if (!stored) return;
      if (key.kind === 'source') {
        if (!checked?.ok || checked.doc.kind !== 'source' || checked.doc.removed) return;
        const at = now();
        await local.put({ ...checked.doc, _rev: stored._rev, device, removed: { at, device } });
        s.removed = keepFirst(s.removed, {
          id: key.key,
          title: checked.doc.source.title,
          removedAt: at,
          byMe: true,
        });
      } else await local.remove({ _id: id, _rev: stored._rev });
    }
    if (!s.pending.includes(id)) s.pending.push(id);
  };

  /** The local record for a key, or null when the database has none. */
  const readRecord = async (key: RecordKey): Promise<LocalRecord | null> => {
    switch (key.kind) {
      case 'source': {
        const stored = await store.source(key.key);
        return stored ? sourceRecord(stored) : null;
      }
      case 'annotation': {
        const annotation = await store.annotation(key.key);
        return annotation ? { kind: 'annotation', annotation } : null;
      }
      case 'dismissed': {
        const keys = await store.dismissed(key.key);
        return keys ? { kind: 'dismissed', url: key.key, keys } : null;
      }
      case 'actors': {
        const actors = await store.actors();
        return actors ? { kind: 'actors', ...actors } : null;
      }
    }
  };

  /** Every local record of a kind, for a scan. */
  const allRecords = async (kind: RecordKey['kind']): Promise<LocalRecord[]> => {
    switch (kind) {
      case 'source':
        return (await store.allSources()).map(sourceRecord);
      case 'annotation':
        return (await store.allAnnotations()).map((annotation) => ({
          kind: 'annotation',
          annotation,
        }));
      case 'dismissed':
        return (await store.allDismissed()).map((d) => ({ kind: 'dismissed', ...d }));
      case 'actors': {
        const actors = await store.actors();
        return actors ? [{ kind: 'actors', ...actors }] : [];
      }
    }
  };

  /** Writes every local record of a kind whose document differs, in batches. */
  const scan = async (kind: RecordKey['kind']): Promise<number> => {
    const records = (await allRecords(kind)).filter(
      (r) => !(r.kind === 'source' && r.origin === 'default'),
    );
    const s = await loadState();
    let written = 0;
    for (let i = 0; i < records.length; i += BATCH) {
      const docs = records.slice(i, i + BATCH).map((r) => toDoc(r, device));
      const existing = await Promise.all(docs.map((d) => current(d._id)));
      const writes: Record<string, unknown>[] = [];
      docs.forEach((mine, k) => {
        const old = existing[k];
        const checked = old ? checkDoc(old) : null;
        const doc = withVersions(mine, checked?.ok ? checked.doc : null);
        if (checked?.ok && sameContent(checked.doc, doc)) return;
        writes.push({ ...doc, ...(old ? { _rev: old._rev } : {}) });
      });
      if (!writes.length) continue;
      const results = await local.bulkDocs(writes);
      for (const r of results) if (r.ok && r.id && !s.pending.includes(r.id)) s.pending.push(r.id);
      written += results.filter((r) => r.ok).length;
    }
    return written;
  };

  const quarantine = (s: BridgeState, id: string, rev: string, problem: string) => {
    s.quarantined = keepFirst(s.quarantined, { id, rev, problem, at: now() });
  };

  /** Resolves a document's conflicts; returns the document to apply (null: nothing valid to apply). */
  const settle = async (s: BridgeState, doc: SyncDoc, report: ApplyReport): Promise<SyncDoc> => {
    const revs = doc._conflicts ?? [];
    if (!revs.length) return doc;
    const others: SyncDoc[] = [];
    for (const rev of revs) {
      const raw = await local.get(doc._id, { rev }).catch(() => null);
      const checked = raw ? checkDoc(raw) : null;
      // A malformed losing revision is left where it is: not ours to delete, never applied.
      if (checked?.ok && checked.doc.kind === doc.kind) others.push({ ...checked.doc, _rev: rev });
    }
    const resolution = resolveConflict([doc, ...others]);
    const writes: Record<string, unknown>[] = others.map((o) => ({
      _id: o._id,
      _rev: o._rev,
      _deleted: true,
    }));
    if (resolution) writes.push({ ...resolution.doc, _id: doc._id, _rev: doc._rev });
    await local.bulkDocs(writes);
    for (const id of [doc._id]) if (!s.pending.includes(id)) s.pending.push(id);
    if (resolution?.mergedEdits && resolution.doc.kind === 'annotation')
      listMerged(s, resolution.doc.annotation, resolution.mergedEdits, report);
    return resolution ? { ...resolution.doc, _id: doc._id } : { ...doc, device: MERGE_DEVICE };
  };

  /** Applies one batch's sources: new ones in one import per origin, then updates and removals. */
  const applySources = async (s: BridgeState, docs: Extract<SyncDoc, { kind: 'source' }>[]) => {
    if (!docs.length) return 0;
    const have = await store.sources(docs.map((d) => d.source.id));
    const toImport = new Map<string, Extract<SyncDoc, { kind: 'source' }>[]>();
    let applied = 0;
    for (const [i, doc] of docs.entries()) {
      const old = have[i];
      const id = doc.source.id;
      s.sourceConflicts = s.sourceConflicts.filter((c) => c.id !== id);
      if (doc.versions?.length && !doc.removed)
        s.sourceConflicts = keepFirst(s.sourceConflicts, conflictView(doc, device, now()));
      try {
        if (doc.removed) {
          s.removed = keepFirst(s.removed, {
            id,
            title: doc.source.title,
            removedAt: doc.removed.at,
            byMe: doc.removed.device === device,
          });
          if (old) {
            await library['library.remove']({ id }, NOBODY);
            applied++;
          }
          continue;
        }
        s.removed = s.removed.filter((r) => r.id !== id);
        if (old && old.source.text === doc.source.text) {
          const { text: _t, ...meta } = doc.source;
          const { text: _o, ...oldMeta } = old.source;
          if (differs(meta, oldMeta)) {
            await library['library.update']({ id, changes: meta }, NOBODY);
            applied++;
          }
          continue;
        }
        // Same id, another text: the team's version replaces this browser's.
        if (old) await library['library.remove']({ id }, NOBODY);
        const group = toImport.get(doc.origin) ?? [];
        group.push(doc);
        toImport.set(doc.origin, group);
      } catch (error) {
        quarantine(s, doc._id, doc._rev ?? '', messageOf(error));
      }
    }
    for (const [origin, group] of toImport) {
      const sources: Source[] = group.map((d) => d.source);
      try {
        const r = await library['library.import'](
          { sources, origin: group[0]!.origin, where: 'team sync' },
          NOBODY,
        );
        applied += r.added.length;
      } catch {
        // One bad source must not hold back the rest: one by one, quarantining what fails.
        for (const d of group) {
          try {
            await library['library.import'](
              { sources: [d.source], origin: d.origin, where: `team sync (${origin})` },
              NOBODY,
            );
            applied++;
          } catch (error) {
            quarantine(s, d._id, d._rev ?? '', messageOf(error));
          }
        }
      }
    }
    return applied;
  };

  /** Lists a note whose edits were merged (once per merge), for the options page. */
  const listMerged = (
    s: BridgeState,
    annotation: WebAnnotation,
    edits: number,
    report: ApplyReport,
  ) => {
    if (s.merged.some((m) => m.id === annotation.id && m.edits === edits)) return;
    const quote = annotation.target.selector.find((x) => x.type === 'TextQuoteSelector');
    s.merged = keepFirst(s.merged, {
      id: annotation.id,
      quote: quote && 'exact' in quote ? quote.exact : '',
      edits,
      at: now(),
    });
    report.merged++;
  };

  /** Applies one change of the feed other than a source. */
  const applyOther = async (s: BridgeState, doc: SyncDoc, report: ApplyReport) => {
    switch (doc.kind) {
      case 'annotation': {
        const old = await store.annotation(doc.annotation.id);
        // Merged in another member's browser: this reader's edit was kept too, and is told so.
        const edits = mergedEdits(doc.annotation);
        if (edits > 1 && mergedEdits(old) < edits) listMerged(s, doc.annotation, edits, report);
        const { 'sourcelight:orphanedAt': _o, ...mine } = old ?? ({} as Record<string, unknown>);
        if (!old || JSON.stringify(mine) !== JSON.stringify(doc.annotation)) {
          await store.putAnnotation(doc.annotation);
          report.annotations++;
        }
        return;
      }
      case 'dismissed':
        await store.addDismissed(doc.url, doc.keys, now());
        report.corrections++;
        return;
      case 'actors':
        await store.putActors(doc.value, doc.updatedAt);
        report.corrections++;
        return;
      case 'source':
        return;
    }
  };

  /** Reads the changes feed from the last applied sequence and applies it, batch by batch. */
  const pump = async (): Promise<ApplyReport> => {
    const report: ApplyReport = {
      sources: 0,
      annotations: 0,
      corrections: 0,
      quarantined: 0,
      merged: 0,
    };
    const s = await loadState();
    for (;;) {
      const feed = await local.changes({
        since: s.appliedSeq,
        include_docs: true,
        conflicts: true,
        limit: BATCH,
      });
      const sources: Extract<SyncDoc, { kind: 'source' }>[] = [];
      for (const change of feed.results) await applyChange(s, change, sources, report);
      report.sources += await applySources(s, sources);
      s.appliedSeq = feed.last_seq;
      await saveState();
      if (feed.results.length < BATCH) break;
    }
    return report;
  };

  const applyChange = async (
    s: BridgeState,
    change: PouchChange,
    sources: Extract<SyncDoc, { kind: 'source' }>[],
    report: ApplyReport,
  ) => {
    const key = recordKeyOf(change.id);
    if (!key) return; // design documents and other people's data: not ours
    const raw = change.doc;
    if (change.deleted || raw?._deleted) {
      // Sourcelight never deletes a source document (removals are tombstones); an annotation's deletion applies.
      if (key.kind === 'annotation' && (await store.annotation(key.key))) {
        await store.deleteAnnotation(key.key);
        report.annotations++;
      }
      return;
    }
    const checked = checkDoc(raw);
    if (!checked.ok) {
      quarantine(s, change.id, raw?._rev ?? change.changes[0]?.rev ?? '', checked.problem);
      report.quarantined++;
      return;
    }
    const hasConflicts = (checked.doc._conflicts ?? []).length > 0;
    // Our own write, already in the database.
    if (checked.doc.device === device && !hasConflicts) return;
    const doc = hasConflicts ? await settle(s, checked.doc, report) : checked.doc;
    if (doc.kind === 'source') {
      // A later change of the same source in this batch replaces an earlier one.
      const at = sources.findIndex((d) => d.source.id === doc.source.id);
      if (at >= 0) sources.splice(at, 1);
      sources.push(doc);
    } else {
      try {
        await applyOther(s, doc, report);
      } catch (error) {
        quarantine(s, change.id, checked.doc._rev ?? '', messageOf(error));
        report.quarantined++;
      }
    }
  };

  return {
    /** Writes the documents of what a local request changed. */
    noteLocal: (change: LocalChange) =>
      serial(async () => {
        for (const key of change.keys) await writeRecord(key, await readRecord(key));
        for (const kind of change.scan) await scan(kind);
        await saveState();
      }),
    /** Writes every shared record once (sync turned on for the first time); later runs only compare. */
    seed: () =>
      serial(async () => {
        const s = await loadState();
        let written = 0;
        for (const kind of ['source', 'annotation', 'dismissed', 'actors'] as const)
          written += await scan(kind);
        s.seeded = true;
        await saveState();
        return written;
      }),
    /** Applies what arrived; see `pump`. */
    pump: () => serial(pump),
    /** The documents pushed to the server are no longer pending. */
    pushed: (ids: string[] | 'all') =>
      serial(async () => {
        const s = await loadState();
        const before = s.pending.length;
        s.pending = ids === 'all' ? [] : s.pending.filter((id) => !ids.includes(id));
        if (s.pending.length !== before) await saveState();
      }),
    /** Brings back a removed source for the whole team: the tombstone is lifted and the source imported here. */
    undoRemoval: (id: string) =>
      serial(async () => {
        const s = await loadState();
        const stored = await current(docId({ kind: 'source', key: id }));
        const checked = stored ? checkDoc(stored) : null;
        if (!checked?.ok || checked.doc.kind !== 'source')
          throw new Error(`The removed source "${id}" is no longer known here.`);
        const { removed: _r, ...rest } = checked.doc;
        await local.put({ ...rest, device, updatedAt: now(), _rev: stored!._rev });
        if (!(await store.source(id)))
          await library['library.import'](
            { sources: [rest.source], origin: rest.origin, where: 'undo' },
            NOBODY,
          );
        s.removed = s.removed.filter((r) => r.id !== id);
        if (!s.pending.includes(rest._id)) s.pending.push(rest._id);
        await saveState();
      }),
    /**
     * Keeps one text of a source in conflict, for the team (`version`: 0 the library's own, else
     * the other versions in order); the library here takes it at once.
     */
    keepVersion: (id: string, version: number) =>
      serial(async () => {
        const s = await loadState();
        const stored = await current(docId({ kind: 'source', key: id }));
        const checked = stored ? checkDoc(stored) : null;
        if (!checked?.ok || checked.doc.kind !== 'source' || checked.doc.removed)
          throw new Error(`The source "${id}" is no longer in the team's library.`);
        const next = keepVersion(checked.doc, version - 1, device, now());
        await local.put({ ...next, _rev: stored!._rev });
        const have = await store.source(id);
        if (have?.source.text !== next.source.text) {
          if (have) await library['library.remove']({ id }, NOBODY);
          await library['library.import'](
            { sources: [next.source], origin: next.origin, where: 'team sync' },
            NOBODY,
          );
        }
        s.sourceConflicts = s.sourceConflicts.filter((c) => c.id !== id);
        if (!s.pending.includes(next._id)) s.pending.push(next._id);
        await saveState();
      }),
    /** A copy of the remembered state. */
    state: async (): Promise<BridgeState> => structuredClone(await loadState()),
  };
}

/** The bridge's interface. */
export type Bridge = ReturnType<typeof createBridge>;

function differs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return Object.keys(a).some((k) => (a[k] ?? null) !== (b[k] ?? null));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
