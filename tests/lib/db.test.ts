import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB, unwrap } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DB_VERSION, openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import { describeSelection } from '../../lib/anchoring/index';
import type { Source } from '../../lib/types';

const from = { tabId: null, url: null };
const source = (id: string, text = `Paragraph one of ${id}.\nParagraph two of ${id}.`): Source => ({
  id,
  title: `Title ${id}`,
  outlet: 'Outlet',
  url: null,
  published: '2025-01-02',
  language: 'en',
  text,
});

let factory: IDBFactory;
let db: SourcelightDatabase;
let service: LibraryService;
let clock = 0;
const make = (database: SourcelightDatabase) =>
  createLibraryService({ db: database, now: () => ++clock, newId: () => `urn:uuid:n${++clock}` });

beforeEach(async () => {
  factory = new IDBFactory();
  db = await openDatabase({ factory, name: 'sl' });
  service = make(db);
});

describe('sources', () => {
  it('round-trips through the database, and survives reopening it', async () => {
    await service.handlers['library.import'](
      { sources: [source('a'), source('b')], origin: 'file' },
      from,
    );
    db.close();
    const reopened = make(await openDatabase({ factory, name: 'sl' }));
    const list = await reopened.handlers['library.list']({}, from);
    expect(list.map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(await reopened.handlers['source.get']({ id: 'a' }, from)).toEqual(source('a'));
  });

  it('imports all or nothing: one clash with a stored source adds none of the batch', async () => {
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    await expect(
      service.handlers['library.import'](
        {
          sources: [source('b'), source('a', 'Other text entirely.')],
          origin: 'file',
          files: ['b.txt', 'a.txt'],
        },
        from,
      ),
    ).rejects.toThrow(/^a\.txt: your library already has a different source with the id "a"/);
    expect((await service.handlers['library.list']({}, from)).map((s) => s.id)).toEqual(['a']);
    expect((await service.handlers['source.get']({ id: 'a' }, from))?.text).toBe(source('a').text);
  });

  it('imports all or nothing: an invalid source in the batch adds none', async () => {
    const bad = { ...source('c'), text: '   ' };
    await expect(
      service.handlers['library.import'](
        { sources: [source('b'), bad], origin: 'file', files: ['b.txt', 'c.txt'] },
        from,
      ),
    ).rejects.toThrow('c.txt: source "c" is empty');
    expect(await service.handlers['library.list']({}, from)).toEqual([]);
  });

  it('counts a re-import of the same file as unchanged', async () => {
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    expect(
      await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from),
    ).toMatchObject({ added: [], unchanged: ['a'] });
  });

  it('edits metadata, keeps the text, and matching sees the change', async () => {
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    await service.getLibrary();
    const saved = await service.handlers['library.update'](
      { id: 'a', changes: { title: 'New title', outlet: '' } },
      from,
    );
    expect(saved).toMatchObject({ title: 'New title', outlet: null });
    expect((await service.getLibrary()).byId.get('a')?.source.title).toBe('New title');
    expect((await service.handlers['source.get']({ id: 'a' }, from))?.text).toBe(source('a').text);
  });

  it('removes with undo: the restored source comes back whole', async () => {
    await service.handlers['library.import']({ sources: [source('a')], origin: 'paste' }, from);
    const removed = await service.handlers['library.remove']({ id: 'a' }, from);
    expect(await service.handlers['library.list']({}, from)).toEqual([]);
    expect((await service.getLibrary()).sources).toHaveLength(0);
    await service.handlers['library.restore']({ removed }, from);
    const [back] = await service.handlers['library.list']({}, from);
    expect(back).toMatchObject({ id: 'a', origin: 'paste', addedAt: removed.addedAt });
    expect((await service.getLibrary()).sources).toHaveLength(1);
  });

  it('exports sources, annotations and settings in one document', async () => {
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    await service.handlers['settings.set']({ key: 'theme', value: 'dark' }, from);
    const text = source('a').text;
    await service.handlers['annotation.save'](
      {
        draft: {
          url: 'https://p.example/x',
          selectors: describeSelection(text, 0, 9),
          note: 'n',
          tags: [],
        },
      },
      from,
    );
    const exported = await service.handlers['library.export']({}, from);
    expect(exported.sources.map((s) => s.text)).toEqual([text]);
    expect(exported.annotations.total).toBe(1);
    expect(exported.settings).toContainEqual({ key: 'theme', value: 'dark' });
  });
});

