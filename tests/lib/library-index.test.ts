/**
 * The stem index updated in place of a rebuild: after any sequence of additions, removals and
 * changes, the updated library must index exactly what a library built from scratch over the same
 * sources does, or a page would be matched against sentences that are gone or miss new ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLibrary, type Library, stemPostings, updateLibrary } from '../../lib/library';
import { buildStemIndex, updateStemIndex } from '../../lib/library-index';
import { matchText } from '../../lib/match/index';
import type { Source } from '../../lib/types';

/** Invented sentences; sources are cut from them so stems repeat across sources. */
const SENTENCES = [
  'The harbour of Kessholm will close for three weeks while divers repair the breakwater.',
  'Water Minister Lena Varga said on Tuesday that the Qorvan dam would open in May.',
  '"We will open the spillway gates on the first of May," Varga told reporters in Mirelle.',
  'Fishing boats are being moved to the quay at Ostvik until the repairs are done.',
  'The council voted 7-2 to fund a new ferry terminal, the mayor announced.',
  'Farmers downstream fear the dam will cut the river to a trickle in August.',
  'Dr. Anna Petrov of the U.N. water office said 1,200 families would be moved.',
  'Subscribe to our newsletter for the latest news.',
];

const source = (id: string, picks: number[], outlet: string): Source => ({
  id,
  title: `Source ${id}`,
  outlet,
  url: null,
  published: null,
  language: 'en',
  text: picks.map((p) => SENTENCES[p % SENTENCES.length]).join(p0(picks) ? '\n' : ' '),
});
const p0 = (picks: number[]) => picks.length % 2 === 0;

/** What a library indexes, independent of how stems happen to be numbered. */
function indexed(library: Library) {
  const stems = [...library.stems.ids.keys()]
    .filter((stem) => stemPostings(library, stem).length > 0)
    .sort();
  return {
    order: library.sources.map((p) => p.source.id),
    bodyEnds: library.sources.map((p) => p.bodyEnd),
    sentenceBase: [...library.stems.sentenceBase],
    sentenceHash: [...library.stems.sentenceHash],
    sentenceCount: library.sentenceCount,
    postings: Object.fromEntries(stems.map((stem) => [stem, [...stemPostings(library, stem)]])),
  };
}

const byId = (a: Source, b: Source) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const step = fc.oneof(
  fc.record({
    op: fc.constant('put' as const),
    id: fc.integer({ min: 0, max: 11 }),
    picks: fc.array(fc.nat(20), { minLength: 0, maxLength: 6 }),
    outlet: fc.constantFrom('Wire', 'Coast Daily'),
  }),
  fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 11 }) }),
  fc.record({
    op: fc.constant('retitle' as const),
    id: fc.integer({ min: 0, max: 11 }),
  }),
);

describe('a library updated by changes', () => {
  it('indexes exactly what a library built from scratch does, after any sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        (batches) => {
          const truth = new Map<string, Source>();
          let library = createLibrary([]);
          for (const batch of batches) {
            const put: Source[] = [];
            const removed: string[] = [];
            for (const s of batch) {
              const id = `s${s.id}`;
              if (s.op === 'put') {
                const next = source(id, s.picks, s.outlet);
                truth.set(id, next);
                put.push(next);
              } else if (s.op === 'remove') {
                truth.delete(id);
                removed.push(id);
              } else {
                const old = truth.get(id);
                if (!old) continue;
                const next = { ...old, title: `${old.title}!` };
                truth.set(id, next);
                put.push(next);
              }
            }
            // One change per batch, as the database's writes arrive: later steps in a batch win.
            const last = new Map<string, Source | null>();
            for (const s of put) last.set(s.id, s);
            for (const id of removed) if (!truth.has(id)) last.set(id, null);
            library = updateLibrary(library, {
              put: [...last.values()].filter((s): s is Source => s !== null),
              removed: [...last].filter(([, s]) => s === null).map(([id]) => id),
            });
            const scratch = createLibrary([...truth.values()].sort(byId));
            expect(indexed(library)).toEqual(indexed(scratch));
            expect(library.sources.map((p) => p.source)).toEqual(
              scratch.sources.map((p) => p.source),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches a page like a library built from scratch, and leaves the old library as it was', () => {
    const dam = source('dam', [1, 2, 5], 'Wire');
    const harbour = source('harbour', [0, 3, 7], 'Coast Daily');
    const council = source('council', [4, 6], 'Wire');
    const before = createLibrary([dam, harbour].sort(byId));
    const snapshot = indexed(before);
    const after = updateLibrary(before, { put: [council], removed: ['harbour'] });
    const page = `${SENTENCES[2]} ${SENTENCES[4]} ${SENTENCES[0]}`;
    const scratch = createLibrary([council, dam]);
    expect(matchText(page, after)).toEqual(matchText(page, scratch));
    expect(matchText(page, after).some((m) => m.sourceId === 'council')).toBe(true);
    expect(matchText(page, after).some((m) => m.sourceId === 'harbour')).toBe(false);
    expect(indexed(before)).toEqual(snapshot);
    expect(matchText(page, before).some((m) => m.sourceId === 'harbour')).toBe(true);
  });

  it('keeps the sources that did not change, details and all, and drops stems nobody holds', () => {
    const a = source('a', [0, 1], 'Wire');
    const b = source('b', [4], 'Wire');
    const before = createLibrary([a, b]);
    const kept = before.byId.get('a')!;
    const after = updateLibrary(before, { removed: ['b'] });
    expect(after.byId.get('a')).toBe(kept);
    // "ferry" is only in b.
    expect(before.stems.ids.has('ferri') || before.stems.ids.has('ferry')).toBe(true);
    expect(after.stems.ids.has('ferri') || after.stems.ids.has('ferry')).toBe(false);
    expect(updateLibrary(after, { removed: ['b'] })).toBe(after);
  });

  it('refuses a plan whose kept sources are out of order instead of building a wrong index', () => {
    const built = buildStemIndex([source('a', [0], 'Wire'), source('b', [1], 'Wire')]);
    expect(() => updateStemIndex(built, [1, 0])).toThrow(/out of order/);
    expect(() => updateStemIndex(built, [2])).toThrow(/unknown/);
  });
});
