import { readingOf } from '../../lib/match/page-reading';
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pageRuntime } from '../helpers/runtime';
import { createLibrary, detailsDerived, INDEX_FORMAT, snapshotIndex } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { type CacheEntry, openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService } from '../../lib/db/service';
import { deferHandlers, request, serveRequests } from '../../lib/messaging/index';
import type { Source } from '../../lib/types';
import { STORY_PAGE, STORY_PAGE_TEXT, STORY_SOURCES } from '../helpers/dam-source';
import { wokenService } from '../helpers/woken-service';

// An invented two-source library and a page that quotes the first and copies a sentence of the second.
const sources = STORY_SOURCES;
const page = STORY_PAGE;
const pageText = STORY_PAGE_TEXT;

let db: SourcelightDatabase;
let factory: IDBFactory;

/** A fresh service over the same database: what a service worker gets each time it wakes up. */
async function wake(tag = '1.0.0', text = pageText) {
  fakeBrowser.reset();
  const service = createLibraryService({
    db,
    defaultSources: sources,
    now: () => 1_000,
    indexTag: tag,
    storedLibraryCheckMs: 0,
    storedLibraryWriteMs: 0,
  });
  serveRequests(
    deferHandlers(service.seedDefaultsOnce().then(() => service.handlers)),
    pageRuntime(),
  );
  const result = await request('page.analyze', { page, text }, pageRuntime());
  return result.report.matches.map((m) => `${m.kind}:${m.sourceId}:${m.pageStart}-${m.pageEnd}`);
}

/** How many times the index was written to the cache: once per build from scratch. */
let indexWrites = 0;

