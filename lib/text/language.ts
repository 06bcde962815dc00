/**
 * Whether a text is English running prose: the attribution rules are English, so text in another
 * language gets no speaker rather than a guess.
 */
import type { NameToken } from './name-tokens';

/** The commonest English function words: a text without them is not English prose. */
const ENGLISH_MARKERS = new Set([
  'the',
  'of',
  'and',
  'to',
  'that',
  'was',
  'for',
  'with',
  'he',
  'she',
  'said',
  'it',
  'by',
  'has',
  'had',
  'his',
  'her',
  'from',
  'is',
  'are',
  'were',
]);

/** Function words of other languages written in Latin script (French, Spanish, Italian, Portuguese, German, Dutch). */
const OTHER_MARKERS = new Set([
  'le',
  'la',
  'les',
  'des',
  'une',
  'est',
  'et',
  'du',
  'el',
  'los',
  'las',
  'una',
  'y',
  'del',
  'il',
  'che',
  'di',
  'gli',
  'della',
  'nao',
  'uma',
  'os',
  'der',
  'die',
  'das',
  'und',
  'ist',
  'nicht',
  'ein',
  'eine',
  'het',
  'een',
  'niet',
]);

/** Whether a text reads as English: a short text is English unless another language's words outnumber English ones. */
export function isEnglish(toks: NameToken[]): boolean {
  let uncased = 0;
  for (const t of toks) if (t.uncased) uncased++;
  if (uncased > toks.length / 2) return false;
  return wordsReadAsEnglish(toks);
}

/** The same count over any words with a lower-case form: English markers against other languages'. */
export function wordsReadAsEnglish(words: readonly { norm: string }[]): boolean {
  // One pass: pages can be long.
  let hits = 0;
  let other = 0;
  for (const t of words) {
    if (ENGLISH_MARKERS.has(t.norm)) hits++;
    else if (OTHER_MARKERS.has(t.norm)) other++;
  }
  if (words.length < 60) return hits >= other;
  // English running text has about a fifth of its words from this list; other languages a few percent.
  return hits / words.length >= 0.08;
}
