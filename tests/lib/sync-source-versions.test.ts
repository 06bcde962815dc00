/**
 * Two members who give one source id different texts while apart: neither text may be lost
 * silently. The library uses one (the latest), the other is kept on the team's document and shown
 * as a conflict until a member keeps one, for everyone.
 */
import { describe, expect, it } from 'vitest';
import { checkDoc, type SyncDoc, toDoc } from '../../lib/sync/docs';
import { keepVersion, resolveConflict } from '../../lib/sync/merge';
import type { Source } from '../../lib/types';
import { browserProfile, NOBODY, syncWith, teamServer } from '../helpers/sync-profiles';

const base: Source = {
  id: 'statement',
  title: 'Port statement',
  outlet: 'Port of Vellin',
  url: null,
  published: '2026-02-01',
  language: 'en',
  text: 'The port authority said the northern quay would reopen on Monday after repairs.',
};
const mine = {
  ...base,
  text: 'The port authority said the northern quay would reopen on Monday after repairs.\nDivers found no further damage to the breakwater.',
};
const theirs = {
  ...base,
  text: 'The port authority said the northern quay would stay closed until March while divers inspect the breakwater.',
};

const sourceDoc = (source: Source, device: string, updatedAt: number, rev: string) =>
  ({
    ...toDoc({ kind: 'source', source, origin: 'paste', addedAt: 1, updatedAt }, device),
    _rev: rev,
  }) as Extract<SyncDoc, { kind: 'source' }>;

describe('the rule for one source given two texts', () => {
  it('keeps the latest text as the source and the other beside it, whoever resolves', () => {
    const a = sourceDoc(mine, 'a', 5, '1-a');
    const b = sourceDoc(theirs, 'b', 7, '1-b');
    const x = resolveConflict([a, b])!.doc;
    const y = resolveConflict([b, a])!.doc;
    expect(x).toEqual(y);
    expect(x.kind === 'source' && x.source.text).toBe(theirs.text);
    expect(x.kind === 'source' && x.versions).toEqual([
      { source: mine, device: 'a', updatedAt: 5 },
    ]);
    expect(checkDoc(x)).toMatchObject({ ok: true, doc: { versions: [{ device: 'a' }] } });
  });

  it('keeps every text once when a resolved source meets a third text, and none for equal texts', () => {
    const resolved = resolveConflict([
      sourceDoc(mine, 'a', 5, '1-a'),
      sourceDoc(theirs, 'b', 7, '1-b'),
    ])!.doc;
    const third = { ...base, text: `${base.text} A third account.` };
    const again = resolveConflict([
      { ...resolved, _rev: '2-m' },
      sourceDoc(third, 'c', 6, '1-c'),
      sourceDoc(mine, 'a', 5, '1-a'),
    ])!.doc as Extract<SyncDoc, { kind: 'source' }>;
    expect(again.source.text).toBe(theirs.text);
    expect(again.versions?.map((v) => v.source.text)).toEqual([mine.text, third.text]);
    // Same text, another title: the latest wins and there is nothing to choose between.
    const retitled = resolveConflict([
      sourceDoc(base, 'a', 5, '1-a'),
      sourceDoc({ ...base, title: 'Quay reopens' }, 'b', 6, '1-b'),
    ])!.doc as Extract<SyncDoc, { kind: 'source' }>;
    expect(retitled.source.title).toBe('Quay reopens');
    expect(retitled.versions).toBeUndefined();
  });

  it('lets a member keep either text, dropping the others', () => {
    const resolved = resolveConflict([
      sourceDoc(mine, 'a', 5, '1-a'),
      sourceDoc(theirs, 'b', 7, '1-b'),
    ])!.doc as Extract<SyncDoc, { kind: 'source' }>;
    const kept = keepVersion(resolved, 0, 'b', 9);
    expect(kept.source.text).toBe(mine.text);
    expect(kept.versions).toBeUndefined();
    expect(kept.updatedAt).toBe(9);
    expect(keepVersion(resolved, -1, 'b', 9).source.text).toBe(theirs.text);
    expect(() => keepVersion(resolved, 3, 'b', 9)).toThrow(/no such version/);
  });

  it('sets aside a document whose other versions are malformed', () => {
    const doc = sourceDoc(mine, 'a', 5, '1-a');
    expect(checkDoc({ ...doc, versions: 'nope' })).toMatchObject({ ok: false });
    expect(
      checkDoc({
        ...doc,
        versions: [{ source: { ...theirs, id: 'else' }, device: 'b', updatedAt: 1 }],
      }),
    ).toMatchObject({ ok: false });
    expect(checkDoc({ ...doc, versions: [{ source: theirs, updatedAt: 1 }] })).toMatchObject({
      ok: false,
    });
  });
});

describe('two browsers that gave one source different texts while apart', () => {
  it('both keep both texts, see the conflict, and take the text one of them keeps', async () => {
    const server = await teamServer();
    const a = await browserProfile('a');
    const b = await browserProfile('b');
    await a.handlers['library.import']({ sources: [mine], origin: 'paste' }, NOBODY);
    await b.handlers['library.import']({ sources: [theirs], origin: 'paste' }, NOBODY);
    await syncWith(a, server);
    await syncWith(b, server);
    await syncWith(a, server);
    const texts = async (p: typeof a) =>
      (await p.handlers['source.get']({ id: 'statement' }, NOBODY))?.text;
    // One text in both libraries (the same), the other listed as a conflict in both.
    const used = await texts(a);
    expect(await texts(b)).toBe(used);
    const other = used === mine.text ? theirs.text : mine.text;
    for (const p of [a, b]) {
      const [conflict] = (await p.bridge.state()).sourceConflicts;
      expect(conflict).toMatchObject({ id: 'statement', title: base.title });
      expect(conflict!.versions.map((v) => v.chars)).toEqual([used!.length, other.length]);
      // Each excerpt shows where its text parts from the other.
      expect(conflict!.versions[0]!.excerpt).toContain(used === mine.text ? 'Monday' : 'March');
      expect(conflict!.versions[1]!.excerpt).toContain(used === mine.text ? 'March' : 'Monday');
      expect(conflict!.versions.filter((v) => v.byMe)).toHaveLength(1);
    }
    // A retitles the source meanwhile: the other text stays on the team's document.
    await a.handlers['library.update'](
      { id: 'statement', changes: { title: 'Port statement (quay)' } },
      NOBODY,
    );
    await syncWith(a, server);
    const onServer = checkDoc(await server.get('source:statement'));
    expect(onServer.ok && onServer.doc.kind === 'source' && onServer.doc.versions?.length).toBe(1);

    // B, up to date, keeps the other text: both libraries take it, and the conflict is gone everywhere.
    await syncWith(b, server);
    await b.bridge.keepVersion('statement', 1);
    expect(await texts(b)).toBe(other);
    await syncWith(b, server);
    await syncWith(a, server);
    expect(await texts(a)).toBe(other);
    expect((await a.service.getLibrary()).byId.get('statement')?.source.text).toBe(other);
    for (const p of [a, b]) expect((await p.bridge.state()).sourceConflicts).toEqual([]);
    const settled = checkDoc(await server.get('source:statement', { conflicts: true }));
    expect(settled.ok && settled.doc.kind === 'source' && settled.doc.versions).toBeUndefined();
  });
});
