/**
 * Team sync's bridge and conflict rules with real PouchDB (its memory adapter) and the real
 * database code over fake-indexeddb: two "browsers", each with its own Sourcelight database and
 * sync database, replicate through a third PouchDB database standing in for the team's server.
 */
import { describe, expect, it } from 'vitest';
import { createAnnotation, type WebAnnotation } from '../../lib/anchoring/model';
import { checkDoc, MERGED_FROM, toDoc, type SyncDoc } from '../../lib/sync/docs';
import { MERGE_SEPARATOR, resolveConflict } from '../../lib/sync/merge';
import type { Source } from '../../lib/types';
import { browserProfile, NOBODY, syncWith, teamServer } from '../helpers/sync-profiles';

const source: Source = {
  id: 'dam',
  title: 'Dam to open in May',
  outlet: 'Wire',
  url: 'https://wire.example/dam',
  published: '2025-03-01',
  language: 'en',
  text: 'Water Minister Lena Varga said on Tuesday that the Qorvan dam would open in May.\n"We will open the spillway gates on the first of May," Varga told reporters.',
};

const draftFor = (id?: string, note = 'first note') => ({
  ...(id ? { id } : {}),
  url: 'https://news.example/story',
  selectors: [{ type: 'TextQuoteSelector' as const, exact: 'the spillway gates' }],
  note,
  tags: ['dam'],
});

describe('the bridge between two browsers and a server', () => {
  it("brings A's source and annotation to B, indexed by B's own library", async () => {
    const server = await teamServer();
    const a = await browserProfile('a');
    const b = await browserProfile('b');
    await a.handlers['library.import']({ sources: [source], origin: 'paste' }, NOBODY);
    const saved = await a.handlers['annotation.save']({ draft: draftFor() }, NOBODY);
    await syncWith(a, server);
    const report = await syncWith(b, server);
    expect(report).toMatchObject({ sources: 1, annotations: 1, quarantined: 0 });
    expect((await b.handlers['source.get']({ id: 'dam' }, NOBODY))?.text).toBe(source.text);
    expect((await b.service.getLibrary()).byId.has('dam')).toBe(true);
    const there = await b.handlers['annotation.list']({}, NOBODY);
    expect(there.map((x) => x.id)).toEqual([saved.id]);
  });

  it('keeps both notes when two browsers edit one annotation apart, in both browsers', async () => {
    const server = await teamServer();
    const a = await browserProfile('a');
    const b = await browserProfile('b');
    const saved = await a.handlers['annotation.save']({ draft: draftFor() }, NOBODY);
    await syncWith(a, server);
    await syncWith(b, server);
    await a.handlers['annotation.save']({ draft: draftFor(saved.id, 'A says March') }, NOBODY);
    await b.handlers['annotation.save']({ draft: draftFor(saved.id, 'B says April') }, NOBODY);
    await syncWith(a, server);
    const bReport = await syncWith(b, server);
    expect(bReport.merged).toBe(1);
    // A gets the merge B made: its reader is told as well that both edits were kept, once.
    expect((await syncWith(a, server)).merged).toBe(1);
    expect((await syncWith(a, server)).merged).toBe(0);
    expect((await syncWith(b, server)).merged).toBe(0);
    for (const p of [a, b]) {
      const [x] = await p.handlers['annotation.list']({}, NOBODY);
      const note = x!.body.find((body) => body.purpose === 'commenting')!.value;
      expect(note).toContain('A says March');
      expect(note).toContain('B says April');
      expect((x as unknown as Record<string, unknown>)[MERGED_FROM]).toBe(2);
    }
    // The server holds one live revision: the conflict is resolved, not just hidden.
    const onServer = await server.get(`annotation:${saved.id}`, { conflicts: true });
    expect(onServer._conflicts ?? []).toEqual([]);
  });

  it('keeps the edit when one browser deletes an annotation and the other edits it', async () => {
    const server = await teamServer();
    const a = await browserProfile('a');
    const b = await browserProfile('b');
    const saved = await a.handlers['annotation.save']({ draft: draftFor() }, NOBODY);
    await syncWith(a, server);
    await syncWith(b, server);
    await a.handlers['annotation.delete']({ id: saved.id }, NOBODY);
    await b.handlers['annotation.save']({ draft: draftFor(saved.id, 'still relevant') }, NOBODY);
    await syncWith(a, server);
    await syncWith(b, server);
    await syncWith(a, server);
    for (const p of [a, b]) {
      const all = await p.handlers['annotation.list']({}, NOBODY);
      expect(all.map((x) => x.body[0]?.value)).toEqual(['still relevant']);
    }
  });

  it('leaves a tombstone for a removed source that any member can undo for everyone', async () => {
    const server = await teamServer();
    const a = await browserProfile('a');
    const b = await browserProfile('b');
    await a.handlers['library.import']({ sources: [source], origin: 'paste' }, NOBODY);
    await syncWith(a, server);
    await syncWith(b, server);
    await a.handlers['library.remove']({ id: 'dam' }, NOBODY);
    await syncWith(a, server);
    await syncWith(b, server);
    expect(await b.handlers['source.get']({ id: 'dam' }, NOBODY)).toBeNull();
    const removed = (await b.bridge.state()).removed;
    expect(removed).toMatchObject([{ id: 'dam', title: source.title, byMe: false }]);
    await b.bridge.undoRemoval('dam');
    expect((await b.handlers['source.get']({ id: 'dam' }, NOBODY))?.title).toBe(source.title);
    await syncWith(b, server);
    await syncWith(a, server);
    expect((await a.handlers['source.get']({ id: 'dam' }, NOBODY))?.text).toBe(source.text);
  });

  it('quarantines malformed documents from the server and applies the rest', async () => {
    const server = await teamServer();
    const b = await browserProfile('b');
    await server.bulkDocs([
      {
        _id: 'source:evil',
        kind: 'source',
        device: 'x',
        source: { id: 'other', text: 'x' },
        origin: 'file',
        addedAt: 1,
        updatedAt: 1,
      },
      {
        _id: 'annotation:broken',
        kind: 'annotation',
        device: 'x',
        annotation: { id: 'broken', type: 'Annotation' },
      },
      {
        _id: 'corrections:actors',
        kind: 'actors',
        device: 'x',
        value: { hidden: 'everyone' },
        updatedAt: 1,
      },
      { _id: '_design/app', views: {} },
      { ...toDoc({ kind: 'source', source, origin: 'paste', addedAt: 1, updatedAt: 1 }, 'x') },
    ]);
    const report = await syncWith(b, server);
    expect(report.quarantined).toBe(3);
    expect(report.sources).toBe(1);
    const q = (await b.bridge.state()).quarantined.map((x) => x.id).sort();
    expect(q).toEqual(['annotation:broken', 'corrections:actors', 'source:evil']);
    expect((await b.handlers['library.list']({}, NOBODY)).map((s) => s.id)).toEqual(['dam']);
    expect(await b.handlers['corrections.get']({ kind: 'actors' }, NOBODY)).toBeNull();
  });
});

