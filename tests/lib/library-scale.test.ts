import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ACTOR_RULES_VERSION, extractSourceActors, findActors } from '../../lib/actors/index';
import { openDatabase, type StoredSource } from '../../lib/db/schema';
import { createLibraryService } from '../../lib/db/service';
import { createLibrary, prepareSource, stemPostings, stemSentenceCount } from '../../lib/library';
import { distinctPostings } from '../../lib/match/distinct-postings';
import { topSentences, type Seed } from '../../lib/match/top-sentences';
import { matchText } from '../../lib/match/index';
import type { Source } from '../../lib/types';

const source = (id: string, text: string): Source => ({
  id,
  title: id,
  outlet: null,
  url: null,
  published: null,
  language: 'en',
  text,
});

/** Scoring every posting of every seed, seed by seed: what `topSentences` must return without doing it. */
function scoreEveryPosting(seeds: Seed[], minScore: number, k: number) {
  const scores = new Map<number, number>();
  for (const seed of seeds)
    for (const id of seed.list) scores.set(id, (scores.get(id) ?? 0) + seed.weight);
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .filter(([, score]) => score >= minScore)
    .map(([id, score]) => ({ id, score }));
}

describe('candidate retrieval (topSentences)', () => {
  // Few distinct weights and short id ranges make ties and shared sentences common.
  const seedArb = fc.record({
    weight: fc.oneof(
      fc.constantFrom(0.3, 0.5, 0.55, 0.6, 1),
      fc.double({ min: 0.1, max: 1, noNaN: true }),
    ),
    // Short and long lists: the first seed's sentences are scored up front only when they are few.
    list: fc
      .oneof(
        fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 60, maxLength: 150 }),
      )
      .map((ids) => Int32Array.from(ids.sort((a, b) => a - b))),
  });

  it('finds exactly the best sentences that scoring every posting finds, in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(seedArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(0, 0.6, 1.2, 1.5, 2.5),
        fc.integer({ min: 1, max: 8 }),
        (seeds, minScore, k) => {
          const expected = scoreEveryPosting(seeds, minScore, k);
          // Pruned walk, reading every posting, and the default choice between them.
          expect(topSentences(seeds, minScore, k, { walkAllBelow: 0 })).toEqual(expected);
          expect(topSentences(seeds, minScore, k, { walkAllBelow: Infinity })).toEqual(expected);
          expect(topSentences(seeds, minScore, k)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('still finds the one sentence holding every rare seed when common seeds hold thousands', () => {
    const common = Int32Array.from({ length: 20_000 }, (_, i) => i * 3);
    const rare = Int32Array.from([7, 31_416, 50_001]);
    const seeds: Seed[] = [
      { weight: 0.95, list: Int32Array.from([31_416, 40_000]) },
      { weight: 0.9, list: rare },
      { weight: 0.4, list: common },
      { weight: 0.35, list: Int32Array.from({ length: 20_000 }, (_, i) => i * 3 + 1) },
    ];
    expect(topSentences(seeds, 1.5, 6)).toEqual(scoreEveryPosting(seeds, 1.5, 6));
    // 31,416 is also a multiple of 3: it holds the first common seed too.
    expect(topSentences(seeds, 1.5, 6)[0]).toEqual({ id: 31_416, score: 0.95 + 0.9 + 0.4 });
  });
});

it('keeps one of several copies of a sentence, so the copies do not take every place', () => {
  // Sentences 10-14 are copies (one hash); 40 holds the same seeds less one.
  const copies = [10, 11, 12, 13, 14];
  const seeds: Seed[] = [
    { weight: 0.9, list: Int32Array.from([...copies, 40]) },
    { weight: 0.8, list: Int32Array.from(copies) },
  ];
  const hashes = new Int32Array(50).map((_, i) => (copies.includes(i) ? 7 : i + 100));
  expect(topSentences(seeds, 0.5, 3).map((t) => t.id)).toEqual([10, 11, 12]);
  for (const walkAllBelow of [0, Infinity])
    expect(topSentences(seeds, 0.5, 3, { walkAllBelow, hashes })).toEqual([
      { id: 10, score: 0.9 + 0.8 },
      { id: 40, score: 0.9 },
    ]);
});

it('walks one copy of a wire sentence several outlets ran, and retrieves what walking every copy does', () => {
  const wire =
    'Water Minister Lena Varga said the Qorvan dam would open in May. Farmers downstream fear the river will run dry in August.';
  const sources = [
    source('own', 'The council of Mirelle said the dam would open in May, after the floods.'),
    ...['a', 'b', 'c', 'd'].map((o) => source(`wire-${o}`, wire)),
    source('other', 'Farmers in Ostvik fear the harbour will close in August.'),
  ];
  const library = createLibrary(sources);
  const { sentenceHash } = library.stems;
  const stems = [...library.stems.ids.keys()];
  for (const stem of stems) {
    const all = Array.from(stemPostings(library, stem));
    const firsts = all.filter(
      (id, i) => all.findIndex((o) => sentenceHash[o] === sentenceHash[id]) === i,
    );
    expect(Array.from(distinctPostings(library, stem))).toEqual(firsts);
  }
  // "varga" is held by one sentence of each of the four copies: one is walked.
  expect(stemPostings(library, 'varga')).toHaveLength(4);
  expect(distinctPostings(library, 'varga')).toHaveLength(1);
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.constantFrom(...stems), { minLength: 1, maxLength: 6 }),
      fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
      fc.constantFrom(0, 0.5, 1.2),
      (picked, weights, minScore) => {
        const seeds = (lists: (stem: string) => Int32Array): Seed[] =>
          picked.map((stem, i) => ({ weight: weights[i]!, list: lists(stem) }));
        const every = topSentences(
          seeds((s) => stemPostings(library, s)),
          minScore,
          3,
          {
            hashes: sentenceHash,
          },
        );
        const distinct = topSentences(
          seeds((s) => distinctPostings(library, s)),
          minScore,
          3,
          {
            hashes: sentenceHash,
          },
        );
        expect(distinct).toEqual(every);
      },
    ),
    { numRuns: 300 },
  );
});

