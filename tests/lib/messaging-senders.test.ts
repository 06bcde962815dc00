// The background serves only Sourcelight's own pages and its content script, checks every
// payload's shape, and binds a content script's writes to the page the browser says it is on.
// Through real runtime messaging (WXT's fake browser) and a real IndexedDB (fake-indexeddb).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import { type PageInfo, matchKey } from '../../lib/messages';
import { request, serveRequests } from '../../lib/messaging/index';
import { contentRuntime, pageRuntime, runtimeAs } from '../helpers/runtime';
import { DAM_OPENING, damSource } from '../helpers/dam-source';

const wire = damSource(
  DAM_OPENING,
  '"We will open the spillway gates on the first of May and not a single day later," Varga told reporters in Mirelle.',
);
const PAGE_URL = 'https://news.example/story';
const page: PageInfo = {
  url: PAGE_URL,
  title: 'Dam story',
  siteName: 'News',
  published: null,
  byline: null,
  lang: 'en',
};
const text =
  'A story.\n"We will open the spillway gates on the first of May and not a single day later," Varga told reporters.';

let db: SourcelightDatabase;
let service: LibraryService;

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openDatabase({ factory: new IDBFactory(), name: 'senders' });
  service = createLibraryService({ db, defaultSources: [wire], now: () => 5 });
  await service.seedDefaultsOnce();
  serveRequests(service.handlers, fakeBrowser.runtime as never);
});

const corrections = async () => (await db.getAll('corrections')).map((c) => c.key).sort();

describe('who may ask the background', () => {
  it("refuses another extension, and a sender that is neither Sourcelight's page nor a tab", async () => {
    const other = runtimeAs({ id: 'someone-else', url: 'chrome-extension://someone-else/x.html' });
    await expect(request('library.export', {}, other)).rejects.toThrow(/only its own/);
    const tabless = runtimeAs({ id: fakeBrowser.runtime.id, url: 'https://evil.example/' });
    await expect(request('library.list', {}, tabless)).rejects.toThrow(/only its own/);
    // Sourcelight's own options page is served.
    expect((await request('library.list', {}, pageRuntime())).map((s) => s.id)).toEqual(['wire']);
  });

  it('serves a content script only the requests the overlay needs', async () => {
    const content = contentRuntime(PAGE_URL);
    for (const name of ['library.export', 'library.list', 'settings.get', 'visits.list'] as const) {
      const payload = name === 'settings.get' ? { key: 'x' } : {};
      await expect(request(name, payload as never, content)).rejects.toThrow(/may not send/);
    }
    await expect(request('library.remove', { id: 'wire' }, content)).rejects.toThrow(
      /may not send/,
    );
    await expect(
      request('site.setEnabled', { host: 'news.example', enabled: false }, content),
    ).rejects.toThrow(/may not send/);
    // Nothing was removed or switched off.
    expect(await db.getAllKeys('sources')).toEqual(['wire']);
    expect(await db.get('settings', 'site:news.example')).toBeUndefined();
    const result = await request('page.analyze', { page, text }, content);
    expect(result.report.matches.map((m) => m.sourceId)).toEqual(['wire']);
  });

  it('binds a dismissal to the page the browser reports, not the one the message names', async () => {
    const content = contentRuntime(PAGE_URL);
    const { report } = await request('page.analyze', { page, text }, content);
    const key = matchKey(report.matches[0]!);
    await request('match.dismiss', { url: 'https://victim.example/other', key }, content);
    expect(await corrections()).toEqual([`dismissed:${PAGE_URL}`]);
  });

  it("refuses a content script's note for another site, or an edit of an existing note", async () => {
    const content = contentRuntime(PAGE_URL);
    const draft = {
      url: 'https://elsewhere.example/page',
      pageTitle: null,
      selectors: [{ type: 'TextQuoteSelector' as const, exact: 'x', prefix: '', suffix: '' }],
      note: 'planted',
      tags: [],
    };
    await expect(request('annotation.save', { draft }, content)).rejects.toThrow(
      /only be saved for the page/,
    );
    const own = await request('annotation.save', { draft: { ...draft, url: PAGE_URL } }, content);
    await expect(
      request('annotation.save', { draft: { ...draft, url: PAGE_URL, id: own.id } }, content),
    ).rejects.toThrow(/cannot change an existing annotation/);
    const stored = await db.getAll('annotations');
    expect(stored.map((a) => a.target.source)).toEqual([PAGE_URL]);
    expect(stored[0]!.body).toEqual(own.body);
  });

  it('answers a malformed payload with an error and changes nothing', async () => {
    const content = contentRuntime(PAGE_URL);
    await expect(
      request('match.dismiss', { url: PAGE_URL, key: 42 } as never, content),
    ).rejects.toThrow(/Malformed "match.dismiss" request: the payload field "key" is not text/);
    await expect(request('page.analyze', { page, text: null } as never, content)).rejects.toThrow(
      /Malformed/,
    );
    await expect(request('nonsense' as never, {} as never, pageRuntime())).rejects.toThrow(
      /Unknown request "nonsense"/,
    );
    await expect(request('constructor' as never, {} as never, pageRuntime())).rejects.toThrow(
      /Unknown request/,
    );
    expect(await corrections()).toEqual([]);
    expect(await db.getAll('visits')).toEqual([]);
  });
});
