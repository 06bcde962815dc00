/**
 * What matching reads from a page's text alone (its words, its quotes, the memo of its passages),
 * kept for the last text read. A woken service worker first finds the sources a page likely meets
 * (./likely-sources.ts), reads their texts, then matches the page: both read the same words,
 * quotes and clauses (wikipedia-2 in Node: the look for likely sources added 20 ms to matching,
 * 12 once the reading is shared).
 * The memo only remembers what follows from the text and from sources it names by object, so a
 * page matched twice, against any library, reads as if fresh.
 */
import type { TextRange } from '../text/segment';
import type { MatchToken } from '../text/words';
import { pageCache, type PageCache } from './page-cache';
import { pageQuotes } from './page-quotes';
import { pageWords } from './page-words';

/** A page text's words, quotes and passage memo; treat as read-only. */
export interface PageReading {
  words: readonly MatchToken[];
  quotes: readonly TextRange[];
  cache: PageCache;
}

/** The last text's reading; it stays until another text is read (wikipedia-2's: 3.2 MB). */
let last: { text: string; reading: PageReading } | null = null;

/** The reading of `text`: the last one when the text is the same, else a new one. */
export function readingOf(text: string): PageReading {
  if (last?.text === text) return last.reading;
  const reading = { words: pageWords(text), quotes: pageQuotes(text), cache: pageCache() };
  last = { text, reading };
  return reading;
}

/** Lets the last reading go (a worker that lets its idle library go lets this go too). */
export function forgetReading(): void {
  last = null;
}
