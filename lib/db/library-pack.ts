/**
 * The library packed into one cache record with its stem index (see `PackedSources`): what a
 * waking worker reads instead of every source record.
 */
import { ACTOR_RULES_VERSION, type LibraryActor, type SourceActor } from '../actors/index';
import { INDEX_FORMAT, type IndexSnapshot } from '../library';
import type { StoredSource } from '../messages';
import { giveText, textLength, utf8Safe, withLazyText, withPendingText } from '../lazy-text';
import type { Source } from '../types';

/**
 * The sources and their actors, packed into the stem index's cache entry: a waking worker reads
 * this one record instead of every source (10,000 records took ~2 s of the worker's wake on the
 * 2-core test machine). The texts are one string, so reading it back is one copy, not 10,000.
 */
export interface PackedSources {
  actorsVersion: number;
  /**
   * JSON of each source without its text, its actors (null when `actors` holds them), and its last
   * change.
   */
  meta: string;
  /**
   * JSON of each source's actors, in the sources' order: parsed only when asked for (a change of the
   * library, or an older record without `merged`), since a waking worker uses the merged list. At
   * 10,000 sources they were 60% of `meta`'s JSON. Absent in records written before.
   */
  actors?: string;
  /**
   * JSON of the library's merged actors (`libraryActors`): merging 10,000 sources' actors again took
   * most of a waking worker's first actor search. Absent in records written before it was kept.
   */
  merged?: string;
  /**
   * The texts one after the other: as UTF-8 bytes (see lib/lazy-text.ts), or as one string when a
   * text would not come back from UTF-8 (a lone surrogate) and in records written before. Absent
   * when the bytes are kept in a record of their own (`textsApart`).
   */
  text?: string | Uint8Array;
  /**
   * The stamp of the record that holds the texts as UTF-8 (`PackedTexts`), when they are kept
   * apart: a waking worker unpacks the rest while the browser still reads them (they were 27 of
   * the 40 MB at 10,000 sources, and the read takes time in proportion to the bytes).
   */
  textsApart?: number;
  /** Where each source's text ends in `text`, in characters (UTF-16 code units). */
  ends: Int32Array;
  /** Where each source's text ends in `text` in bytes, when `text` is UTF-8. */
  byteEnds?: Int32Array;
}

/**
 * The stem index's cache entry value: the snapshot with its postings as gaps (`packPostings`;
 * records written before that hold `postings` as they are), and the sources packed into it.
 */
export type StoredIndex = Omit<IndexSnapshot, 'postings'> & {
  postings?: Int32Array;
  postingGaps?: Uint16Array;
  packed?: PackedSources;
};

/** The cache entry value of a snapshot and its packed sources. */
export function storedIndex(snapshot: IndexSnapshot, packed: PackedSources): StoredIndex {
  const { postings, ...rest } = snapshot;
  return { ...rest, postingGaps: packPostings(snapshot.offsets, postings), packed };
}

/** The snapshot of a cache entry value; throws when it is damaged. */
export function indexOfStored(value: StoredIndex): IndexSnapshot {
  const { postingGaps, postings, packed: _, ...rest } = value;
  if (postings instanceof Int32Array) return { ...rest, postings };
  if (!(postingGaps instanceof Uint16Array) || !(rest.offsets instanceof Int32Array))
    throw new Error('the stored library is damaged');
  return { ...rest, postings: unpackPostings(rest.offsets, postingGaps) };
}

/** What the stored index says of each source: its id, last change and text. */
export type Stamped = Pick<StoredSource, 'id' | 'updatedAt' | 'source'>;

/**
 * What a stem index is built from: the index format, the building code's tag, and each source's id,
 * last change and length, in the order the library holds them. Any difference makes a stored index stale.
 */
export function indexFrom(all: readonly Stamped[], tag: string): string {
  const from = indexFromHasher(tag);
  for (const s of all) from.add(s);
  return from.done();
}

/** `indexFrom` a source at a time, for a caller that reads the sources in batches. */
export function indexFromHasher(tag: string): { add(s: Stamped): void; done(): string } {
  // Two 32-bit FNV-1a hashes with different seeds: a 64-bit fingerprint without a crypto round trip.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  let count = 0;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
  };
  return {
    add(s) {
      count += 1;
      mix(`${s.id}\u0000${s.updatedAt}\u0000${textLength(s.source)}\u0001`);
    },
    done: () =>
      `${INDEX_FORMAT}:${tag}:${count}:${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`,
  };
}

