/**
 * The texts of a library a waking worker restored from its stored record. The texts are most of
 * that record's bytes (27 of 40 MB at 10,000 sources) and the browser hands a record back in time
 * proportional to its bytes, while a page needs the texts of its candidate sources only (a few
 * dozen). So the library is restored without them: a page's matching reads its likely sources'
 * texts from their own records first, and anything else waits for every text, read from the
 * texts' cache entry.
 */
import { giveText, textLength, textPending } from '../lazy-text';
import type { Library } from '../library';
import type { SourcelightDatabase } from './schema';

/**
 * Above this many texts wanted at once, every text is read from their entry instead: a cost switch
 * only (at 10,000 sources the entry is 27 MB, read in time proportional to its bytes).
 */
const MANY_RECORDS = 512;

/** Reads a restored library's texts; each text is read once. */
export interface TextSupply {
  /**
   * Reads the texts of the sources at `positions()` (indexes in `library.sources`; asked only while
   * texts are missing: finding them costs a page 5-100 ms) that are not read yet, from the sources' own records; false when one of them is not the version the library
   * holds (a change behind the worker's back: the library is checked and built again then).
   */
  some(positions: () => Iterable<number>): Promise<boolean>;
  /** Reads every text; false when they cannot be read (their entry missing or not the library's). */
  all(): Promise<boolean>;
}

/**
 * The supply of `library`'s texts: `stamps` are its sources' last changes, `readAll` gives every
 * text from the texts' cache entry (throws when that entry is not the library's).
 */
export function textSupply(
  db: SourcelightDatabase,
  library: Library,
  stamps: ReadonlyMap<string, number>,
  readAll: () => Promise<void>,
): TextSupply {
  let whole: Promise<boolean> | null = null;
  const readWhole = () =>
    readAll().then(
      () => true,
      () => false,
    );
  return {
    some: async (positions) => {
      if (whole) return whole;
      const wanted = [...new Set(positions())]
        .map((i) => library.sources[i]?.source)
        .filter((s) => s !== undefined && textPending(s));
      if (wanted.length === 0) return true;
      // Many records read one by one cost more than the one entry of every text (a page made of
      // the library's own sentences meets thousands); the texts are the same either way.
      if (wanted.length > MANY_RECORDS) return (whole ??= readWhole());
      try {
        const tx = db.transaction('sources');
        const records = await Promise.all(wanted.map((s) => tx.store.get(s!.id)));
        let ok = true;
        records.forEach((record, k) => {
          const source = wanted[k]!;
          const text = record?.source.text;
          // The very version indexed: same last change and length (the stored index's fingerprint).
          if (
            typeof text === 'string' &&
            record!.updatedAt === stamps.get(source.id) &&
            text.length === textLength(source)
          )
            giveText(source, text);
          else ok = false;
        });
        return ok;
      } catch {
        return false;
      }
    },
    all: () => (whole ??= readWhole()),
  };
}
