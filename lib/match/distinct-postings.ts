/**
 * A stem's postings with later copies of a sentence left out, for candidate retrieval. Retrieval
 * keeps one sentence of each hash (`topSentences` with `hashes`), the first offered, which is the
 * copy with the lowest id: copies hold the same stems, so they share every list and score alike.
 * Walking the later copies only to pass them over was a third of retrieval's time in a library
 * whose sources repeat sentences (wire copy run by many outlets; the benchmark's synthetic
 * library, whose 237,216 sentences at 10,000 sources are 40,481 distinct ones). The lists are made
 * the first time a stem seeds, and kept with the library.
 */
import type { Library } from '../library';

const NO_POSTINGS = new Int32Array(0);

/** Each library's lists made so far, by stem id. */
const made = new WeakMap<Library, Map<number, Int32Array>>();

/**
 * The ascending sentence ids holding `stem`, without any sentence whose hash an earlier id in the
 * list has. Sentences whose different stems hash alike (a 32-bit hash) are treated as copies here,
 * as retrieval already treats them when both score.
 */
export function distinctPostings(library: Library, stem: string): Int32Array {
  const { ids, offsets, postings, sentenceHash } = library.stems;
  const id = ids.get(stem);
  if (id === undefined) return NO_POSTINGS;
  let lists = made.get(library);
  if (!lists) made.set(library, (lists = new Map()));
  let list = lists.get(id);
  if (list) return list;
  const all = postings.subarray(offsets[id]!, offsets[id + 1]!);
  list = all;
  const seen = new Set<number>();
  let kept = 0;
  for (let p = 0; p < all.length; p++) {
    const h = sentenceHash[all[p]!]!;
    if (seen.has(h)) {
      // The first copy found: from here on the list is written anew (no copy when there is none).
      if (list === all) list = all.slice();
      continue;
    }
    seen.add(h);
    if (list !== all) list[kept] = all[p]!;
    kept++;
  }
  if (list !== all) list = list.slice(0, kept);
  lists.set(id, list);
  return list;
}
