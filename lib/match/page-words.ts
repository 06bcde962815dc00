/**
 * A page's match words weighed for the page's language. Word weights come from English frequency
 * ranks, where "de", "la" or "und" are rare words; on a page that does not read as English, the
 * function words of the other Latin-script languages weigh nothing, as English ones do, so two
 * passages in French or German do not meet on their articles and conjunctions.
 */
import { wordsReadAsEnglish } from '../text/language';
import { isForeignFunctionWord, matchTokens, type MatchToken } from '../text/words';

/** `matchTokens` of `text`, with other languages' function words weighing nothing when it is not English. */
export function pageWords(text: string): MatchToken[] {
  const tokens = matchTokens(text);
  if (wordsReadAsEnglish(tokens)) return tokens;
  for (const t of tokens) if (isForeignFunctionWord(t.norm)) t.weight = 0;
  return tokens;
}