describe('a library keeps a compact index and derives source details on demand', () => {
  const texts = [
    'The council approved the harbour budget on Tuesday. The council met again on Friday, and the council adjourned.',
    'Fishermen said the new pier would open in May.\n“We will not mend a single net until the pilings are delivered,” said Mara Quill, who leads the cooperative.',
    'Engineers doubted the schedule. The pier needs pilings that have not been delivered.',
  ];
  const sources = texts.map((t, i) => source(`s${i}`, t));

  it('gives every source the same tokens, sentences, quotes and speakers as preparing it on its own, even with a cache of one', () => {
    const library = createLibrary(sources, { detailCacheSize: 1 });
    for (let round = 0; round < 2; round++) {
      for (const [i, s] of sources.entries()) {
        const eager = prepareSource(s);
        const lazy = library.sources[i]!;
        expect(lazy.bodyEnd).toBe(eager.bodyEnd);
        expect(lazy.words).toEqual(eager.words);
        expect(lazy.sentences).toEqual(eager.sentences);
        expect(lazy.quotes).toEqual(eager.quotes);
        expect(lazy.sentenceSpeakers).toEqual(eager.sentenceSpeakers);
      }
    }
    expect(library.sources[1]!.quotes[0]!.speaker).toBe('Mara Quill');
    // Quotes asked for first (an actor popover) are found without the details, and are the same.
    const fresh = createLibrary(sources, { detailCacheSize: 1 });
    for (const [i, s] of sources.entries())
      expect(fresh.sources[i]!.quotes).toEqual(prepareSource(s).quotes);
  });

  it('counts a stem once per sentence that holds it, for rarity within the library', () => {
    const library = createLibrary(sources);
    // "council" three times in two sentences of s0.
    expect(stemSentenceCount(library, 'council')).toBe(2);
    expect([...stemPostings(library, 'council')]).toEqual([0, 1]);
    // "pier": one sentence of s1, one of s2.
    expect(stemSentenceCount(library, 'pier')).toBe(2);
    expect(stemSentenceCount(library, 'zeppelin')).toBe(0);
    expect(library.sentenceCount).toBe(library.sources.reduce((n, p) => n + p.sentences.length, 0));
  });

  it('finds the same matches whatever the size of the detail cache', () => {
    const page =
      'Local news.\n“We will not mend a single net until the pilings are delivered,” said Mara Quill.\nThe pier needs pilings that have not been delivered, engineers say.';
    const big = matchText(page, createLibrary(sources));
    expect(big.map((m) => [m.kind, m.sourceId])).toEqual([
      ['verbatim', 's1'],
      ['reuse', 's2'],
    ]);
    expect(matchText(page, createLibrary(sources, { detailCacheSize: 1 }))).toEqual(big);
  });
});

describe('stored actors', () => {
  const wire = source(
    'wire',
    'Water Minister Lena Varga said on Tuesday that the Qorvan dam would open in May.\n“We will open the gates on the first of May,” Varga told reporters.',
  );
  const page = 'Reporters asked Varga about the dam again.';

  it('are used when stored by the current rules, instead of extracting them again', () => {
    const stored = extractSourceActors(wire).map((a) => ({ ...a, role: 'stored role' }));
    const library = createLibrary([wire], { sourceActors: new Map([['wire', stored]]) });
    expect(findActors(page, library).map((a) => [a.name, a.role])).toEqual([
      ['Lena Varga', 'stored role'],
    ]);
  });

  it('are extracted again and stored back when another version of the rules stored them', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'actors-cache' });
    const stale: StoredSource = {
      id: 'wire',
      source: wire,
      origin: 'file',
      addedAt: 1,
      updatedAt: 1,
      derived: { actors: [], actorsVersion: ACTOR_RULES_VERSION - 1 },
    };
    await db.put('sources', stale);
    const service = createLibraryService({ db });
    const library = await service.getLibrary();
    expect(findActors(page, library).map((a) => a.name)).toEqual(['Lena Varga']);
    await expect
      .poll(async () => (await db.get('sources', 'wire'))?.derived?.actorsVersion)
      .toBe(ACTOR_RULES_VERSION);
    expect((await db.get('sources', 'wire'))?.derived?.actors).toEqual(extractSourceActors(wire));
  });

  it('are read again when the source is edited (its outlet decides what is boilerplate)', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'actors-edit' });
    const service = createLibraryService({ db });
    await service.handlers['library.import'](
      { sources: [wire], origin: 'file' },
      { tabId: null, url: null },
    );
    await db.put('sources', {
      ...(await db.get('sources', 'wire'))!,
      derived: { actors: [], actorsVersion: ACTOR_RULES_VERSION },
    });
    await service.handlers['library.update'](
      { id: 'wire', changes: { outlet: 'Wire Service' } },
      { tabId: null, url: null },
    );
    const stored = await db.get('sources', 'wire');
    expect(stored?.derived?.actors).toEqual(
      extractSourceActors({ ...wire, outlet: 'Wire Service' }),
    );
    expect(findActors(page, await service.getLibrary()).map((a) => a.name)).toEqual(['Lena Varga']);
  });
});
