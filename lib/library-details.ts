/**
 * The details (words, sentences, quotes) a library derived for its candidate sources, as plain data
 * to keep in IndexedDB and hand to the library a service worker builds when it wakes up again.
 */
import { heldDetails, type Library, type SourceDetail } from './library';

/** One source's details, by its index in the library. */
export interface KeptDetail {
  at: number;
  detail: SourceDetail;
}

/** The details of at most `max` sources, those derived (or taken) last, by source index. */
export function recentDetails(library: Library, max: number): KeptDetail[] {
  const held = heldDetails(library);
  const index = new Map(library.sources.map((p, i) => [p, i]));
  const out: KeptDetail[] = [];
  const seen = new Set<unknown>();
  for (let k = held.order.length - 1; k >= 0 && out.length < max; k--) {
    const p = held.order[k]!;
    const detail = held.peek(p);
    const at = index.get(p);
    if (seen.has(p) || !detail || at === undefined) continue;
    seen.add(p);
    out.push({ at, detail });
  }
  return out.reverse();
}

/**
 * Hands a library details that `recentDetails` listed for a library of the very same sources (the
 * caller checks that). Each is taken only where it fits the stem index (as many sentences, words
 * inside the body); returns how many were taken.
 */
export function adoptDetails(library: Library, entries: KeptDetail[]): number {
  const held = heldDetails(library);
  const base = library.stems.sentenceBase;
  let taken = 0;
  for (const { at, detail } of entries) {
    const p = library.sources[at];
    if (!p || !Array.isArray(detail?.words)) continue;
    const last = detail.words[detail.words.length - 1];
    const fits =
      Array.isArray(detail.sentences) &&
      Array.isArray(detail.quotes) &&
      Array.isArray(detail.sentenceSpeakers) &&
      detail.sentences.length === base[at + 1]! - base[at]! &&
      detail.sentenceSpeakers.length === detail.sentences.length &&
      (last === undefined || last.end <= p.bodyEnd);
    if (fits && held.adopt(p, detail)) taken++;
  }
  return taken;
}
