/**
 * The library's stem index (stem → the library sentences that hold it), built from sources and
 * updated when sources are added, removed or changed without scanning the others again. Pure
 * functions over typed arrays: an update returns a new index and leaves the old one as it was.
 */
import { lowerBound } from './sorted';
import { findBoilerplateStart } from './sources';
import { segmentSentences } from './text/segment';
import { scanMatchWords, stemWord } from './text/words';
import type { Source } from './types';

/** A sentence of a source body, with the range of its match tokens. */
export interface SourceSentence {
  start: number;
  end: number;
  /** Match tokens `[tokFrom, tokTo)` of `PreparedSource.words`. */
  tokFrom: number;
  tokTo: number;
}

/**
 * Inverted index from stem to library sentences. Sentences have global ids: source `i`'s sentence
 * `k` is `sentenceBase[i] + k`, so ids ascend with (source, sentence).
 */
export interface StemIndex {
  /** Stem → stem id. */
  ids: Map<string, number>;
  /** Postings of stem id `s`: `postings[offsets[s] .. offsets[s + 1])`, ascending sentence ids, one per sentence. */
  offsets: Int32Array;
  postings: Int32Array;
  /** First global sentence id of each source; one more entry than sources, the last is the sentence count. */
  sentenceBase: Int32Array;
  /**
   * A hash of each sentence's stems in order, by global sentence id: copies of one sentence (a wire
   * story several outlets ran) share it, so candidate retrieval can keep one of them.
   */
  sentenceHash: Int32Array;
}

/** A stem index with each source's end of matchable body (see `findBoilerplateStart`). */
export interface IndexedSources {
  stems: StemIndex;
  bodyEnds: Int32Array;
}

/**
 * One position of the updated library: the index of a source of the old library whose text and
 * outlet did not change (its postings are kept, renumbered), or a source to scan.
 */
export type IndexPlanEntry = number | Source;

/**
 * Sentences of a body with their match-token ranges, given the tokens' count and ranges; the one
 * cut used by the index and by a source's details.
 */
