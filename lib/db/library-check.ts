/**
 * The fingerprint of the sources as stored, for the check a woken worker makes some seconds after
 * it served a page from its stored library (a change made behind the service's back). Read whole,
 * 10,000 sources took 0.9-1.2 s of the worker's time and all their texts at once; here they are read
 * a batch at a time, each batch after `turn()` (which waits while a page is being read), and only
 * the fingerprint is kept.
 */
import type { StoredSource } from '../messages';
import { indexFromHasher } from './library-pack';
import type { SourcelightDatabase } from './schema';

/** Sources per read: a few hundred KB of texts. */
export const CHECK_BATCH = 200;

/** `indexFrom` of every stored source, in key order (the library's order), read in batches. */
export async function storedSourcesFrom(
  db: SourcelightDatabase,
  tag: string,
  turn: () => Promise<void>,
  batch = CHECK_BATCH,
): Promise<string> {
  const from = indexFromHasher(tag);
  let after: string | null = null;
  for (;;) {
    await turn();
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const records: StoredSource[] = await db.getAll('sources', range, batch);
    for (const r of records) from.add(r);
    if (records.length < batch) return from.done();
    after = records[records.length - 1]!.id;
  }
}
