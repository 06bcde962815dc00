/**
 * The hand-over to a meaning-model stage (lib/match/unmatched.ts): the page units the lexical
 * stages did not link, with the source sentences that share their rarest words. Invented texts.
 */
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { unmatchedUnits } from '../../lib/match/unmatched';
import { sourcesFromJson } from '../../lib/sources';

const library = createLibrary(
  sourcesFromJson([
    {
      id: 'dam',
      title: 'Strenna dam',
      text:
        'The river authority opened the spillway gates of the Strenna dam on Monday. ' +
        '“We could not hold the reservoir any longer,” engineer Ilse Varrow said. ' +
        'Farmers downstream lost their winter barley to the flood.',
    },
  ]),
);

describe('units left for a later stage', () => {
  it('lists the units no match covers, with their candidate source sentences, and not the matched ones', () => {
    const page =
      '“We could not hold the reservoir any longer,” Varrow said. ' +
      'Growers along the lower valley saw the barley harvest ruined by the water.';
    const matches = matchText(page, library);
    expect(matches.some((m) => m.kind === 'verbatim')).toBe(true);
    const left = unmatchedUnits(page, library, matches);
    expect(left.map((u) => u.text)).toEqual([
      'Growers along the lower valley saw the barley harvest ruined by the water.',
    ]);
    expect(left[0]!.quote).toBe(false);
    expect(left[0]!.candidates[0]).toMatchObject({
      sourceId: 'dam',
      text: 'Farmers downstream lost their winter barley to the flood.',
    });
  });
});