beforeEach(async () => {
  factory = new IDBFactory();
  db = await openDatabase({ factory, name: 'index-cache' });
  indexWrites = 0;
  // Every write (the index goes in one transaction with its texts), counted at the store itself.
  const put = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    // The stem index itself, not the small mark that it lags behind a change.
    if (this.name === 'cache' && (value as CacheEntry).key === 'stem-index') indexWrites++;
    return put.call(this, value, key);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the stem index kept in IndexedDB between wake-ups', () => {
  it('is stored after the first analysis and used on the next wake, with the same matches', async () => {
    const first = await wake();
    expect(first).toHaveLength(2);
    const entry = await db.get('cache', 'stem-index');
    expect(entry?.from).toMatch(new RegExp(`^${INDEX_FORMAT}:1\\.0\\.0/`));
    expect(indexWrites).toBe(1);
    expect(await wake()).toEqual(first);
    // Read back, not built again.
    expect(indexWrites).toBe(1);
  });

  it('is let go when no page asks for it a while, and read back for the next page', async () => {
    // A worker kept running by tab updates, with no page to match, lets its library go.
    const service = wokenService(db, sources, { libraryReleaseMs: 50 });
    await service.seedDefaultsOnce();
    const analyze = () =>
      service.handlers['page.analyze']({ page, text: pageText }, { tabId: null, url: null });
    const first = (await analyze()).report.matches;
    expect(first).toHaveLength(2);
    await vi.waitFor(async () => expect(await db.get('cache', 'stem-index')).toBeDefined());
    const held = await service.getLibrary();
    expect(await service.getLibrary()).toBe(held);
    const reading = readingOf(pageText);
    await new Promise((ok) => setTimeout(ok, 800));
    // The last page's reading (its words: megabytes on a long page) goes with it.
    expect(readingOf(pageText)).not.toBe(reading);
    expect(await service.getLibrary()).not.toBe(held);
    // Read back from the stored index, not built again, and it matches as before.
    expect(indexWrites).toBe(1);
    expect((await analyze()).report.matches).toEqual(first);
  });

  it('is rebuilt when a source changes behind the service, once its check has read the sources', async () => {
    const added =
      'Repairs of the breakwater start on Monday, the port authority said in a statement.';
    await wake();
    const before = (await db.get('cache', 'stem-index'))!.from;
    const stored = (await db.get('sources', 'harbour'))!;
    await db.put('sources', {
      ...stored,
      updatedAt: 2_000,
      source: { ...stored.source, text: `${stored.source.text}\n${added}` },
    });
    // The wake is served from the stored library; its check then finds the change and builds again.
    expect(await wake()).toHaveLength(2);
    await vi.waitFor(async () =>
      expect((await db.get('cache', 'stem-index'))?.from).not.toBe(before),
    );
    const found = await wake('1.0.0', `${pageText}\n${added}`);
    expect(found.some((m) => m.includes(`:harbour:${pageText.length + 1}-`))).toBe(true);
  });

  it('is checked a batch of sources at a time, and not while a page is being read', async () => {
    // Read whole, 10,000 sources held the woken worker for a second (and all their texts at once).
    const many: Source[] = Array.from({ length: 450 }, (_, i) => ({
      ...sources[1]!,
      id: `notice-${String(i).padStart(3, '0')}`,
      text: `Notice ${i}: the ferry to island ${i} leaves at ${i % 24} o'clock from the east pier.`,
    }));
    const first = wokenService(db, many);
    await first.seedDefaultsOnce();
    await first.handlers['page.analyze']({ page, text: pageText }, { tabId: null, url: null });
    await vi.waitFor(async () => expect(await db.get('cache', 'stem-index')).toBeDefined());
    /** The batch size asked for by each read of the sources. */
    const reads: (number | undefined)[] = [];
    const getAll = IDBObjectStore.prototype.getAll;
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (
      this: IDBObjectStore,
      query?: IDBValidKey | IDBKeyRange | null,
      count?: number,
    ) {
      if (this.name === 'sources') reads.push(count);
      return getAll.call(this, query, count);
    });
    const woken = createLibraryService({
      db,
      now: () => 2_000,
      indexTag: '1.0.0',
      storedLibraryCheckMs: 0,
      storedLibraryWriteMs: 0,
      pageHoldMs: 60_000,
    });
    // A page in tab 3, served from the stored library; its check is due at once.
    await woken.handlers['page.analyze']({ page, text: pageText }, { tabId: 3, url: page.url });
    await new Promise((done) => setTimeout(done, 50));
    expect(reads).toEqual([]);
    // The page drew (it asks for its meaning pass): the check reads, 200 sources at a time.
    await woken.handlers['page.meaning']({ page, text: pageText }, { tabId: 3, url: page.url });
    await vi.waitFor(() => expect(reads).toEqual([200, 200, 200]));
  });

  it('is updated by a change through the service, so the next wake matches the new text', async () => {
    await wake();
    const before = (await db.get('cache', 'stem-index'))!;
    const service = createLibraryService({
      db,
      now: () => 2_000,
      storedLibraryCheckMs: 0,
      storedLibraryWriteMs: 0,
      indexTag: '1.0.0',
    });
    const repairs =
      'Repairs of the breakwater start on Monday, the port authority said in a statement.';
    await service.handlers['library.import'](
      { sources: [{ ...sources[1]!, id: 'repairs', text: repairs }], origin: 'file' },
      { tabId: null, url: null },
    );
    await service.handlers['library.remove']({ id: 'dam' }, { tabId: null, url: null });
    // Stored again once the changes are in, from the library updated in memory.
    await vi.waitFor(async () => {
      const entry = await db.get('cache', 'stem-index');
      expect(entry?.from).not.toBe(before.from);
      expect(await db.get('cache', 'stem-index-stale')).toBeUndefined();
    });
    const stored = (await db.get('cache', 'stem-index'))!.value as ReturnType<typeof snapshotIndex>;
    const scratch = snapshotIndex(createLibrary((await db.getAll('sources')).map((s) => s.source)));
    expect(stored.sentenceBase).toEqual(scratch.sentenceBase);
    expect(stored.bodyEnds).toEqual(scratch.bodyEnds);
    const writes = indexWrites;
    const found = await wake('1.0.0', `${pageText}\n${repairs}`);
    // Read back, not built again.
    expect(indexWrites).toBe(writes);
    expect(found.some((m) => m.includes(':repairs:'))).toBe(true);
    expect(found.some((m) => m.includes(':dam:'))).toBe(false);
  });

  it('is not used by a wake while it lags behind a change', async () => {
    await wake();
    // A change whose updated index was never stored (the worker stopped first).
    await db.put('cache', { key: 'stem-index-stale', from: '', value: null });
    const stored = (await db.get('sources', 'dam'))!;
    await db.delete('sources', 'dam');
    expect(await wake()).toHaveLength(1);
    expect(stored.id).toBe('dam');
  });

  it('lets a waking worker read one record instead of every source', async () => {
    const first = await wake();
    let sourceReads = 0;
    const getAll = db.getAll.bind(db);
    db.getAll = ((store: string, ...rest: never[]) => {
      if (store === 'sources') sourceReads++;
      return getAll(store as never, ...rest);
    }) as typeof db.getAll;
    fakeBrowser.reset();
    const service = createLibraryService({ db, defaultSources: sources, indexTag: '1.0.0' });
    const lib = await service.getLibrary();
    expect(sourceReads).toBe(0);
    expect(lib.sources.map((s) => s.source)).toEqual(
      (await getAll('sources')).map((s) => s.source),
    );
    expect(await wake()).toEqual(first);
  });

  it('keeps the texts in an entry of their own, read only when every text is needed', async () => {
    const first = await wake();
    const entry = (await db.get('cache', 'stem-index'))!;
    const texts = (await db.get('cache', 'stem-index-texts'))!;
    expect((entry.value as { packed: { text?: unknown } }).packed.text).toBeUndefined();
    expect((texts.value as { text: unknown }).text).toBeInstanceOf(Uint8Array);
    expect(texts.from).toBe(entry.from);
    await db.delete('cache', 'stem-index-texts');
    // A page reads the texts it needs from the sources' own records.
    expect(await wake()).toEqual(first);
    expect(indexWrites).toBe(1);
    // Every text, without their entry: the library is built from the sources and stored whole again.
    fakeBrowser.reset();
    const service = createLibraryService({ db, indexTag: '1.0.0', storedLibraryCheckMs: 60_000 });
    const lib = await service.getLibrary();
    expect(lib.sources.map((p) => p.source.text)).toEqual(sources.map((s) => s.text));
    await vi.waitFor(async () => expect(await db.get('cache', 'stem-index-texts')).toBeDefined());
    expect(indexWrites).toBe(2);
    // Texts of another write of the index: not taken.
    const again = (await db.get('cache', 'stem-index-texts'))!;
    await db.put('cache', { ...again, value: { ...(again.value as object), stamp: -1 } });
    fakeBrowser.reset();
    const other = createLibraryService({ db, indexTag: '1.0.0', storedLibraryCheckMs: 60_000 });
    expect((await other.getLibrary()).sources.map((p) => p.source.text)).toEqual(
      sources.map((s) => s.text),
    );
    await vi.waitFor(() => expect(indexWrites).toBe(3));
    expect(await wake()).toEqual(first);
  });

  it('reads a record written before the texts were kept apart, without building again', async () => {
    const first = await wake();
    const entry = (await db.get('cache', 'stem-index'))!;
    const texts = (await db.get('cache', 'stem-index-texts'))!;
    const value = entry.value as { packed: { textsApart?: number } };
    const { textsApart: _, ...packed } = value.packed;
    const text = (texts.value as { text: Uint8Array }).text;
    await db.put('cache', { ...entry, value: { ...value, packed: { ...packed, text } } });
    await db.delete('cache', 'stem-index-texts');
    const writes = indexWrites;
    expect(await wake()).toEqual(first);
    expect(indexWrites).toBe(writes);
  });

  it('is not used when another version of the extension built it', async () => {
    await wake('1.0.0');
    expect(await wake('1.1.0')).toHaveLength(2);
    expect((await db.get('cache', 'stem-index'))!.from).toMatch(/^\d+:1\.1\.0\//);
  });

  it('is ignored when it is broken or was built by other rules, and matching stays right', async () => {
    const first = await wake();
    const entry = (await db.get('cache', 'stem-index'))!;
    // Another build's rules cut the sources into other sentences: the check of a few sources catches it.
    const snapshot = entry.value as ReturnType<typeof snapshotIndex>;
    const shifted = {
      ...snapshot,
      sentenceBase: Int32Array.from(snapshot.sentenceBase, (v, i) => (i === 0 ? 0 : v + 1)),
      sentenceCount: snapshot.sentenceCount + 1,
    };
    await db.put('cache', { ...entry, value: shifted });
    expect(await wake()).toEqual(first);
    // A value of the wrong shape.
    await db.put('cache', { ...entry, value: { format: INDEX_FORMAT, stems: 'nonsense' } });
    expect(await wake()).toEqual(first);
  });
});

