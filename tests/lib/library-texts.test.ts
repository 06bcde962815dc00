import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { NO_ANTONYMS } from '../../lib/semantic/antonyms';
import type { Source } from '../../lib/types';
import { countingEncoder } from '../helpers/counting-encoder';
import { wokenService } from '../helpers/woken-service';
import { HARBOUR_RECORD, STORY_PAGE, STORY_PAGE_TEXT, STORY_SOURCES } from '../helpers/dam-source';

// Whether the page's likely sources are foreseen: off, every text the matching reads is a surprise.
const state = vi.hoisted(() => ({ foresee: true }));
vi.mock('../../lib/match/likely-sources', async (original) => {
  const real = await original<typeof import('../../lib/match/likely-sources')>();
  return {
    likelySources: (text: string, library: Parameters<typeof real.likelySources>[1]) =>
      state.foresee ? real.likelySources(text, library) : new Set<number>(),
  };
});

// Invented sources: the page quotes the dam story and copies the harbour story; the others are about
// something else. In key order the library holds a-mill, b-orchard, dam, harbour, z-rail: a waking
// worker checks the first, middle and last against its index, so b-orchard is read by nobody.
const other = (id: string, text: string): Source => ({ ...HARBOUR_RECORD, id, title: id, text });
const sources: Source[] = [
  ...STORY_SOURCES,
  other('a-mill', 'The old paper mill at Dressa reopens as a museum of printing next spring.'),
  other(
    'b-orchard',
    'Apple growers in the Lindvale expect a late harvest after a cold and wet April.',
  ),
  other('z-rail', 'A night train between Korsa and Vellin will run twice a week from October.'),
];
const page = STORY_PAGE;
const pageText = STORY_PAGE_TEXT;

let db: SourcelightDatabase;
/** The ids of the source records read, in order. */
let sourceReads: string[] = [];
/** The keys of the cache entries read, in order (the texts of every source are one entry). */
let cacheReads: string[] = [];

/** A fresh service over the same database (a worker's wake), and its answer for the page. */
async function wake(options: { withModel?: boolean } = {}) {
  fakeBrowser.reset();
  const service = wokenService(db, sources, {
    loadModel: options.withModel
      ? async () => ({ encoder: countingEncoder(), antonyms: NO_ANTONYMS })
      : undefined,
  });
  await service.seedDefaultsOnce();
  sourceReads = [];
  cacheReads = [];
  const { report } = await service.handlers['page.analyze'](
    { page, text: pageText },
    { tabId: 1, url: page.url },
  );
  return {
    service,
    matches: report.matches.map((m) => `${m.kind}:${m.sourceId}:${m.pageStart}-${m.pageEnd}`),
  };
}

beforeEach(async () => {
  db = await openDatabase({ factory: new IDBFactory(), name: 'library-texts' });
  state.foresee = true;
  const get = IDBObjectStore.prototype.get;
  vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (
    this: IDBObjectStore,
    key: IDBValidKey | IDBKeyRange,
  ) {
    if (this.name === 'sources') sourceReads.push(String(key));
    if (this.name === 'cache') cacheReads.push(String(key));
    return get.call(this, key);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The mark the worker sets when a page met a source whose text was not read. */
const MISSED = 'sourcelight:texts-missed';

/** Waits until the library is stored (index and texts), as a worker leaves it before it is stopped. */
const stored = () =>
  vi.waitFor(async () => expect(await db.get('cache', 'stem-index-texts')).toBeDefined());

describe("a waking worker's source texts", () => {
  it('are read for the sources the page meets, not for the others, and it matches the same', async () => {
    const first = await wake();
    expect(first.matches.map((m) => m.split(':')[1])).toEqual(['dam', 'harbour']);
    await stored();
    performance.clearMarks(MISSED);
    const woken = await wake();
    expect(woken.matches).toEqual(first.matches);
    expect(performance.getEntriesByName(MISSED)).toHaveLength(0);
    expect(sourceReads).toContain('dam');
    expect(sourceReads).toContain('harbour');
    expect(sourceReads).not.toContain('b-orchard');
    // Everything else gets every text.
    const lib = await woken.service.getLibrary();
    expect(lib.sources.map((p) => p.source.text)).toEqual(
      [...sources].sort((a, b) => (a.id < b.id ? -1 : 1)).map((s) => s.text),
    );
  });

  it('are not all read by the meaning pass that follows the page, nor when no model loads', async () => {
    await wake({ withModel: true });
    await stored();
    for (const withModel of [true, false]) {
      const woken = await wake({ withModel });
      const before = { sources: [...sourceReads], cache: [...cacheReads] };
      const answer = await woken.service.handlers['page.meaning'](
        { page, text: pageText },
        { tabId: 1, url: page.url },
      );
      expect(answer.status.state).toBe(withModel ? 'ready' : 'unavailable');
      expect(cacheReads).not.toContain('stem-index-texts');
      expect(sourceReads).not.toContain('b-orchard');
      // Without a model, nothing more is read at all.
      if (!withModel) expect({ sources: sourceReads, cache: cacheReads }).toEqual(before);
    }
  });

  it('are all read, and the page matched again, when matching meets a source not foreseen', async () => {
    const first = await wake();
    await stored();
    state.foresee = false;
    performance.clearMarks(MISSED);
    const woken = await wake();
    expect(woken.matches).toEqual(first.matches);
    expect(performance.getEntriesByName(MISSED)).toHaveLength(1);
  });
});
