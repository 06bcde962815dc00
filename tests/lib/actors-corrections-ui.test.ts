/**
 * Actor corrections as the options page makes them: the edits of components/library/actor-edits.ts
 * saved through the background's 'corrections.set', read back through 'actors.list', and felt in
 * 'page.analyze'. The invented sources carry the kind of mistakes users correct: one body written
 * two ways ("Kessel Harbour Authority", "Harbour Authority of Kessel") and a company read as a person.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  actorMatchesQuery,
  addActorAlias,
  aliasChips,
  mergeActorInto,
  removeActorAlias,
  renameActor,
  setActorHidden,
} from '../../components/library/actor-edits';
import type { ActorCorrections } from '../../lib/actors/index';
import { openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import type { ActorList, ActorListEntry, PageInfo } from '../../lib/messages';
import type { Source } from '../../lib/types';

const port: Source = {
  id: 'port',
  title: 'Ferry line to sail through winter',
  outlet: 'Kessel Post',
  url: 'https://post.example/ferry',
  published: '2025-11-02',
  language: 'en',
  text: [
    'The Kessel Harbour Authority said on Monday that the northern ferry line would keep sailing through the winter.',
    '"We will keep the boats running whatever the weather," harbour master Ilse Marrow told reporters in Kessel.',
    'Transport Minister Oren Falk said the government would pay for a new breakwater next year.',
  ].join('\n'),
};
const wire: Source = {
  id: 'wire',
  title: 'Kessel ferry plan wins island support',
  outlet: 'Wire',
  url: 'https://wire.example/ferry',
  published: '2025-11-03',
  language: 'en',
  text: [
    'Islanders welcomed the plan, the Harbour Authority of Kessel said on Tuesday.',
    'Marrow said crews had trained for storms, and Falk promised money for repairs.',
    'Ferry operator Nordlys Lines said its three boats had passed inspection.',
  ].join('\n'),
};

const from = { tabId: null, url: null };
const page = (n: number): PageInfo => ({
  url: `https://news.example/ferry-${n}`,
  title: 'Ferry story',
  siteName: 'News',
  published: null,
  byline: null,
  lang: 'en',
});
const PAGE_TEXT = [
  'Harbour master Ilse Marrow said the ferries would run all winter.',
  'Nordlys Lines said the boats were sound, and the Harbour Authority of Kessel backed the plan.',
].join('\n');

let service: LibraryService;
let db: SourcelightDatabase;
let pages = 0;

const list = () => service.handlers['actors.list']({}, from) as Promise<ActorList>;
const save = (value: ActorCorrections) =>
  service.handlers['corrections.set']({ kind: 'actors', value }, from);
const actorNames = async (text: string) =>
  (await service.handlers['page.analyze']({ page: page(++pages), text }, from)).report.actors
    .map((a) => a.name)
    .sort();
const named = (l: ActorList, name: string): ActorListEntry => {
  const a = l.actors.find((x) => x.name === name);
  if (!a) throw new Error(`no actor "${name}" in ${l.actors.map((x) => x.name).join(', ')}`);
  return a;
};

beforeEach(async () => {
  db = await openDatabase({ factory: new IDBFactory(), name: 'actors-ui' });
  service = createLibraryService({ db, now: () => 1_000 });
  await service.handlers['library.import']({ sources: [port, wire], origin: 'file' }, from);
});

describe("'actors.list' for the options page", () => {
  it('lists each actor with its type, role, the titles of the sources naming it, and no corrections yet', async () => {
    const l = await list();
    expect(l.corrections).toEqual({});
    const falk = named(l, 'Oren Falk');
    expect(falk).toMatchObject({ type: 'person', role: 'transport minister', hidden: false });
    expect(falk.sources).toContainEqual({ id: 'port', title: 'Ferry line to sail through winter' });
    expect(falk.aliases).toContain('Falk');
    expect(l.actors.every((a) => !a.hidden)).toBe(true);
  });

  it('reflects a rename, a merge and a hidden actor, which stays listed as hidden, and Undo restores the list', async () => {
    const before = await list();
    const baseline = await actorNames(PAGE_TEXT);
    expect(baseline).toEqual(
      expect.arrayContaining(['Ilse Marrow', 'Nordlys Lines', 'Harbour Authority of Kessel']),
    );

    const marrow = named(before, 'Ilse Marrow');
    let c = renameActor(before.corrections, marrow, 'Ilse Marrow-Lind');
    c = mergeActorInto(
      c,
      named(before, 'Harbour Authority of Kessel'),
      named(before, 'Kessel Harbour Authority'),
    );
    c = setActorHidden(c, named(before, 'Nordlys Lines'), true);
    await save(c);

    const after = await list();
    expect(after.corrections).toEqual(c);
    const renamed = after.actors.find((a) => a.id === marrow.id)!;
    expect(renamed.name).toBe('Ilse Marrow-Lind');
    expect(renamed.aliases).toContain('Ilse Marrow');
    expect(after.actors.some((a) => a.name === 'Harbour Authority of Kessel')).toBe(false);
    const authority = named(after, 'Kessel Harbour Authority');
    expect(authority.aliases).toContain('Harbour Authority of Kessel');
    expect(authority.sources.map((s) => s.title).sort()).toEqual([port.title, wire.title].sort());
    const company = named(after, 'Nordlys Lines');
    expect(company.hidden).toBe(true);
    expect(after.actors.filter((a) => a.hidden)).toHaveLength(1);

    // What a reader then sees on a page: the new name, one authority, no hidden company.
    const seen = await actorNames(PAGE_TEXT);
    expect(seen).toContain('Ilse Marrow-Lind');
    expect(seen).toContain('Kessel Harbour Authority');
    expect(seen).not.toContain('Nordlys Lines');
    expect(seen).not.toContain('Harbour Authority of Kessel');

    // Show again, then Undo back to the corrections in force before any change.
    await save(setActorHidden(after.corrections, company, false));
    expect(named(await list(), 'Nordlys Lines').hidden).toBe(false);
    await save(before.corrections);
    expect(await list()).toEqual(before);
    expect(await actorNames(PAGE_TEXT)).toEqual(baseline);
  });

  it('removes an alias from matching and adds it back, lifting the removal', async () => {
    const l = await list();
    const falk = named(l, 'Oren Falk');
    const text = 'Falk promised money for the breakwater on Friday.';
    expect(await actorNames(text)).toContain('Oren Falk');

    const removed = removeActorAlias(l.corrections, falk, 'Falk');
    await save(removed);
    const without = named(await list(), 'Oren Falk');
    expect(without.aliases).not.toContain('Falk');
    expect(without.removedAliases).toContain('Falk');
    expect(await actorNames(text)).not.toContain('Oren Falk');

    const back = addActorAlias(removed, without, 'falk');
    expect(back.aliasesRemoved).toBeUndefined();
    await save(back);
    expect(await actorNames(text)).toContain('Oren Falk');
  });

  it('rejects malformed corrections with a message and keeps the list readable when the stored value is broken', async () => {
    await expect(save({ hidden: 'Oren Falk' } as unknown as ActorCorrections)).rejects.toThrow(
      /"hidden" must be a list/,
    );
    await db.put('corrections', {
      key: 'actors',
      kind: 'actors',
      value: { merges: 'all' },
      updatedAt: 1,
    });
    const l = await list();
    expect(l.corrections).toEqual({});
    expect(l.actors.length).toBeGreaterThan(0);
  });

  it('answers an empty library with an empty list', async () => {
    const empty = createLibraryService({
      db: await openDatabase({ factory: new IDBFactory(), name: 'empty' }),
    });
    expect(await empty.handlers['actors.list']({}, from)).toEqual({ actors: [], corrections: {} });
  });
});

describe('actor edits of the options page', () => {
  const actor: ActorListEntry = {
    id: 'person:jose alvarez',
    name: 'José Álvarez',
    type: 'person',
    role: 'mayor of Lunde',
    sources: [{ id: 's1', title: 'Lunde bridge reopens' }],
    aliases: ['Mayor José Álvarez', 'José Álvarez', 'Álvarez'],
    descriptors: ['the mayor'],
    removedAliases: [],
    hidden: false,
  };

  it('finds actors by name without accents, by alias, role, type and source title', () => {
    expect(actorMatchesQuery(actor, 'alvarez')).toBe(true);
    expect(actorMatchesQuery(actor, 'MAYOR lunde')).toBe(true);
    expect(actorMatchesQuery(actor, 'bridge')).toBe(true);
    expect(actorMatchesQuery(actor, 'person')).toBe(true);
    expect(actorMatchesQuery(actor, 'organisation')).toBe(false);
    expect(actorMatchesQuery(actor, 'alvarez senate')).toBe(false);
  });

  it('shows aliases as chips without repeating the display name', () => {
    expect(aliasChips(actor)).toEqual(['Mayor José Álvarez', 'Álvarez']);
  });

  it('an empty new name drops the rename; hiding twice lists the actor once; merging into itself changes nothing', () => {
    const renamed = renameActor({}, actor, '  Pepe   Álvarez ');
    expect(renamed.renames).toEqual({ [actor.id]: 'Pepe Álvarez' });
    expect(renameActor(renamed, actor, '   ')).toEqual({});
    expect(setActorHidden(setActorHidden({}, actor, true), actor, true).hidden).toEqual([actor.id]);
    expect(setActorHidden({ hidden: ['José Álvarez'] }, actor, false)).toEqual({});
    expect(mergeActorInto({}, actor, actor)).toEqual({});
  });
});
