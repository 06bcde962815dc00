/**
 * The stem index as stored data: its format, its shape, and whether a snapshot read back from
 * storage can stand for the index of a list of sources (lib/library.ts builds and restores it).
 */
import { textLength } from './lazy-text';
import type { Source } from './types';

/**
 * Format of `IndexSnapshot`. Bump it whenever tokenising, stemming, sentence cutting or boilerplate
 * detection changes: a snapshot of another format is never used.
 */
export const INDEX_FORMAT = 2;

/**
 * The stem index as plain data that IndexedDB stores as is (typed arrays are cloned, not
 * serialised). A browser worker that wakes up reads it back instead of scanning every source again
 * (about 0.2 ms per source: 2 s for 10,000).
 */
export interface IndexSnapshot {
  format: number;
  /** Stems by stem id. */
  stems: string[];
  offsets: Int32Array;
  postings: Int32Array;
  sentenceBase: Int32Array;
  /** Each sentence's hash (see `StemIndex.sentenceHash`). */
  sentenceHash: Int32Array;
  /** Each source's end of matchable body (see `findBoilerplateStart`). */
  bodyEnds: Int32Array;
  sentenceCount: number;
}

/** Whether a snapshot (read back from storage: anything may be there) can stand for the index of `sources`. */
export function snapshotFits(index: IndexSnapshot, sources: Source[]): boolean {
  const arrays = [
    index.offsets,
    index.postings,
    index.sentenceBase,
    index.sentenceHash,
    index.bodyEnds,
  ];
  if (!arrays.every((a) => a instanceof Int32Array) || !Array.isArray(index.stems)) return false;
  return (
    index.format === INDEX_FORMAT &&
    index.sentenceBase.length === sources.length + 1 &&
    index.bodyEnds.length === sources.length &&
    index.offsets.length === index.stems.length + 1 &&
    index.sentenceBase[sources.length] === index.sentenceCount &&
    index.sentenceHash.length === index.sentenceCount &&
    sources.every((s, i) => index.bodyEnds[i]! <= textLength(s))
  );
}
