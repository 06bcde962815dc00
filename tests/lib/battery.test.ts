/**
 * The battery's file and storage cases (issue 21): hostile import files are refused whole with a
 * message naming the item and pollute nothing; an interrupted schema upgrade loses nothing; a full
 * storage is reported; a huge page the extension could not read is not read in place; the CLI
 * answers bad input and hostile pages with one line or a report, never a stack trace.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { openDB, unwrap, wrap } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeSelection } from '../../lib/anchoring/index';
import { DB_VERSION, openDatabase, upgrade, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import { readArticle } from '../../lib/extract-offpage';
import { readSourceFiles } from '../../lib/import/sources';
import { runCli } from '../helpers/cli';
import { parseDocument, parseXmlDocument } from '../../lib/node/dom';
import { deepPage } from '../../testkit/hostile-pages';
import { writeBatteryPages } from '../fixtures/battery/generate';

const from = { tabId: null, url: null };
let factory: IDBFactory;
let db: SourcelightDatabase;
let service: LibraryService;
let clock = 0;

beforeEach(async () => {
  factory = new IDBFactory();
  db = await openDatabase({ factory, name: 'battery' });
  service = createLibraryService({ db, now: () => ++clock, newId: () => `urn:uuid:b${++clock}` });
});

const quote = (exact: string) => [{ type: 'TextQuoteSelector', exact }];
const row = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  uri: 'https://x.example/a',
  text: `note ${id}`,
  target: [{ source: 'https://x.example/a', selector: quote(`quoted words ${id}`) }],
  ...extra,
});
const stored = async () =>
  (await service.handlers['annotation.list']({}, from)).map((a) => a.id).sort();

async function expectRefused(data: unknown, message: RegExp) {
  await service.handlers['annotation.import'](
    { data: { rows: [row('kept')] }, where: 'first.json' },
    from,
  );
  await expect(
    service.handlers['annotation.import']({ data, where: 'bad.json' }, from),
  ).rejects.toThrow(message);
  expect(await stored()).toEqual(['urn:hypothesis:kept']);
}

describe('hostile annotation files: a clear error, nothing stored', () => {
  it.each([
    ['a number', 42, /^bad\.json: expected W3C annotations/],
    ['a string', '{"rows": [', /^bad\.json: expected W3C annotations/],
    ['null', null, /^bad\.json: expected W3C annotations/],
    ['an empty list', [], /^bad\.json: the file holds no annotations/],
    ['rows that are numbers', { rows: [row('a'), 7] }, /^bad\.json, annotation 2: is a number/],
    [
      'a target that is a number',
      { rows: [row('a', { target: 5 })] },
      /annotation 1: has a target that is a number/,
    ],
    [
      'tags that are not words',
      { rows: [row('a', { tags: 'x' })] },
      /annotation 1: "tags" should be a list of words/,
    ],
    [
      'an id that is an object',
      { rows: [{ ...row('a'), id: { x: 1 } }] },
      /annotation 1: has an id that is a object/,
    ],
    [
      'references that are not ids',
      { rows: [row('a', { references: [1] })] },
      /annotation 1: "references" should be a list/,
    ],
    [
      'a body value that is a number',
      [{ target: 'https://x.example/', body: { value: 3 } }],
      /annotation 1: has a body whose "value" is a number/,
    ],
  ])('refuses %s', async (_name, data, message) => {
    await expectRefused(data, message);
  });

  it.each([
    [
      'a quote selector without text',
      [{ type: 'TextQuoteSelector' }],
      /selector 1: is a TextQuoteSelector without the quoted text/,
    ],
    [
      'a quote selector whose text is a number',
      [{ type: 'TextQuoteSelector', exact: 12 }],
      /selector 1: is a TextQuoteSelector without/,
    ],
    [
      'a prefix that is an object',
      [{ type: 'TextQuoteSelector', exact: 'a b', prefix: {} }],
      /selector 1: has a "prefix" that is a object/,
    ],
    [
      'a position selector ending before it starts',
      [{ type: 'TextPositionSelector', start: 9, end: 3 }],
      /selector 1: is a TextPositionSelector whose "start" and "end"/,
    ],
    [
      'a negative position',
      [{ type: 'TextPositionSelector', start: -1, end: 3 }],
      /selector 1: is a TextPositionSelector whose/,
    ],
    [
      'a position past the largest safe integer',
      [{ type: 'TextPositionSelector', start: 0, end: 2 ** 60 }],
      /selector 1: is a TextPositionSelector whose/,
    ],
    ['a selector with no type', [{ exact: 'a b' }], /selector 1: has no "type"/],
    [
      'a selector that is a string',
      ['TextQuoteSelector'],
      /selector 1: is a string, not a selector object/,
    ],
  ])(
    'refuses a W3C annotation with %s, naming the item and the selector',
    async (_name, selector, message) => {
      const page = {
        type: 'AnnotationPage',
        items: [
          {
            id: 'https://n.example/1',
            type: 'Annotation',
            target: { source: 'https://x.example/a', selector: quote('fine words') },
          },
          {
            id: 'https://n.example/2',
            type: 'Annotation',
            target: { source: 'https://x.example/a', selector },
          },
        ],
      };
      await expectRefused(page, new RegExp(`^bad\\.json, annotation 2, ${message.source}`));
    },
  );

  it('refuses two annotations with one id, naming both', async () => {
    await expectRefused(
      { rows: [row('twin'), row('other'), row('twin')] },
      /^bad\.json, annotation 3: has the id "urn:hypothesis:twin", which bad\.json, annotation 1 has too/,
    );
  });

  it('keeps __proto__ and constructor keys as plain data: no prototype is touched', async () => {
    const text = `{"rows": [{"id": "__proto__", "uri": "https://x.example/a", "text": "constructor",
      "__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}},
      "tags": ["__proto__", "constructor"],
      "document": {"title": ["__proto__"], "__proto__": {"polluted": 3}},
      "target": [{"source": "https://x.example/a", "__proto__": {"polluted": 4},
        "selector": [{"type": "TextQuoteSelector", "exact": "toString", "__proto__": {"polluted": 5}}]}]}]}`;
    const result = await service.handlers['annotation.import'](
      { data: JSON.parse(text), where: 'p.json' },
      from,
    );
    expect(result.added).toBe(1);
    const [a] = await service.handlers['annotation.list']({}, from);
    expect(a!.id).toBe('urn:hypothesis:__proto__');
    expect(a!.body.map((b) => b.value)).toEqual(['constructor', '__proto__', 'constructor']);
    expect(JSON.stringify(a)).not.toContain('polluted');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('reads sources and Zotero metadata with __proto__ keys without polluting anything', () => {
    const sources = JSON.parse(
      '[{"id": "constructor", "title": "__proto__", "text": "A source about toString and valueOf.", "__proto__": {"polluted": 1}}]',
    );
    const read = readSourceFiles([{ name: 's.json', text: JSON.stringify(sources) }]);
    expect(read.sources.map((s) => [s.source.id, s.source.title])).toEqual([
      ['constructor', '__proto__'],
    ]);
    const csl =
      '[{"id": "__proto__", "type": "webpage", "title": "x", "__proto__": {"polluted": 2}}]';
    expect(() =>
      readSourceFiles([{ name: 'c.json', text: csl }], {
        parseHtml: parseDocument,
        parseXml: parseXmlDocument,
      }),
    ).toThrow(/^c\.json: gave no source: x: no HTML snapshot/);
    expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuses a 50 MB source file and a 50 MB Zotero snapshot in plain words', () => {
    const big = `<html><body><p>${'word '.repeat(10_000_000)}</p></body></html>`;
    expect(() =>
      readSourceFiles([{ name: 'huge.html', text: big }], { parseHtml: parseDocument }),
    ).toThrow(/^huge\.html: is too large \(50\.0 MB\); a source article should be under 5 MB/);
  });
});

describe('storage', () => {
  it('loses nothing when a schema upgrade is interrupted, and finishes it on the next open', async () => {
    const v1 = await openDB('interrupted', 1, {
      upgrade(d) {
        d.createObjectStore('sources', { keyPath: 'id' });
        d.createObjectStore('annotations', { keyPath: 'id' });
        d.createObjectStore('settings', { keyPath: 'key' });
      },
    });
    const records = Array.from({ length: 40 }, (_, i) => ({
      id: `s${i}`,
      title: `Source ${i}`,
      outlet: null,
      url: null,
      published: null,
      language: 'en',
      text: `Text of source ${i}.`,
      addedAt: i,
    }));
    for (const r of records) await v1.put('sources', r);
    v1.close();
    // The browser stops mid-upgrade: the version change is aborted after the migration began.
    await new Promise<void>((done) => {
      const request = indexedDB.open('interrupted', DB_VERSION);
      request.onupgradeneeded = (event) => {
        const tx = request.transaction!;
        const wrapped = wrap(tx) as unknown as { done: Promise<void> };
        wrapped.done.catch(() => undefined);
        upgrade(
          wrap(request.result) as unknown as SourcelightDatabase,
          event.oldVersion,
          DB_VERSION,
          wrapped as never,
        );
        setTimeout(() => tx.abort(), 0);
      };
      request.onerror = () => done();
      request.onsuccess = () => {
        request.result.close();
        done();
      };
    });
    const after = await openDB('interrupted');
    expect(after.version).toBe(1);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    // Still the bare version-1 records, every one of them.
    expect((await after.getAll('sources')).sort(byId)).toEqual([...records].sort(byId));
    after.close();
    const upgraded = await openDatabase({ name: 'interrupted' });
    expect(upgraded.version).toBe(DB_VERSION);
    const svc = createLibraryService({ db: upgraded });
    const list = await svc.handlers['library.list']({}, from);
    expect(list.map((s) => s.id).sort()).toEqual(records.map((r) => r.id).sort());
    expect(await svc.handlers['source.get']({ id: 's7' }, from)).toMatchObject({
      text: 'Text of source 7.',
    });
  });

  it('reports a full storage on an annotation import and keeps what was stored', async () => {
    await service.handlers['annotation.save'](
      {
        draft: {
          url: 'https://x.example/a',
          selectors: describeSelection('some words here', 0, 10),
          note: '',
          tags: [],
        },
      },
      from,
    );
    const store = Object.getPrototypeOf(unwrap(db.transaction('annotations').store)) as {
      put: (...a: unknown[]) => unknown;
    };
    const put = store.put;
    store.put = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      await expect(
        service.handlers['annotation.import'](
          { data: { rows: [row('a'), row('b')] }, where: 'h.json' },
          from,
        ),
      ).rejects.toThrow(
        /^Could not save the imported annotations: the browser's storage for Sourcelight is full/,
      );
    } finally {
      store.put = put;
    }
    expect(await stored()).toHaveLength(1);
  });
});

describe('a huge page the extension could not read', () => {
  it('is left without highlights rather than read in place, which would freeze it', async () => {
    const doc = parseDocument(
      `<html><body><article><p>${'A sentence of the article. '.repeat(40)}</p></article><aside>${'<i>x</i>'.repeat(60_000)}</aside></body></html>`,
    );
    const read = await readArticle(doc, {
      url: 'https://x.example/huge',
      extractAway: () => Promise.reject(new Error('no answer within 15000 ms')),
    });
    expect(read.article.isArticle).toBe(false);
    expect(read.article.text).toBe('');
    expect(read.fallback).toMatch(
      /^no answer within 15000 ms; the page is too big to read in place/,
    );
  });
});

describe('the CLI on bad arguments and hostile pages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sourcelight-battery-cli-'));
  writeBatteryPages(dir);
  writeFileSync(join(dir, 'deep-5000-static.html'), deepPage(5_000));
  writeFileSync(join(dir, 'binary.html'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x00]));
  writeFileSync(join(dir, 'huge.json'), `[${'"x",'.repeat(13_000_000)}"x"]`);

  const run = (args: string[]) => runCli(args);

  it.each([
    [['match', join(dir, 'binary.html')], /binary\.html: not valid UTF-8 text/],
    [['match', dir], /is a folder, expected a file/],
    [['match', '--sources'], /--sources needs a value/],
    [['coverage', '--csv', '--json', dir], /choose one of --csv and --json/],
    [['import', '--dry-run', join(dir, 'huge.json')], /huge\.json: is too large \(52\.0 MB\)/],
    [['--sources=', 'match'], /./],
  ])('%j: one line on stderr and status 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it.each([
    'quote-1mb.html',
    'rtl-zero-width.html',
    'overrides.html',
    'deep-5000-static.html',
    'mutating-10ms.html',
  ])('reads %s and prints a report', async (name) => {
    const r = await run(['match', '--json', join(dir, name)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { matches: { pageText: string }[] };
    for (const m of report.matches) expect(m.pageText.length).toBeLessThan(2_000);
  });
});
