import { describe, expect, it } from 'vitest';
import {
  actorByName,
  applyCorrections,
  checkCorrections,
  createActorIndex,
  extractSourceActors,
  findActors,
} from '../../lib/actors/index';
import { phoneticKey, romanise, sameNameWord } from '../../lib/actors/phonetic';
import { createLibrary } from '../../lib/library';
import type { ActorHit, Source } from '../../lib/types';

// An invented story: every name below is made up for these tests.
const WIRE: Source = {
  id: 'wire',
  title: 'Ruritania talks',
  outlet: 'Example Wire',
  url: null,
  published: null,
  language: 'en',
  text: [
    'Ruritania’s Foreign Minister Alma Verhoeven told The Daily Beacon on Monday that talks with Strelsau could resume within weeks.',
    'Verhoeven said the Ruritanian Interior Ministry had been asked to prepare border crossings in Zenda and along the Elphberg Road.',
    'The Grand Chancellor’s office declined to comment. Ruritania’s Grand Chancellor Ottokar Nuñez has opposed any concession.',
    '“We are not in a hurry,” Nuñez said in a speech at the Palace of Justice.',
    'Special envoy Dmitri Kholodov, who mediated the last round, is expected in Zenda on Friday.',
    'The UN Refugee Agency, which has staff at the border, welcomed the statement; the United Nations has long urged both sides to talk.',
  ].join('\n'),
};

const LEDGER: Source = {
  ...WIRE,
  id: 'ledger',
  text: 'Foreign Minister Alma Verhoeven met envoy Kholodov again on Tuesday. Verhoeven said nothing after the meeting.',
};

const library = createLibrary([WIRE, LEDGER]);
const names = (hits: ActorHit[]) => hits.map((h) => h.name).sort();
const mentionsOf = (hits: ActorHit[], name: string) =>
  hits.find((h) => h.name === name)?.mentions.map((m) => m.text) ?? [];

describe('extractSourceActors', () => {
  const actors = extractSourceActors(WIRE);
  const byName = (n: string) => actors.find((a) => a.name === n);

  it('lists people with the role the source gives them', () => {
    expect(byName('Alma Verhoeven')).toMatchObject({
      type: 'person',
      role: 'foreign minister of Ruritania',
      surname: 'Verhoeven',
    });
    expect(byName('Ottokar Nuñez')?.role).toBe('grand chancellor of Ruritania');
    expect(byName('Dmitri Kholodov')?.type).toBe('person');
  });

  it('lists organisations, with the bare form of a qualified body as an alias', () => {
    expect(byName('The Daily Beacon')?.type).toBe('organization');
    expect(byName('Ruritanian Interior Ministry')?.aliases).toContain('Interior Ministry');
    expect(byName('UN Refugee Agency')?.aliases).toContain('Refugee Agency of the United Nations');
  });

  it('keeps a title the source uses on its own as a descriptor of its one holder', () => {
    expect(byName('Ottokar Nuñez')?.descriptors).toEqual(['Grand Chancellor']);
  });

  it('does not turn places, roads, buildings or sentence openers into actors', () => {
    const all = actors.map((a) => a.name).join(' | ');
    for (const place of [
      'Ruritania',
      'Strelsau',
      'Zenda',
      'Elphberg Road',
      'Palace of Justice',
      'Special',
      'Monday',
    ]) {
      expect(actors.some((a) => a.name === place)).toBe(false);
    }
    expect(all).not.toMatch(/United Nations$/);
  });

  it('returns plain JSON that survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(actors))).toEqual(actors);
  });

  it('ignores credit lines and trailing promotion', () => {
    const withCredits: Source = {
      ...WIRE,
      id: 'c',
      text: `${WIRE.text}\nSubscribe to the Beacon Morning Brief for the latest news.\n© 2026 Beacon Media Group. All rights reserved.`,
    };
    const list = extractSourceActors(withCredits).map((a) => a.name);
    expect(list).not.toContain('Beacon Media Group');
    expect(list).not.toContain('Beacon Morning Brief');
  });
});