describe('annotations', () => {
  const text =
    'First paragraph of the page.\nThe quoted sentence the reader saved.\nLast paragraph.';
  const start = text.indexOf('The quoted');
  const draft = (note: string, tags: string[], url = 'https://p.example/story#section') => ({
    url,
    pageTitle: 'Story',
    selectors: describeSelection(text, start, start + 19),
    note,
    tags,
  });

  it('saves W3C annotations with a note and tags, listed per page with the fragment ignored', async () => {
    const saved = await service.handlers['annotation.save'](
      { draft: draft('Check this', ['dam', ' dam ', 'flood']) },
      from,
    );
    expect(saved).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      motivation: 'commenting',
      target: { source: 'https://p.example/story' },
    });
    expect(saved.body).toEqual([
      { type: 'TextualBody', value: 'Check this', purpose: 'commenting', format: 'text/plain' },
      { type: 'TextualBody', value: 'dam', purpose: 'tagging' },
      { type: 'TextualBody', value: 'flood', purpose: 'tagging' },
    ]);
    expect(saved.target.selector[0]).toMatchObject({
      type: 'TextQuoteSelector',
      exact: 'The quoted sentence',
      prefix: 'First paragraph of the page.\n',
    });
    const onPage = await service.handlers['annotation.listForPage'](
      { url: 'https://p.example/story' },
      from,
    );
    expect(onPage.map((a) => a.id)).toEqual([saved.id]);
    expect(
      await service.handlers['annotation.listForPage']({ url: 'https://p.example/other' }, from),
    ).toEqual([]);
  });

  it('edits an annotation in place, keeping its id and creation time', async () => {
    const first = await service.handlers['annotation.save']({ draft: draft('v1', []) }, from);
    const second = await service.handlers['annotation.save'](
      { draft: { ...draft('v2', ['x']), id: first.id } },
      from,
    );
    expect(second.id).toBe(first.id);
    expect(second.created).toBe(first.created);
    expect(second.modified > first.modified).toBe(true);
    expect(await service.handlers['annotation.list']({}, from)).toHaveLength(1);
  });

  it('searches by note, tag and quoted words', async () => {
    await service.handlers['annotation.save']({ draft: draft('Numbers differ', ['dam']) }, from);
    await service.handlers['annotation.save'](
      { draft: draft('Other', ['politics'], 'https://q.example/') },
      from,
    );
    expect(
      (await service.handlers['annotation.list']({ query: 'numbers' }, from)).map(
        (a) => a.body[0]!.value,
      ),
    ).toEqual(['Numbers differ']);
    expect(
      (await service.handlers['annotation.list']({ query: 'politics' }, from)).map(
        (a) => a.target.source,
      ),
    ).toEqual(['https://q.example/']);
    expect(
      await service.handlers['annotation.list']({ query: 'quoted sentence' }, from),
    ).toHaveLength(2);
    expect(await service.handlers['annotation.list']({ query: 'absent words' }, from)).toEqual([]);
  });

  it('exports a W3C collection that imports back into an empty library unchanged', async () => {
    await service.handlers['annotation.save']({ draft: draft('Note', ['t']) }, from);
    const collection = await service.handlers['annotation.export']({}, from);
    const other = make(await openDatabase({ factory, name: 'other' }));
    expect(
      await other.handlers['annotation.import'](
        { data: JSON.parse(JSON.stringify(collection)), where: 'a.jsonld' },
        from,
      ),
    ).toEqual({
      added: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await other.handlers['annotation.export']({}, from)).toEqual(collection);
  });

  it('marks orphans reported by the page, keeps them, and clears the mark when they anchor again', async () => {
    const a = await service.handlers['annotation.save']({ draft: draft('Orphan to be', []) }, from);
    await service.handlers['annotation.anchored'](
      { url: 'https://p.example/story', anchored: [], orphans: [a.id] },
      from,
    );
    const [orphan] = await service.handlers['annotation.list']({}, from);
    expect(orphan!['sourcelight:orphanedAt']).toEqual(expect.any(String));
    expect(orphan!.modified).toBe(a.modified);
    await service.handlers['annotation.anchored'](
      { url: 'https://p.example/story#x', anchored: [a.id], orphans: [] },
      from,
    );
    const [back] = await service.handlers['annotation.list']({}, from);
    expect(back).toEqual(a);
  });

  it('rejects an annotation file with one unusable item and keeps what was stored', async () => {
    await service.handlers['annotation.save']({ draft: draft('Keep me', []) }, from);
    const data = {
      rows: [
        {
          uri: 'https://h.example/',
          text: 'fine',
          target: [
            {
              source: 'https://h.example/',
              selector: [{ type: 'TextQuoteSelector', exact: 'x y' }],
            },
          ],
        },
        {
          uri: 'https://h.example/',
          text: 'broken',
          target: [
            { source: 'https://h.example/', selector: [{ type: 'TextQuoteSelector', exact: 42 }] },
          ],
        },
      ],
    };
    await expect(
      service.handlers['annotation.import']({ data, where: 'hypothesis.json' }, from),
    ).rejects.toThrow(
      /^hypothesis\.json, annotation 2, selector 1: is a TextQuoteSelector without/,
    );
    expect(
      (await service.handlers['annotation.list']({}, from)).map((a) => a.body[0]!.value),
    ).toEqual(['Keep me']);
  });
});