describe('the actors of a waking worker', () => {
  /** A fresh service's answer for the page: each actor found, with its sources and mentions. */
  async function actorsOnWake(corrections?: unknown) {
    fakeBrowser.reset();
    const service = createLibraryService({
      db,
      defaultSources: sources,
      now: () => 1_000,
      indexTag: '1.0.0',
      storedLibraryCheckMs: 60_000,
    });
    await service.seedDefaultsOnce();
    const h = service.handlers;
    const from = { tabId: null, url: null };
    if (corrections) await h['corrections.set']({ kind: 'actors', value: corrections }, from);
    const { report } = await h['page.analyze'](
      { page, text: pageText },
      { tabId: 1, url: page.url },
    );
    return report.actors.map((a) => ({ name: a.name, sources: a.sourceIds, at: a.mentions }));
  }

  it('are the ones a library built from the sources finds, read back with the stored library', async () => {
    const first = await actorsOnWake();
    expect(first.map((a) => a.name)).toContain('Lena Varga');
    const packed = ((await db.get('cache', 'stem-index'))!.value as { packed: { merged?: string } })
      .packed;
    expect(JSON.parse(packed.merged ?? '[]').map((a: { name: string }) => a.name)).toContain(
      'Lena Varga',
    );
    expect(await actorsOnWake()).toEqual(first);
  });

  it("follow the user's corrections, and a change to them, after a wake", async () => {
    await actorsOnWake();
    const renamed = await actorsOnWake({ renames: { 'person:lena varga': 'Minister Varga' } });
    expect(renamed.map((a) => a.name)).toContain('Minister Varga');
    const hidden = await actorsOnWake({ hidden: ['person:lena varga'] });
    expect(hidden.map((a) => a.name)).not.toContain('Minister Varga');
    expect(hidden.map((a) => a.name)).not.toContain('Lena Varga');
  });
});

