/**
 * The library packed into one cache record with its stem index (see `PackedSources`): what a
 * waking worker reads instead of every source record.
 */
import { ACTOR_RULES_VERSION, type LibraryActor, type SourceActor } from '../actors/index';
import type { IndexSnapshot } from '../library';
import type { StoredSource } from '../messages';
import type { Source } from '../types';

/**
 * The sources and their actors, packed into the stem index's cache entry: a waking worker reads
 * this one record instead of every source (10,000 records took ~2 s of the worker's wake on the
 * 2-core test machine). The texts are one string, so reading it back is one copy, not 10,000.
 */
export interface PackedSources {
  actorsVersion: number;
  /** JSON of each source without its text, its actors, and its last change. */
  meta: string;
  /**
   * JSON of the library's merged actors (`libraryActors`): merging 10,000 sources' actors again took
   * most of a waking worker's first actor search. Absent in records written before it was kept.
   */
  merged?: string;
  text: string;
  /** Where each source's text ends in `text`. */
  ends: Int32Array;
}

/** The stem index's cache entry value: the snapshot, with the sources packed into it. */
export type StoredIndex = IndexSnapshot & { packed?: PackedSources };

/** What the stored index says of each source: its id, last change and text. */
export type Stamped = Pick<StoredSource, 'id' | 'updatedAt' | 'source'>;

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
    return [rest, sourceActors?.get(stored.id) ?? null, stored.updatedAt];
  });
  return {
    actorsVersion: ACTOR_RULES_VERSION,
    meta: JSON.stringify(meta),
    merged: JSON.stringify(merged),
    text: all.map((s) => s.source.text).join(''),
    ends,
  };
}

/** The merged actors of a packed record, or null when it has none (an older record). */
export function unpackMerged(packed: PackedSources): LibraryActor[] | null {
  if (typeof packed.merged !== 'string') return null;
  const merged = JSON.parse(packed.merged) as unknown;
  return Array.isArray(merged) ? (merged as LibraryActor[]) : null;
}

/** The sources, actors and last changes of a packed record; throws when it is damaged. */
export function unpackSources(packed: PackedSources): {
  sources: Source[];
  sourceActors: Map<string, SourceActor[]>;
  stamps: Map<string, number>;
} {
  const meta = JSON.parse(packed.meta) as [Omit<Source, 'text'>, SourceActor[] | null, number][];
  if (meta.length !== packed.ends.length) throw new Error('the stored library is damaged');
  const sourceActors = new Map<string, SourceActor[]>();
  const stamps = new Map<string, number>();
  let start = 0;
  const sources = meta.map(([rest, actors, updatedAt], i) => {
    const end = packed.ends[i]!;
    if (end < start || end > packed.text.length || typeof updatedAt !== 'number')
      throw new Error('the stored library is damaged');
    if (actors) sourceActors.set(rest.id, actors);
    stamps.set(rest.id, updatedAt);
    const source = { ...rest, text: packed.text.slice(start, end) } as Source;
    start = end;
    return source;
  });
  return { sources, sourceActors, stamps };
}