describe('schema upgrade', () => {
  it('keeps every version-1 record when opened with the current code', async () => {
    // Version 1 as shipped: bare Source records, annotations and settings, no indexes.
    const v1 = await openDB(`v1`, 1, {
      upgrade(d) {
        d.createObjectStore('sources', { keyPath: 'id' });
        d.createObjectStore('annotations', { keyPath: 'id' });
        d.createObjectStore('settings', { keyPath: 'key' });
      },
    });
    const text = 'Old text of the source.\nSecond line.';
    await v1.put('sources', { ...source('old', text), addedAt: 42 });
    await v1.put('sources', source('older'));
    const note = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:uuid:v1',
      type: 'Annotation',
      motivation: 'highlighting',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      body: [],
      target: { source: 'https://p.example/a', selector: describeSelection(text, 0, 8) },
    };
    await v1.put('annotations', note);
    await v1.put('settings', { key: 'site:p.example', value: false });
    v1.close();

    const upgraded = await openDatabase({ name: 'v1' });
    expect(upgraded.version).toBe(DB_VERSION);
    const svc = make(upgraded);
    const list = await svc.handlers['library.list']({}, from);
    expect(list.map((s) => [s.id, s.addedAt]).sort()).toEqual([
      ['old', 42],
      ['older', expect.any(Number)],
    ]);
    expect(await svc.handlers['source.get']({ id: 'old' }, from)).toEqual(source('old', text));
    expect(
      await svc.handlers['annotation.listForPage']({ url: 'https://p.example/a' }, from),
    ).toEqual([note]);
    expect(await svc.handlers['site.isEnabled']({ host: 'p.example' }, from)).toBe(false);
    // The new stores work on the upgraded database.
    await svc.handlers['corrections.set']({ kind: 'actors', value: { renames: { a: 'b' } } }, from);
    expect(await svc.handlers['corrections.get']({ kind: 'actors' }, from)).toEqual({
      renames: { a: 'b' },
    });
    expect((await svc.getLibrary()).sources).toHaveLength(2);
  });

  it('keeps every version-2 record and adds the cache of derived data', async () => {
    const v2 = await openDatabase({ name: 'v2', version: 2 });
    const before = make(v2);
    await before.handlers['library.import']({ sources: [source('kept')], origin: 'file' }, from);
    v2.close();
    const upgraded = await openDatabase({ name: 'v2' });
    expect(upgraded.version).toBe(DB_VERSION);
    expect(upgraded.objectStoreNames.contains('cache')).toBe(true);
    const svc = make(upgraded);
    expect((await svc.handlers['library.list']({}, from)).map((s) => s.id)).toEqual(['kept']);
    // The first library built on the new version is stored for the next wake-up.
    expect((await svc.getLibrary()).sources).toHaveLength(1);
    await expect
      .poll(async () => (await upgraded.get('cache', 'stem-index'))?.key)
      .toBe('stem-index');
  });
});

describe('storage limits', () => {
  it('shows a full storage as a clear error and keeps the library as it was', async () => {
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    // The browser refuses the write the way Chromium and Firefox do.
    const store = Object.getPrototypeOf(unwrap(db.transaction('sources').store)) as {
      put: (...a: unknown[]) => unknown;
    };
    const put = store.put;
    store.put = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      await expect(
        service.handlers['library.import']({ sources: [source('b')], origin: 'file' }, from),
      ).rejects.toThrow(/storage for Sourcelight is full/);
    } finally {
      store.put = put;
    }
    expect((await service.handlers['library.list']({}, from)).map((s) => s.id)).toEqual(['a']);
  });
});
