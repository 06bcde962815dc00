import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pageRuntime } from '../helpers/runtime';
import { openDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import { extractArticle } from '../../lib/extract';
import { matchKey, type PageInfo } from '../../lib/messages';
import { deferHandlers, request, serveRequests } from '../../lib/messaging/index';
import { parseDocument } from '../../lib/node/dom';
import { DAM_OPENING, damSource } from '../helpers/dam-source';

const wire = damSource(
  DAM_OPENING,
  '"We will open the spillway gates on the first of May and not a single day later," Varga told reporters in Mirelle.',
  'Engineers at the site were less sure about the schedule.',
);
const page: PageInfo = {
  url: 'https://news.example/story#top',
  title: 'Dam story',
  siteName: 'News Example',
  published: null,
  byline: null,
  lang: 'en',
};
const pageText =
  'A story about the dam.\n"We will open the spillway gates on the first of May and not a single day later," Varga told reporters.\nMore text follows here.';

let service: LibraryService;
let ids = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  const db = await openDatabase({ factory: new IDBFactory(), name: 'test' });
  service = createLibraryService({
    db,
    defaultSources: [wire],
    now: () => 1_000,
    newId: () => `urn:uuid:test-${++ids}`,
  });
});

describe('background requests over runtime messaging', () => {
  it('answers a content script request with the page analysis and records the visit', async () => {
    serveRequests(
      deferHandlers(service.seedDefaultsOnce().then(() => service.handlers)),
      pageRuntime(),
    );
    const result = await request('page.analyze', { page, text: pageText }, pageRuntime());
    expect(result.enabled).toBe(true);
    expect(result.report.matches.map((m) => m.sourceId)).toEqual(['wire']);
    expect(result.sources.wire?.title).toBe('Dam to open in May');
    const visits = await request('visits.list', {}, pageRuntime());
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      url: 'https://news.example/story',
      host: 'news.example',
      outlet: 'News Example',
      visitCount: 1,
    });
    expect(visits[0]!.matches[0]).toMatchObject({ kind: 'verbatim', sourceId: 'wire' });
  });

  it("still answers with the highlights when the page's visit cannot be stored", async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'full' });
    // Storage full for the visits only: writing one fails as a full disk makes it fail.
    const transaction = db.transaction.bind(db);
    db.transaction = ((stores: never, mode?: IDBTransactionMode) => {
      if (stores === 'visits' && mode === 'readwrite')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return transaction(stores, mode);
    }) as typeof db.transaction;
    const full = createLibraryService({ db, defaultSources: [wire], now: () => 1_000 });
    await full.seedDefaultsOnce();
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
    try {
      const result = await full.handlers['page.analyze'](
        { page, text: pageText },
        { tabId: 1, url: page.url },
      );
      expect(result.report.matches.map((m) => m.sourceId)).toEqual(['wire']);
      await new Promise((ok) => setTimeout(ok, 0));
    } finally {
      console.warn = warn;
    }
    expect(warned).toEqual([expect.stringMatching(/did not record this page's visit: .*full/)]);
    expect(await full.handlers['visits.list']({}, { tabId: null, url: null })).toEqual([]);
  });

  it('gets the library ready ahead of an analysis, and sees a source added since', async () => {
    serveRequests(
      deferHandlers(service.seedDefaultsOnce().then(() => service.handlers)),
      pageRuntime(),
    );
    expect(await request('library.prepare', {}, pageRuntime())).toEqual({
      sources: 1,
    });
    await request(
      'library.import',
      { sources: [{ ...wire, id: 'wire-2', title: 'Second copy' }], origin: 'file' },
      pageRuntime(),
    );
    expect(await request('library.prepare', {}, pageRuntime())).toEqual({
      sources: 2,
    });
    const result = await request('page.analyze', { page, text: pageText }, pageRuntime());
    expect(new Set(result.report.matches.map((m) => m.sourceId))).toContain('wire');
  });

  it('reads a big page away from it with the reader it is given, and says so plainly when there is none', async () => {
    const html = `<html><head><title>Dam story</title></head><body><article><p>${pageText}</p></article></body></html>`;
    const db = await openDatabase({ factory: new IDBFactory(), name: 'reader' });
    const read: string[] = [];
    const withReader = createLibraryService({
      db,
      defaultSources: [wire],
      extractAway: async (h, url) => {
        read.push(url);
        return { ...extractArticle(parseDocument(h), { url }), readabilityMs: 1 };
      },
    });
    serveRequests(withReader.handlers, pageRuntime());
    const article = await request('page.extract', { html, url: page.url }, pageRuntime());
    expect(read).toEqual([page.url]);
    expect(article.title).toBe('Dam story');
    expect(article.text).toContain('spillway gates');
    fakeBrowser.reset();
    serveRequests(service.handlers, pageRuntime());
    await expect(request('page.extract', { html, url: page.url }, pageRuntime())).rejects.toThrow(
      'cannot read pages away from them',
    );
  });

  it('turns a failing handler into a rejected request with its message', async () => {
    serveRequests(service.handlers, pageRuntime());
    await expect(request('library.remove', { id: 'nope' }, pageRuntime())).rejects.toThrow(
      /No source with the id "nope"/,
    );
  });

  it('seeds the default library once and never again after the user removes it', async () => {
    expect(await service.seedDefaultsOnce()).toBe(1);
    await service.handlers['library.remove']({ id: 'wire' }, { tabId: null, url: null });
    expect(await service.seedDefaultsOnce()).toBe(0);
    expect(await service.handlers['library.defaults']({}, { tabId: null, url: null })).toEqual({
      total: 1,
      missing: 1,
    });
    expect(await service.handlers['library.addDefaults']({}, { tabId: null, url: null })).toEqual({
      added: 1,
    });
  });
});