describe('findActors: mentions', () => {
  it('finds full names, surnames alone, titles and possessives, with exact offsets', () => {
    const page =
      'Minister Verhoeven arrived late. Alma Verhoeven’s aides said Verhoeven would speak on Tuesday.';
    const hits = findActors(page, library);
    expect(mentionsOf(hits, 'Alma Verhoeven')).toEqual([
      'Verhoeven',
      'Alma Verhoeven',
      'Verhoeven',
    ]);
    for (const h of hits)
      for (const m of h.mentions) expect(page.slice(m.start, m.end)).toBe(m.text);
    expect(hits[0]).toMatchObject({
      role: 'foreign minister of Ruritania',
      sourceIds: ['wire', 'ledger'],
    });
  });

  it('ignores case and diacritics in names', () => {
    const hits = findActors('GRAND CHANCELLOR OTTOKAR NUNEZ spoke. Later Nunez left.', library);
    expect(mentionsOf(hits, 'Ottokar Nuñez')).toEqual(['OTTOKAR NUNEZ', 'Nunez']);
  });

  it('finds the descriptor the source uses, with "the" or the right country', () => {
    expect(
      names(findActors('The decision rests with the grand chancellor, officials said.', library)),
    ).toEqual(['Ottokar Nuñez']);
    expect(
      names(findActors('The decision rests with Ruritania’s Grand Chancellor.', library)),
    ).toEqual(['Ottokar Nuñez']);
    expect(
      names(findActors('Grand Chancellor Wilhelm Braun of Bohemia disagreed.', library)),
    ).toEqual([]);
  });

  it('finds a transliterated surname next to a person’s context, and not without it', () => {
    expect(names(findActors('Envoy Holodov arrived on Friday.', library))).toEqual([
      'Dmitri Kholodov',
    ]);
    expect(names(findActors('“Talks will resume,” Kholodoff said.', library))).toEqual([
      'Dmitri Kholodov',
    ]);
    expect(names(findActors('Dmitri Kholodow landed in the capital.', library))).toEqual([
      'Dmitri Kholodov',
    ]);
    expect(names(findActors('The Holodov family owns the bakery.', library))).toEqual([]);
  });

  it('finds a name written in another script', () => {
    expect(names(findActors('вчера Холодов сказал', library))).toEqual(['Dmitri Kholodov']);
  });

  it('rejects another person with the same surname', () => {
    const page =
      'Piet Verhoeven, a baker in Zenda, said the border was quiet. Verhoeven has lived there for years.';
    expect(names(findActors(page, library))).toEqual([]);
  });

  it('keeps the actor when the page names both the actor and a namesake', () => {
    const page =
      'Piet Verhoeven sells bread. Alma Verhoeven visited his shop; Verhoeven bought rye.';
    expect(mentionsOf(findActors(page, library), 'Alma Verhoeven')).toEqual([
      'Alma Verhoeven',
      'Verhoeven',
    ]);
  });

  it('rejects a first name that equals an actor’s surname, and a street named after someone', () => {
    expect(names(findActors('Verhoeven Street was closed. Nunez Park reopened.', library))).toEqual(
      [],
    );
    expect(names(findActors('The singer Kholodov Brandt said he would tour.', library))).toEqual(
      [],
    );
  });

  it('ignores names in a list of headline links', () => {
    const page = [
      'Ruritania reopens its border after a week of talks.',
      'Related',
      'Verhoeven to visit Strelsau',
      'Nuñez under pressure at home',
      'Markets rally on peace hopes',
    ].join('\n');
    expect(findActors(page, library)).toEqual([]);
  });

  it('finds organisations, written bare or rearranged, but not a different country’s body', () => {
    const page =
      'The daily beacon reported it. The Interior Ministry confirmed. The Refugee Agency of the United Nations agreed.';
    expect(names(findActors(page, library))).toEqual([
      'Ruritanian Interior Ministry',
      'The Daily Beacon',
      'UN Refugee Agency',
    ]);
    expect(names(findActors('Bohemia’s Interior Ministry denied it.', library))).toEqual([]);
  });

  it('returns nothing for an empty page or an empty library', () => {
    expect(findActors('', library)).toEqual([]);
    expect(findActors('Alma Verhoeven spoke.', createLibrary([]))).toEqual([]);
  });
});

