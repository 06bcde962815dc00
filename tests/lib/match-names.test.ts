import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { topicalEvidence } from '../../lib/match/rules';
import type { Scored } from '../../lib/match/unit';
import { sourcesFromJson } from '../../lib/sources';
import { matchTokens } from '../../lib/text/words';

describe('names in a restated claim', () => {
  it('count by their rarity in the library: a name in every sentence adds little evidence', () => {
    const page = matchTokens('Belvoria targeted radar sites');
    const source = matchTokens('Belvoria launched strikes targeting radar sites');
    // Every page word aligned with full similarity to its source word.
    const at = page.map((t) => source.findIndex((s) => s.stem === t.stem));
    const s = {
      a: { at, sim: at.map((j) => (j >= 0 ? 1 : 0)) },
      tokens: source,
    } as unknown as Scored;
    const evidence = page.reduce((x, t) => x + t.weight, 0);
    const common = topicalEvidence(evidence, page, s, () => 0.1);
    const rare = topicalEvidence(evidence, page, s, () => 1);
    expect(rare).toBe(evidence);
    expect(evidence - common).toBeCloseTo(page[0]!.weight * 0.9, 5);
  });
});

describe('a long name copied into a quote', () => {
  const library = createLibrary(
    sourcesFromJson([
      {
        id: 'sea',
        title: 'Halvard rejects overtures',
        text:
          'Halvard rejected the overtures, stating that “they cannot impose either war or peace on the Democratic Republic of Zarhan,” while the ministry said talks were possible.\n' +
          '“We will not negotiate while our cities burn,” Oskelund told reporters in Tessa.',
      },
    ]),
  );

  it('is no quote of the source: five words of one name say who, not what', () => {
    const page =
      'The text, published by state media, states that the law aims to "ensure full support for the inherent rights of the Democratic Republic of Zarhan" under the fishing treaty.';
    expect(matchText(page, library)).toEqual([]);
  });

  it('still lets five common words copied in a row make the quote', () => {
    const page = 'Oskelund repeated that “we will not negotiate while” the shelling goes on.';
    expect(matchText(page, library)).toMatchObject([{ kind: 'verbatim', sourceId: 'sea' }]);
  });
});