describe('the details of the sources the last page used', () => {
  // Four more sources, so that the few a wake checks against the index are not all of them.
  const more: Source[] = ['Ferry', 'Bridge', 'School', 'Market'].map((name, i) => ({
    id: name.toLowerCase(),
    title: `${name} news`,
    outlet: 'Town Crier',
    url: null,
    published: '2025-03-03',
    language: 'en',
    text: `The ${name.toLowerCase()} committee of Drelling met on day ${i + 2} of the month.\nIts members agreed to meet again in the spring.`,
  }));

  /** A fresh service: its library, how many details it derived for the page, and the page's matches. */
  async function wakeAndMatch() {
    fakeBrowser.reset();
    const service = createLibraryService({
      db,
      defaultSources: [...sources, ...more],
      now: () => 1_000,
      indexTag: '1.0.0',
      storedLibraryCheckMs: 60_000,
    });
    await service.seedDefaultsOnce();
    const lib = await service.getLibrary();
    const before = detailsDerived(lib);
    const { report } = await service.handlers['page.analyze'](
      { page, text: pageText },
      { tabId: 1, url: page.url },
    );
    return {
      derivedForPage: detailsDerived(lib) - before,
      matches: report.matches.map((m) => `${m.kind}:${m.sourceId}:${m.pageStart}-${m.pageEnd}`),
    };
  }

  it('are kept across a wake: the next page derives none of them again, and matches the same', async () => {
    await wakeAndMatch();
    const second = await wakeAndMatch();
    expect(second.derivedForPage).toBeGreaterThan(0);
    await vi.waitFor(async () => expect(await db.get('cache', 'recent-details')).toBeDefined());
    const third = await wakeAndMatch();
    expect(third.derivedForPage).toBe(0);
    expect(third.matches).toEqual(second.matches);
    expect(third.matches).toHaveLength(2);
  });

  it('are not taken when they do not fit the sources, and matching stays right', async () => {
    await wakeAndMatch();
    const second = await wakeAndMatch();
    await vi.waitFor(async () => expect(await db.get('cache', 'recent-details')).toBeDefined());
    const entry = (await db.get('cache', 'recent-details'))!;
    const kept = entry.value as { at: number; detail: { sentences: unknown[] } }[];
    // Details of other rules (a sentence less) or of another library (another fingerprint).
    const cut = kept.map((k) => ({
      ...k,
      detail: { ...k.detail, sentences: k.detail.sentences.slice(1) },
    }));
    await db.put('cache', { ...entry, value: cut });
    const third = await wakeAndMatch();
    expect(third.derivedForPage).toBe(second.derivedForPage);
    expect(third.matches).toEqual(second.matches);
    await db.put('cache', { ...entry, from: 'another library' });
    expect((await wakeAndMatch()).matches).toEqual(second.matches);
  });
});

describe('a library built from a snapshot', () => {
  it('matches exactly like a library built by scanning the sources', () => {
    const scanned = createLibrary(sources);
    const restored = createLibrary(sources, { index: snapshotIndex(scanned) });
    expect(restored.stems.postings).toBe(scanned.stems.postings);
    expect(matchText(pageText, restored)).toEqual(matchText(pageText, scanned));
  });

  it('ignores a snapshot of another format or of other sources', () => {
    const scanned = createLibrary(sources);
    const old = createLibrary(sources, {
      index: { ...snapshotIndex(scanned), format: INDEX_FORMAT + 1 },
    });
    expect(old.stems.postings).not.toBe(scanned.stems.postings);
    const fewer = createLibrary(sources.slice(0, 1), { index: snapshotIndex(scanned) });
    expect(fewer.stems.postings).not.toBe(scanned.stems.postings);
    expect(matchText(pageText, fewer).every((m) => m.sourceId === 'dam')).toBe(true);
  });
});
