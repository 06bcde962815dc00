/**
 * Whether two speaker names name one person, by the rule the overlay uses to find an actor under
 * another transliteration (./phonetic.ts): "Davron Haltursunov" and "Water Resources Minister
 * Davron Khaltursunov" are one speaker. The popover and the dashboard both ask this before they
 * say words went to someone else.
 */
import { tokenize } from '../text/normalize';
import { sameNameWord } from './phonetic';

/** Words of a name, without possessive endings ("Oskelund's" is Oskelund). */
const nameWords = (s: string) =>
  tokenize(s)
    .map((t) => t.norm.replace(/'s$/, ''))
    .filter((w) => w.length > 0);

/**
 * True when every word of the shorter name is, or is spelled like, a word of the longer one
 * ("Oskelund" and "Foreign Minister Maren Oskelund"); false when either name is empty.
 */
export function sameNamed(a: string, b: string): boolean {
  const x = nameWords(a);
  const y = nameWords(b);
  if (x.length === 0 || y.length === 0) return false;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.every((w) => long.some((v) => v === w || sameNameWord(v, w)));
}