describe('conflict rules', () => {
  const annotationDoc = (note: string, modified: string, rev: string): SyncDoc => {
    const a: WebAnnotation = createAnnotation(
      draftFor('urn:uuid:x', note),
      new Date(modified),
      () => 'urn:uuid:x',
    );
    return { ...toDoc({ kind: 'annotation', annotation: a }, 'd'), _rev: rev };
  };

  it('merges the same way whoever resolves, and does not merge a merge again', () => {
    const one = annotationDoc('first', '2026-01-01T00:00:00Z', '2-a');
    const two = annotationDoc('second', '2026-01-02T00:00:00Z', '2-b');
    const x = resolveConflict([one, two])!;
    const y = resolveConflict([two, one])!;
    expect(x.doc).toEqual(y.doc);
    expect(x.mergedEdits).toBe(2);
    const merged = x.doc.kind === 'annotation' ? x.doc.annotation : null;
    expect(merged?.body[0]?.value).toBe(`first${MERGE_SEPARATOR}second`);
    // The merged note meeting one of its own edits again stays two edits, not three.
    const again = resolveConflict([
      { ...x.doc, _rev: '3-m' },
      { ...two, _rev: '2-b' },
    ])!;
    const text = again.doc.kind === 'annotation' ? again.doc.annotation.body[0]?.value : '';
    expect(text).toBe(`first${MERGE_SEPARATOR}second`);
  });

  it('prefers an edited source over its removal', () => {
    const base = toDoc({ kind: 'source', source, origin: 'paste', addedAt: 1, updatedAt: 5 }, 'a');
    const removed = { ...base, removed: { at: 9, device: 'a' }, _rev: '2-r' } as SyncDoc;
    const edited = {
      ...base,
      source: { ...source, title: 'Dam opens in June' },
      updatedAt: 7,
      _rev: '2-e',
    } as SyncDoc;
    const r = resolveConflict([removed, edited])!;
    expect(r.doc.kind === 'source' && !r.doc.removed && r.doc.source.title).toBe(
      'Dam opens in June',
    );
  });

  it('rejects a document whose id and record disagree', () => {
    const doc = toDoc({ kind: 'source', source, origin: 'paste', addedAt: 1, updatedAt: 1 }, 'a');
    expect(checkDoc({ ...doc, _id: 'source:else' })).toMatchObject({ ok: false });
    expect(checkDoc(doc)).toMatchObject({ ok: true });
  });
});
