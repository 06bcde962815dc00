/**
 * The source vectors the semantic stage stores in IndexedDB (fake-indexeddb): the schema step that
 * adds their store keeps every record of a version-3 database; vectors are computed once, when a
 * source is added, and reused by a restarted worker; other text or another model means computing
 * them again; removing a source drops them. The last block runs the service's 'page.meaning' with
 * the real model when `npm run model` has built it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeSelection } from '../../lib/anchoring/index';
import { EMBED_ON_ADD_LIMIT } from '../../lib/db/handlers/meaning';
import { DB_VERSION, openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService } from '../../lib/db/service';
import { storedEmbeddings } from '../../lib/db/vectors-store';
import { createLibrary } from '../../lib/library';
import { NO_ANTONYMS } from '../../lib/semantic/antonyms';
import { loadNodeModel, modelBuilt, modelDir } from '../../lib/semantic/node';
import type { Source } from '../../lib/types';
import { countingEncoder } from '../helpers/counting-encoder';

const from = { tabId: null, url: null };
const PAGE = { title: null, siteName: null, published: null, byline: null, lang: null };

const source = (id: string, text?: string): Source => ({
  id,
  title: `Title ${id}`,
  outlet: 'Outlet',
  url: null,
  published: '2025-01-02',
  language: 'en',
  text:
    text ??
    `The council of ${id} voted on Monday to close the old bridge for repairs.\n“We cannot let people cross a bridge that might fall,” the mayor of ${id} said after the vote.`,
});

let factory: IDBFactory;
beforeEach(() => {
  factory = new IDBFactory();
});

describe('schema step 4 (the vectors store)', () => {
  it('keeps every record of a version-3 database and adds the store', async () => {
    const v3 = await openDatabase({ factory, name: 'v3', version: 3 });
    const before = createLibraryService({ db: v3 });
    await before.handlers['library.import']({ sources: [source('kept')], origin: 'file' }, from);
    await before.handlers['settings.set']({ key: 'some', value: { x: 1 } }, from);
    const text = source('kept').text;
    await before.handlers['annotation.save'](
      {
        draft: {
          url: 'https://news.example/a',
          selectors: describeSelection(text, 4, 11),
          note: 'a note',
          tags: ['t'],
        },
      },
      from,
    );
    expect(v3.objectStoreNames.contains('vectors')).toBe(false);
    v3.close();

    const upgraded = await openDatabase({ factory, name: 'v3' });
    expect(upgraded.version).toBe(DB_VERSION);
    expect(upgraded.objectStoreNames.contains('vectors')).toBe(true);
    const after = createLibraryService({ db: upgraded });
    expect((await after.handlers['library.list']({}, from)).map((s) => s.id)).toEqual(['kept']);
    expect(await after.handlers['settings.get']({ key: 'some' }, from)).toEqual({ x: 1 });
    expect(await after.handlers['annotation.list']({}, from)).toHaveLength(1);
    // The new store works on the upgraded database.
    const encoder = countingEncoder();
    const library = await after.getLibrary();
    const computed = await storedEmbeddings(upgraded, encoder)(library.sources[0]!);
    expect(computed.units.length).toBeGreaterThan(0);
    expect((await upgraded.get('vectors', 'kept'))?.vectors.count).toBe(computed.units.length);
  });
});

describe('stored vectors', () => {
  let db: SourcelightDatabase;
  beforeEach(async () => {
    db = await openDatabase({ factory, name: 'sl' });
  });

  it('are computed once and read back by a restarted worker', async () => {
    const [prepared] = createLibrary([source('a')]).sources;
    const first = countingEncoder();
    const a = await storedEmbeddings(db, first)(prepared!);
    expect(first.embedded).toBe(a.units.length);
    const again = countingEncoder();
    const b = await storedEmbeddings(db, again)(prepared!);
    expect(again.embedded).toBe(0);
    expect(b.units).toEqual(a.units);
    expect([...b.vectors.data]).toEqual([...a.vectors.data]);
  });

  it('are computed again for another text under the same id, or another model', async () => {
    const [old] = createLibrary([source('a')]).sources;
    await storedEmbeddings(db, countingEncoder())(old!);
    const [edited] = createLibrary([
      source('a', 'The council voted on Monday to keep the old bridge open all summer long.'),
    ]).sources;
    const encoder = countingEncoder();
    await storedEmbeddings(db, encoder)(edited!);
    expect(encoder.embedded).toBe(1);
    const other = countingEncoder('counting-2');
    await storedEmbeddings(db, other)(edited!);
    expect(other.embedded).toBe(1);
  });
});

describe('the service keeps vectors with the sources', () => {
  let db: SourcelightDatabase;
  let encoder: ReturnType<typeof countingEncoder>;
  const make = () =>
    createLibraryService({
      db,
      loadModel: async () => ({ encoder, antonyms: NO_ANTONYMS }),
    });
  beforeEach(async () => {
    db = await openDatabase({ factory, name: 'svc' });
    encoder = countingEncoder();
  });

  it('computes them when a source is added and drops them when it is removed', async () => {
    const service = make();
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    await expect.poll(async () => (await db.get('vectors', 'a'))?.vectors.count).toBeGreaterThan(0);
    await service.handlers['library.remove']({ id: 'a' }, from);
    expect(await db.get('vectors', 'a')).toBeUndefined();
  });

  it('leaves a bulk import to the pages that render it, so the import does not keep the machine busy', async () => {
    const service = make();
    const many = Array.from({ length: EMBED_ON_ADD_LIMIT + 1 }, (_, i) => source(`s${i}`));
    await service.handlers['library.import']({ sources: many, origin: 'file' }, from);
    // A source added on its own afterwards is embedded: by then a bulk embedding would have run too.
    await service.handlers['library.import']({ sources: [source('single')], origin: 'file' }, from);
    await expect.poll(async () => (await db.get('vectors', 'single'))?.id).toBe('single');
    expect(await db.getAllKeys('vectors')).toEqual(['single']);
  });

  it('says plainly that matching through meaning is off when the build has no model', async () => {
    const service = createLibraryService({ db });
    await service.handlers['library.import']({ sources: [source('a')], origin: 'file' }, from);
    const text = source('a').text;
    const answer = await service.handlers['page.meaning'](
      { page: { ...PAGE, url: 'https://news.example/a' }, text },
      from,
    );
    expect(answer.matches).toEqual([]);
    expect(answer.status).toEqual({
      state: 'unavailable',
      reason: 'this build has no sentence model',
    });
  });
});

const built = modelBuilt();
if (!built)
  console.log(
    `Skipping the service test with the sentence model: ${modelDir()} is missing (run npm run model first).`,
  );

describe.skipIf(!built)('page.meaning with the real model', () => {
  it('links a reworded quote of a source the page renders, after the page was analysed', async () => {
    const db = await openDatabase({ factory, name: 'real' });
    const service = createLibraryService({ db, loadModel: () => loadNodeModel() });
    const river = source(
      'river',
      [
        "Belvoria's foreign minister Maren Oskelund met the river commission in Tarsk on Tuesday to discuss the new dam on the Ilva.",
        '“Our government will protect the farmers who depend on the river,” Oskelund said after the meeting.',
      ].join('\n'),
    );
    await service.handlers['library.import']({ sources: [river], origin: 'file' }, from);
    const text = `${river.text.split('\n')[0]}\n“We are going to stand up for the farmers whose livelihoods rely on this river,” Oskelund told reporters.`;
    const page = { ...PAGE, url: 'https://news.example/river' };
    const lexical = await service.handlers['page.analyze']({ page, text }, from);
    expect(lexical.report.matches.some((m) => m.pageText.includes('stand up'))).toBe(false);
    const answer = await service.handlers['page.meaning']({ page, text }, from);
    expect(answer.status).toEqual({ state: 'ready' });
    expect(answer.matches).toHaveLength(1);
    expect(answer.matches[0]).toMatchObject({ via: 'meaning', sourceId: 'river' });
    expect(answer.matches[0]!.pageText).toContain('stand up for the farmers');
    expect(answer.sources.river?.title).toBe('Title river');
    // The source's vectors were stored when it was added (or at the latest for this page).
    expect((await db.get('vectors', 'river'))?.vectors.count).toBeGreaterThan(0);
    // The dashboard's record of the visit has the link too, once however often the page asks.
    await service.handlers['page.meaning']({ page, text }, from);
    const [visit] = await service.handlers['visits.list']({}, from);
    const viaMeaning = visit!.matches.filter((m) => m.via === 'meaning');
    expect(viaMeaning).toHaveLength(1);
    expect(viaMeaning[0]!.pageText).toContain('stand up for the farmers');
    expect(visit!.matches.length).toBe(lexical.report.matches.length + 1);
  }, 120_000);
});
