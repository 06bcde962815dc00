import { describe, expect, it } from 'vitest';
import {
  indexOfStored,
  packPostings,
  packSources,
  splitTexts,
  storedIndex,
  unpackPostings,
  unpackSources,
} from '../../lib/db/library-pack';
import { textLength } from '../../lib/lazy-text';
import { createLibrary, snapshotIndex } from '../../lib/library';
import type { Source } from '../../lib/types';
import { DAM_RECORD, HARBOUR_RECORD } from '../helpers/dam-source';

// Two invented sources: the stored record must give back the very index they were built into.
const sources: Source[] = [
  {
    ...DAM_RECORD,
    id: 'dam',
    url: null,
    text: 'Water Minister Lena Varga said on Tuesday that the Qorvan dam would open in May.\n"We will open the spillway gates on the first of May," Varga told reporters in Mirelle.',
  },
  {
    ...HARBOUR_RECORD,
    text: 'The harbour of Kessholm will close for three weeks while divers repair the breakwater.\nFishing boats are being moved to the quay at Ostvik, the minister said.',
  },
];
const packed = { actorsVersion: 0, meta: '[]', text: '', ends: new Int32Array(0) };

describe('the stored stem index', () => {
  it('gives back the postings of a library exactly, in fewer bytes', () => {
    const snapshot = snapshotIndex(createLibrary(sources));
    const value = structuredClone(storedIndex(snapshot, packed));
    expect(value.postings).toBeUndefined();
    expect(value.postingGaps!.byteLength).toBeLessThan(snapshot.postings.byteLength);
    const back = indexOfStored(value);
    expect(back.postings).toEqual(snapshot.postings);
    expect(back.offsets).toEqual(snapshot.offsets);
    expect(back.stems).toEqual(snapshot.stems);
  });

  it('keeps gaps of 65,535 sentences and more, as a library of many sources has', () => {
    // Three stems: one with far-apart sentences, one empty, one with neighbours.
    const offsets = Int32Array.from([0, 4, 4, 7]);
    const postings = Int32Array.from([3, 65_538, 200_000, 2_000_000_000, 0, 1, 1]);
    const gaps = packPostings(offsets, postings);
    expect(unpackPostings(offsets, gaps)).toEqual(postings);
  });

  it('reads a record written before the postings were packed', () => {
    const snapshot = snapshotIndex(createLibrary(sources));
    const old = structuredClone({ ...snapshot, packed });
    expect(indexOfStored(old).postings).toEqual(snapshot.postings);
  });

  it('refuses a damaged record instead of handing back a wrong index', () => {
    const snapshot = snapshotIndex(createLibrary(sources));
    const value = storedIndex(snapshot, packed);
    const cut = { ...value, postingGaps: value.postingGaps!.slice(0, -1) };
    expect(() => indexOfStored(cut)).toThrow('damaged');
    expect(() => indexOfStored({ ...value, postingGaps: undefined })).toThrow('damaged');
  });
});

