/**
 * Word weights come from English frequency ranks, where French or German articles and conjunctions
 * ("de", "la", "und") are rare words. On a page in another language they weigh nothing, so a quote
 * and a source sentence in French do not meet on them. Invented texts.
 */
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { pageWords } from '../../lib/match/page-words';
import { sourcesFromJson } from '../../lib/sources';

const weightOf = (text: string, word: string) =>
  pageWords(text).find((t) => t.norm === word)?.weight ?? null;

describe("a page's words in its own language", () => {
  it('weigh nothing when they are function words of a page in French or German', () => {
    expect(weightOf('Le maire de la ville a parlé de la pêche.', 'de')).toBe(0);
    expect(weightOf('Der Bürgermeister und die Stadt haben gesprochen.', 'und')).toBe(0);
    // The same spelling on an English page keeps its English weight ("die" is a verb there).
    expect(weightOf('Many fish die when the river runs dry in August.', 'die')).toBeGreaterThan(0);
  });

  it('do not link a French quote to a French sentence it shares only those and one name with', () => {
    const library = createLibrary(
      sourcesFromJson([
        {
          id: 'gazette',
          title: 'Nouvelles de la région',
          language: 'fr',
          text:
            'Le conseil municipal de la ville a voté le budget de la culture pour l’année prochaine.\n' +
            'L’ambassade de la nation a été le théâtre d’une prise d’otages par des soldats iraniens dissidents.',
        },
      ]),
    );
    const page =
      'Des manifestants ont crié "le courage de la nation iranienne" devant le palais mercredi.';
    expect(matchText(page, library)).toEqual([]);
  });
});