describe('corrections', () => {
  const actors = createActorIndex([WIRE, LEDGER]);

  it('renames an actor and keeps finding it by its written forms', () => {
    const hits = findActors('Verhoeven spoke.', library, {
      renames: { 'person:alma verhoeven': 'Alma J. Verhoeven' },
    });
    expect(names(hits)).toEqual(['Alma J. Verhoeven']);
  });

  it('merges two actors into one', () => {
    const merged = applyCorrections(actors, { merges: [['Alma Verhoeven', 'Dmitri Kholodov']] });
    expect(merged.some((a) => a.name === 'Dmitri Kholodov')).toBe(false);
    const hits = findActors('Kholodov and Verhoeven met.', library, {
      merges: [['Alma Verhoeven', 'Dmitri Kholodov']],
    });
    expect(hits.map((h) => [h.name, h.mentions.length])).toEqual([['Alma Verhoeven', 2]]);
  });

  it('adds and removes aliases', () => {
    const corrections = {
      aliasesAdded: { 'Alma Verhoeven': ['the Iron Lady of Zenda'] },
      aliasesRemoved: { 'Ottokar Nuñez': ['Nuñez'] },
    };
    const hits = findActors('The Iron Lady of Zenda met Nuñez.', library, corrections);
    expect(names(hits)).toEqual(['Alma Verhoeven']);
  });

  it('hides an actor', () => {
    expect(
      findActors('Alma Verhoeven spoke.', library, { hidden: ['person:alma verhoeven'] }),
    ).toEqual([]);
  });

  it('skips corrections that name actors no longer in the library', () => {
    expect(
      applyCorrections(actors, { renames: { 'person:nobody': 'X' }, hidden: ['gone'] }),
    ).toHaveLength(actors.length);
  });

  it('explains malformed corrections', () => {
    expect(checkCorrections({ merges: [['a']] })).toMatch(/pairs/);
    expect(checkCorrections({ hidden: ['a'] })).toBeNull();
  });

  it('gives the popover the merged actor for a name', () => {
    expect(actorByName(library, 'Alma Verhoeven')).toMatchObject({
      role: 'foreign minister of Ruritania',
      sourceIds: ['wire', 'ledger'],
    });
    expect(actorByName(library, 'Nobody Known')).toBeUndefined();
  });
});

describe('phonetic keys', () => {
  it('fold transliteration variants of one name together and keep different names apart', () => {
    expect(phoneticKey('Kholodov')).toBe(phoneticKey('Holodov'));
    expect(phoneticKey('Baqhdashi')).toBe(phoneticKey('Baghdashi'));
    expect(phoneticKey('Rezeschkov')).toBe(phoneticKey('Rezeshkov'));
    expect(sameNameWord('Moradi', 'Mourady')).toBe(true);
    expect(sameNameWord('Moradi', 'Morales')).toBe(false);
    expect(sameNameWord('Ali', 'Ari')).toBe(false);
  });

  it('romanise Devanagari and Cyrillic letter by letter', () => {
    expect(romanise('मोरादी')).toBe('moradi');
    expect(phoneticKey('मोरादी')).toBe(phoneticKey('Moradi'));
    expect(romanise('Холодов')).toBe('kholodov');
    expect(phoneticKey('Chołodov')).toBe(phoneticKey('Cholodov'));
  });
});

describe('extractSourceActors: speech alone', () => {
  it('does not take a body quoted with "said" for a person', () => {
    const src: Source = {
      ...WIRE,
      id: 'ngo',
      text: 'Open Borders Watch said the crossings were full. The White House said it was watching. Marta Ilves said she would stay in her house.',
    };
    const list = extractSourceActors(src);
    expect(list.find((a) => a.name === 'Marta Ilves')?.type).toBe('person');
    expect(list.some((a) => a.type === 'person' && /Watch|House/.test(a.name))).toBe(false);
  });
});