export function cutSentences(
  text: string,
  bodyEnd: number,
  count: number,
  startOf: (i: number) => number,
  endOf: (i: number) => number,
): SourceSentence[] {
  const sentences: SourceSentence[] = [];
  let t = 0;
  for (const r of segmentSentences(text, 0, bodyEnd)) {
    while (t < count && startOf(t) < r.start) t++;
    const tokFrom = t;
    while (t < count && endOf(t) <= r.end) t++;
    sentences.push({ start: r.start, end: r.end, tokFrom, tokTo: t });
  }
  return sentences;
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const EMPTY: IndexedSources = {
  stems: {
    ids: new Map(),
    offsets: new Int32Array(1),
    postings: new Int32Array(0),
    sentenceBase: new Int32Array(1),
    sentenceHash: new Int32Array(0),
  },
  bodyEnds: new Int32Array(0),
};

/** The stem index of `sources`, in their order, scanning every one. */
export function buildStemIndex(sources: readonly Source[]): IndexedSources {
  return updateStemIndex(EMPTY, sources);
}

/**
 * The index of the library `plan` describes, from the index of an older library (`previous`):
 * kept sources (old positions, ascending) are not scanned again, their sentences only renumbered;
 * sources given whole are scanned. The result equals `buildStemIndex` over the new library's
 * sources, up to the numbering of stems (stems no sentence holds any more are dropped).
 */
export function updateStemIndex(
  previous: IndexedSources,
  plan: readonly IndexPlanEntry[],
): IndexedSources {
  const old = previous.stems;
  const oldBase = old.sentenceBase;
  const remap = new Int32Array(oldBase[oldBase.length - 1]!).fill(-1);
  const ids = new Map(old.ids);
  const oldStems = old.offsets.length - 1;
  // (stem id, sentence id) pairs of the scanned sources in sentence order; grouped by stem below.
  const pairStem = new IntList();
  const pairSentence = new IntList();
  // Last sentence each stem was seen in: one posting per sentence.
  let lastSeen = new Int32Array(Math.max(4096, ids.size * 2)).fill(-1);
  // Each stem's hash (for the sentence hashes), computed the first time this update meets the stem.
  let stemHashes = new Int32Array(lastSeen.length);
  let hashed = new Uint8Array(lastSeen.length);
  const stemId = (stem: string) => {
    let id = ids.get(stem);
    if (id === undefined) {
      ids.set(stem, (id = ids.size));
      if (id === lastSeen.length) {
        lastSeen = doubled(lastSeen, -1);
        stemHashes = doubled(stemHashes, 0);
        hashed = doubled(hashed, 0);
      }
    }
    if (!hashed[id]) {
      hashed[id] = 1;
      stemHashes[id] = stemHash(stem);
    }
    return id;
  };
  // One source's words: stem ids and ranges (no match-token objects: only candidates need those).
  const wordStem = new IntList();
  const hashes = new IntList();
  const wordStart = new IntList();
  const wordEnd = new IntList();
  const sentenceBase = new Int32Array(plan.length + 1);
  const bodyEnds = new Int32Array(plan.length);
  let count = 0;
  let lastKept = -1;
  plan.forEach((entry, j) => {
    sentenceBase[j] = count;
    if (typeof entry === 'number') {
      if (!Number.isInteger(entry) || entry <= lastKept || entry >= previous.bodyEnds.length)
        throw new RangeError(`index update: kept source ${entry} is out of order or unknown`);
      lastKept = entry;
      bodyEnds[j] = previous.bodyEnds[entry]!;
      for (let k = oldBase[entry]!; k < oldBase[entry + 1]!; k++) {
        remap[k] = count++;
        hashes.push(old.sentenceHash[k]!);
      }
      return;
    }
    const text = entry.text;
    const bodyEnd = findBoilerplateStart(text, entry.outlet);
    bodyEnds[j] = bodyEnd;
    wordStem.length = wordStart.length = wordEnd.length = 0;
    scanMatchWords(text, 0, bodyEnd, (norm, start, end) => {
      wordStem.push(stemId(stemWord(norm)));
      wordStart.push(start);
      wordEnd.push(end);
    });
    for (const s of cutSentences(
      text,
      bodyEnd,
      wordStem.length,
      (i) => wordStart.data[i]!,
      (i) => wordEnd.data[i]!,
    )) {
      const g = count++;
      let h = 0x811c9dc5;
      for (let i = s.tokFrom; i < s.tokTo; i++)
        h = Math.imul(h ^ stemHashes[wordStem.data[i]!]!, 0x01000193);
      hashes.push(h);
      for (let i = s.tokFrom; i < s.tokTo; i++) {
        const id = wordStem.data[i]!;
        if (lastSeen[id] === g) continue;
        lastSeen[id] = g;
        pairStem.push(id);
        pairSentence.push(g);
      }
    }
  });
  sentenceBase[plan.length] = count;
  const sentenceHash = hashes.data.slice(0, hashes.length);

  // The scanned sources' postings by stem: a counting sort, stable, so each stem's stay ascending.
  const stems = ids.size;
  const freshOffsets = new Int32Array(stems + 1);
  for (let k = 0; k < pairStem.length; k++) freshOffsets[pairStem.data[k]! + 1]!++;
  for (let s = 0; s < stems; s++) freshOffsets[s + 1]! += freshOffsets[s]!;
  const fill = freshOffsets.slice(0, stems);
  const fresh = new Int32Array(pairStem.length);
  for (let k = 0; k < pairStem.length; k++)
    fresh[fill[pairStem.data[k]!]!++] = pairSentence.data[k]!;

  // Each stem's kept postings (renumbered, removed ones skipped) merged with its scanned ones.
  // Kept sources keep their relative order, so renumbered postings stay ascending.
  const oldPostings = old.postings;
  let removedAny = false;
  let moved = false;
  for (let k = 0; k < remap.length; k++) {
    if (remap[k]! < 0) removedAny = true;
    else if (remap[k] !== k) moved = true;
  }
  let kept = oldPostings;
  if (!removedAny && moved) {
    kept = new Int32Array(oldPostings.length);
    for (let k = 0; k < kept.length; k++) kept[k] = remap[oldPostings[k]!]!;
  }
  const merged = new Int32Array(oldPostings.length + fresh.length);
  const offsets = new Int32Array(stems + 1);
  let w = 0;
  let emptyStems = 0;
  for (let s = 0; s < stems; s++) {
    offsets[s] = w;
    let a = s < oldStems ? old.offsets[s]! : 0;
    const aEnd = s < oldStems ? old.offsets[s + 1]! : 0;
    let b = freshOffsets[s]!;
    const bEnd = freshOffsets[s + 1]!;
    if (!removedAny) {
      // Nothing removed: runs of kept postings are copied whole between the scanned ones.
      for (; b < bEnd; b++) {
        const at = lowerBound(kept, fresh[b]!, a, aEnd);
        merged.set(kept.subarray(a, at), w);
        w += at - a;
        a = at;
        merged[w++] = fresh[b]!;
      }
      merged.set(kept.subarray(a, aEnd), w);
      w += aEnd - a;
    } else
      for (;;) {
        while (a < aEnd && remap[oldPostings[a]!]! < 0) a++;
        if (a < aEnd) {
          const x = remap[oldPostings[a]!]!;
          if (b < bEnd && fresh[b]! < x) merged[w++] = fresh[b++]!;
          else {
            merged[w++] = x;
            a++;
          }
        } else if (b < bEnd) merged[w++] = fresh[b++]!;
        else break;
      }
    if (offsets[s] === w) emptyStems++;
  }
  offsets[stems] = w;
  const postings = w === merged.length ? merged : merged.slice(0, w);
  if (emptyStems === 0)
    return { stems: { ids, offsets, postings, sentenceBase, sentenceHash }, bodyEnds };

  // Stems no sentence holds any more are dropped, so a library that changes often does not grow.
  const newId = new Int32Array(stems);
  const keptOffsets = new Int32Array(stems - emptyStems + 1);
  let n = 0;
  for (let s = 0; s < stems; s++) {
    if (offsets[s] === offsets[s + 1]) continue;
    newId[s] = n;
    keptOffsets[n++] = offsets[s]!;
  }
  const keptIds = new Map<string, number>();
  for (const [stem, id] of ids) if (offsets[id] !== offsets[id + 1]) keptIds.set(stem, newId[id]!);
  keptOffsets[n] = w;
  return {
    stems: { ids: keptIds, offsets: keptOffsets, postings, sentenceBase, sentenceHash },
    bodyEnds,
  };
}

/** `a` in an array twice its length, the new entries `fill`. */
function doubled<T extends Int32Array | Uint8Array>(a: T, fill: number): T {
  const out = new (a.constructor as new (n: number) => T)(a.length * 2);
  out.set(a);
  out.fill(fill, a.length);
  return out;
}

/** FNV-1a of a stem's characters: the same stem hashes the same in every index and update. */
function stemHash(stem: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stem.length; i++) h = Math.imul(h ^ stem.charCodeAt(i), 0x01000193);
  return h;
}
