/**
 * A short quote whose speaker no source names must not be linked on two words it shares by chance
 * with a sentence of an unrelated source: in a library of thousands, some sentence holds any two
 * rare words (a French idiom in a French article, "options" twice in a forum post). Invented texts.
 */
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

const library = createLibrary(
  sourcesFromJson([
    {
      id: 'survey',
      title: 'Glacier survey ends early',
      text:
        'The pragmatism of the glacier survey team impressed the visiting geologists from Tromsø.\n' +
        'The team packed its instruments on Friday after the ridge camp flooded twice in one week.',
    },
  ]),
);

describe('a quote that shares only two words with a source sentence', () => {
  it('is not linked when neither passage names who speaks', () => {
    const page =
      'Council members praised what one of them called "glacier pragmatism" at the budget hearing on Monday.';
    expect(matchText(page, library)).toEqual([]);
  });

  it('is linked when it shares three words or more of the same sentence', () => {
    const page =
      'One visitor admired what she called "the pragmatism of the glacier survey team" during the hearing.';
    const [m] = matchText(page, library);
    expect(m).toMatchObject({ sourceId: 'survey' });
    expect(m!.sourceText).toContain('pragmatism of the glacier survey team');
  });
});