describe('corrections and site settings', () => {
  const from = { tabId: null, url: null };
  it('drops a dismissed match on the next analysis of the same page', async () => {
    await service.seedDefaultsOnce();
    const first = await service.handlers['page.analyze']({ page, text: pageText }, from);
    const key = matchKey(first.report.matches[0]!);
    await service.handlers['match.dismiss']({ url: page.url, key }, from);
    const again = await service.handlers['page.analyze']({ page, text: pageText }, from);
    expect(again.report.matches).toEqual([]);
    expect(again.dismissed).toEqual([key]);
  });

  it('stops analysing and recording a site the user turned off', async () => {
    await service.seedDefaultsOnce();
    await service.handlers['site.setEnabled']({ host: 'news.example', enabled: false }, from);
    expect(await service.handlers['site.isEnabled']({ host: 'news.example' }, from)).toBe(false);
    const result = await service.handlers['page.analyze']({ page, text: pageText }, from);
    expect(result.enabled).toBe(false);
    expect(result.report.matches).toEqual([]);
    expect(await service.handlers['visits.list']({}, from)).toEqual([]);
  });

  it("applies the user's actor corrections to every analysis and to the actor popover", async () => {
    await service.seedDefaultsOnce();
    const before = await service.handlers['page.analyze']({ page, text: pageText }, from);
    const varga = before.report.actors.find((a) => a.name === 'Lena Varga');
    expect(varga).toBeDefined();
    await service.handlers['corrections.set'](
      { kind: 'actors', value: { renames: { 'Lena Varga': 'Lena Varga-Horn' } } },
      from,
    );
    const renamed = await service.handlers['page.analyze']({ page, text: pageText }, from);
    expect(renamed.report.actors.map((a) => a.name)).toContain('Lena Varga-Horn');
    const details = await service.handlers['actor.details']({ name: 'Lena Varga-Horn' }, from);
    expect(details.actor?.role).toBe(varga!.role);
    expect(details.quotes.map((q) => q.text)).toContain(
      'We will open the spillway gates on the first of May and not a single day later,',
    );
    await service.handlers['corrections.set'](
      { kind: 'actors', value: { hidden: ['Lena Varga'] } },
      from,
    );
    const hidden = await service.handlers['page.analyze']({ page, text: pageText }, from);
    expect(hidden.report.actors.map((a) => a.name)).not.toContain('Lena Varga');
    await expect(
      service.handlers['corrections.set']({ kind: 'actors', value: { hidden: 'everyone' } }, from),
    ).rejects.toThrow(/actor corrections/);
  });
});