/** Packs the library's sources, their actors and last changes, and its merged actors. */
export function packSources(
  all: Stamped[],
  sourceActors: ReadonlyMap<string, SourceActor[]> | undefined,
  merged: LibraryActor[],
): PackedSources {
  const ends = new Int32Array(all.length);
  let end = 0;
  const meta = all.map((stored, i) => {
    const { text, ...rest } = stored.source;
    end += text.length;
    ends[i] = end;
    return [rest, null, stored.updatedAt];
  });
  const actors = JSON.stringify(all.map((s) => sourceActors?.get(s.id) ?? null));
  const texts = all.map((s) => s.source.text);
  const joined = texts.join('');
  const record = {
    actorsVersion: ACTOR_RULES_VERSION,
    meta: JSON.stringify(meta),
    actors,
    merged: JSON.stringify(merged),
    ends,
  };
  if (!utf8Safe(joined)) return { ...record, text: joined };
  const encoder = new TextEncoder();
  const parts = texts.map((t) => encoder.encode(t));
  const byteEnds = new Int32Array(parts.length);
  let bytes = 0;
  parts.forEach((p, i) => {
    bytes += p.length;
    byteEnds[i] = bytes;
  });
  const text = new Uint8Array(bytes);
  parts.forEach((p, i) => text.set(p, i ? byteEnds[i - 1]! : 0));
  return { ...record, text, byteEnds };
}

/** The texts of a packed record kept in a record of their own (`PackedSources.textsApart`). */
export interface PackedTexts {
  stamp: number;
  text: Uint8Array;
  /**
   * `PackedSources.actors`, moved here with the texts (5.4 of the 16 MB left at 10,000 sources): a
   * page's matching does not need them (it extracts a candidate's own where it needs them, the same
   * actors), and what needs them needs every text too.
   */
  actors?: string;
}

/**
 * The record without its UTF-8 texts, and those texts as a record of their own tied to it by
 * `stamp`; texts kept as a string stay in the record (null).
 */
export function splitTexts(
  packed: PackedSources,
  stamp: number,
): { packed: PackedSources; texts: PackedTexts | null } {
  const { text, actors, ...rest } = packed;
  if (!(text instanceof Uint8Array)) return { packed, texts: null };
  const texts: PackedTexts = { stamp, text };
  if (typeof actors === 'string') texts.actors = actors;
  return { packed: { ...rest, textsApart: stamp }, texts };
}

/** The merged actors of a packed record, or null when it has none (an older record). */
export function unpackMerged(packed: PackedSources): LibraryActor[] | null {
  if (typeof packed.merged !== 'string') return null;
  const merged = JSON.parse(packed.merged) as unknown;
  return Array.isArray(merged) ? (merged as LibraryActor[]) : null;
}

/**
 * The sources, actors and last changes of a packed record; throws when it is damaged. When its
 * texts are kept apart, `giveTexts` must be handed their record before any text is read; it
 * throws when that record is not theirs or is damaged, and returns the sources' actors kept there.
 */
export function unpackSources(packed: PackedSources): {
  sources: Source[];
  sourceActors: ReadonlyMap<string, SourceActor[]>;
  stamps: Map<string, number>;
  giveTexts: ((texts: unknown) => ReadonlyMap<string, SourceActor[]> | null) | null;
} {
  const meta = JSON.parse(packed.meta) as [Omit<Source, 'text'>, SourceActor[] | null, number][];
  const { text, ends, byteEnds } = packed;
  const apart = text === undefined && typeof packed.textsApart === 'number';
  const bytes = text instanceof Uint8Array ? text : null;
  if (
    meta.length !== ends.length ||
    ((bytes || apart) && (!(byteEnds instanceof Int32Array) || byteEnds.length !== meta.length)) ||
    (!bytes && !apart && typeof text !== 'string')
  )
    throw new Error('the stored library is damaged');
  const sourceActors = new Map<string, SourceActor[]>();
  const stamps = new Map<string, number>();
  const ids: string[] = [];
  let start = 0;
  let byteStart = 0;
  const sources = meta.map(([rest, actors, updatedAt], i) => {
    const end = ends[i]!;
    const byteEnd = bytes || apart ? byteEnds![i]! : 0;
    if (
      end < start ||
      typeof updatedAt !== 'number' ||
      (bytes || apart
        ? byteEnd < byteStart || (bytes !== null && byteEnd > bytes.length)
        : end > (text as string).length)
    )
      throw new Error('the stored library is damaged');
    if (actors) sourceActors.set(rest.id, actors);
    stamps.set(rest.id, updatedAt);
    ids.push(rest.id);
    const source = apart
      ? withPendingText(rest, end - start)
      : bytes
        ? withLazyText(rest, bytes.subarray(byteStart, byteEnd), end - start)
        : ({ ...rest, text: (text as string).slice(start, end) } as Source);
    start = end;
    byteStart = byteEnd;
    return source as Source;
  });
  const giveTexts = apart ? textsGiver(sources, ids, byteEnds!, packed.textsApart!) : null;
  const lists = typeof packed.actors === 'string' ? lazyActors(ids, packed.actors) : sourceActors;
  return { sources, sourceActors: lists, stamps, giveTexts };
}