describe('the stored sources', () => {
  const stamped = (list: Source[]) =>
    list.map((source) => ({ id: source.id, updatedAt: 7, source }));
  // Texts UTF-8 must give back exactly: a byte order mark, curly quotes, an emoji (two code units), Arabic.
  const tricky: Source[] = [
    { ...sources[0]!, text: '\uFEFFA mark first, then “curly quotes” and an emoji 🌊.' },
    { ...sources[1]!, text: 'وقال الوزير إن السد سيفتح في مايو.' },
    { ...sources[0]!, id: 'empty', text: '' },
  ];

  it('come back with the very texts and fields they were stored with, in half the bytes of strings', () => {
    const list = [...sources, ...tricky.map((s, i) => ({ ...s, id: `tricky-${i}` }))];
    const packed = structuredClone(packSources(stamped(list), undefined, []));
    expect(packed.text).toBeInstanceOf(Uint8Array);
    const chars = list.reduce((n, s) => n + s.text.length, 0);
    expect((packed.text as Uint8Array).byteLength).toBeLessThan(2 * chars);
    const back = unpackSources(packed);
    expect(back.sources.map(textLength)).toEqual(list.map((s) => s.text.length));
    expect(back.sources.map((s) => ({ ...s }))).toEqual(list);
    expect(JSON.parse(JSON.stringify(back.sources))).toEqual(list);
    expect([...back.stamps.values()]).toEqual(list.map(() => 7));
  });

  it('keep a text that UTF-8 would change (a lone surrogate) as it is', () => {
    const odd = [{ ...sources[0]!, text: 'Half a pair: \uD83C and on.' }, sources[1]!];
    const packed = structuredClone(packSources(stamped(odd), undefined, []));
    expect(typeof packed.text).toBe('string');
    expect(unpackSources(packed).sources.map((s) => s.text)).toEqual(odd.map((s) => s.text));
  });

  it("give back each source's actors, read only when asked for", () => {
    const actors = new Map([
      ['dam', [{ name: 'Lena Varga', kind: 'person' }]],
      ['harbour', []],
    ]) as unknown as Parameters<typeof packSources>[1];
    const packed = structuredClone(packSources(stamped(sources), actors, []));
    const back = unpackSources(packed).sourceActors;
    expect(new Map(back)).toEqual(actors);
    expect(back.get('dam')).toEqual(actors!.get('dam'));
    expect(back.size).toBe(2);
    // A damaged list: no actors rather than wrong ones (they are extracted again where needed).
    expect(unpackSources({ ...packed, actors: '[[' }).sourceActors.size).toBe(0);
  });

  it('refuse a damaged record', () => {
    const packed = packSources(stamped(sources), undefined, []);
    expect(() => unpackSources({ ...packed, byteEnds: undefined })).toThrow('damaged');
    const bytes = packed.text as Uint8Array;
    expect(() => unpackSources({ ...packed, text: bytes.subarray(0, 10) })).toThrow('damaged');
  });

  it('keep their texts in a record of their own, given to the sources once it is read', () => {
    const list = [...sources, ...tricky.map((s, i) => ({ ...s, id: `tricky-${i}` }))];
    const split = structuredClone(splitTexts(packSources(stamped(list), undefined, []), 5));
    expect(split.packed.text).toBeUndefined();
    expect(split.texts!.text).toBeInstanceOf(Uint8Array);
    const back = unpackSources(split.packed);
    // The lengths (the index's check and the fingerprint) are known before the texts are read.
    expect(back.sources.map(textLength)).toEqual(list.map((s) => s.text.length));
    expect(() => back.sources[0]!.text).toThrow('before it was loaded');
    back.giveTexts!(split.texts);
    expect(back.sources.map((s) => ({ ...s }))).toEqual(list);
  });

  it("keep each source's actors with the texts, given back with them", () => {
    const actors = new Map([
      ['dam', [{ name: 'Lena Varga', kind: 'person' }]],
      ['harbour', []],
    ]) as unknown as Parameters<typeof packSources>[1];
    const split = structuredClone(splitTexts(packSources(stamped(sources), actors, []), 5));
    expect(split.packed.actors).toBeUndefined();
    const back = unpackSources(split.packed);
    expect(back.sourceActors.size).toBe(0);
    expect(new Map(back.giveTexts!(split.texts)!)).toEqual(actors);
  });

  it('refuse a texts record that is not theirs or is cut', () => {
    const { packed, texts } = splitTexts(packSources(stamped(sources), undefined, []), 5);
    const give = (t: unknown) => () => unpackSources(packed).giveTexts!(t);
    expect(give({ ...texts, stamp: 6 })).toThrow('damaged');
    expect(give({ ...texts, text: texts!.text.subarray(0, 10) })).toThrow('damaged');
    expect(give(undefined)).toThrow('damaged');
    expect(() => unpackSources({ ...packed, textsApart: undefined })).toThrow('damaged');
    // A record written with its texts in it needs no other.
    expect(unpackSources(packSources(stamped(sources), undefined, [])).giveTexts).toBeNull();
  });
});