/** Hands each pending text its bytes from the texts' own record (see `unpackSources`). */
function textsGiver(
  sources: Source[],
  ids: string[],
  byteEnds: Int32Array,
  stamp: number,
): (texts: unknown) => ReadonlyMap<string, SourceActor[]> | null {
  return (texts) => {
    const record = texts as PackedTexts | undefined;
    const bytes = record?.text;
    if (
      record?.stamp !== stamp ||
      !(bytes instanceof Uint8Array) ||
      bytes.length !== (byteEnds[byteEnds.length - 1] ?? 0)
    )
      throw new Error('the stored library is damaged');
    let from = 0;
    sources.forEach((source, i) => {
      giveText(source, bytes.subarray(from, byteEnds[i]!));
      from = byteEnds[i]!;
    });
    return typeof record.actors === 'string' ? lazyActors(ids, record.actors) : null;
  };
}

/**
 * The sources' actors from their JSON (see `PackedSources.actors`), parsed on first use; a damaged
 * list reads as no actors, which are then extracted again from the texts where needed.
 */
function lazyActors(ids: string[], json: string): ReadonlyMap<string, SourceActor[]> {
  let map: Map<string, SourceActor[]> | null = null;
  const parsed = (): Map<string, SourceActor[]> => {
    if (map) return map;
    map = new Map();
    try {
      const lists = JSON.parse(json) as unknown;
      if (Array.isArray(lists) && lists.length === ids.length)
        lists.forEach((list, i) => Array.isArray(list) && map!.set(ids[i]!, list));
    } catch {
      // Nothing: see above.
    }
    return map;
  };
  return {
    get: (id) => parsed().get(id),
    has: (id) => parsed().has(id),
    get size() {
      return parsed().size;
    },
    forEach: (f, self) => parsed().forEach(f, self),
    entries: () => parsed().entries(),
    keys: () => parsed().keys(),
    values: () => parsed().values(),
    [Symbol.iterator]: () => parsed()[Symbol.iterator](),
  };
}

/** A gap of this value or more is written as this marker and the gap's high and low 16 bits. */
const WIDE_GAP = 0xffff;

/**
 * The stem index's postings as 16-bit gaps (each stem's sentence ids ascending, each written as its
 * distance from the one before, the first from 0): about half the bytes of the `Int32Array`, and a
 * waking worker's read of the record takes time in proportion to its bytes (about 5 ms per MB on
 * the 2-core test machine, `bench/idb-read.ts`).
 */
export function packPostings(offsets: Int32Array, postings: Int32Array): Uint16Array {
  const out = new Uint16Array(postings.length + 16);
  let n = 0;
  let buffer = out;
  for (let s = 0; s + 1 < offsets.length; s++) {
    let prev = 0;
    for (let k = offsets[s]!; k < offsets[s + 1]!; k++) {
      const gap = postings[k]! - prev;
      prev = postings[k]!;
      if (n + 3 > buffer.length) {
        const grown = new Uint16Array(buffer.length * 2);
        grown.set(buffer);
        buffer = grown;
      }
      if (gap >= 0 && gap < WIDE_GAP) buffer[n++] = gap;
      else {
        buffer[n++] = WIDE_GAP;
        buffer[n++] = gap >>> 16;
        buffer[n++] = gap & 0xffff;
      }
    }
  }
  return buffer.slice(0, n);
}

/** The postings `packPostings` wrote; throws when the gaps do not fill `offsets` exactly. */
export function unpackPostings(offsets: Int32Array, gaps: Uint16Array): Int32Array {
  const count = offsets[offsets.length - 1] ?? 0;
  const out = new Int32Array(count);
  let g = 0;
  for (let s = 0; s + 1 < offsets.length; s++) {
    let prev = 0;
    for (let k = offsets[s]!; k < offsets[s + 1]!; k++) {
      let gap = gaps[g++]!;
      if (gap === WIDE_GAP) {
        gap = ((gaps[g]! << 16) | gaps[g + 1]!) >>> 0;
        g += 2;
      }
      prev = (prev + gap) | 0;
      out[k] = prev;
    }
  }
  if (g !== gaps.length) throw new Error('the stored library is damaged');
  return out;
}
