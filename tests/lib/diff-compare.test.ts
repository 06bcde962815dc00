import { describe, expect, it } from 'vitest';
import { comparePassages, diffReadable } from '../../lib/diff/compare';
import { wordDiff } from '../../lib/diff/word-diff';

describe('comparePassages', () => {
  const page =
    'offered to send a dozen mobile pumps and a team of engineers to Lower Sarn and said Tashvel would pay for the deployment';
  const source =
    'He offered to send 12 mobile pumping units and a team of engineers to Lower Sarn province, where Belvorian authorities say 1,240 people have been displaced, and said Zarhan would cover the cost of the deployment';

  it('lists the claim words and names both passages carry, never their function words', () => {
    const c = comparePassages(page, source);
    const shared = c.shared.map((t) => t.text);
    expect(shared).toEqual(expect.arrayContaining(['engineers', 'Lower Sarn', 'deployment']));
    expect(shared.some((t) => /^(a|and|to|the|of)$/i.test(t))).toBe(false);
    expect(c.shared.find((t) => t.text === 'Lower Sarn')?.kind).toBe('name');
  });

  it('puts figures and names only one side has first: what a reader checks', () => {
    const c = comparePassages(page, source);
    expect(c.sourceOnly.slice(0, 2).map((t) => t.kind)).toEqual(['figure', 'figure']);
    expect(c.sourceOnly.map((t) => t.text)).toEqual(
      expect.arrayContaining(['12', '1,240', 'Zarhan']),
    );
    expect(c.pageOnly.map((t) => t.text)).toContain('Tashvel');
  });

  it('pairs a word with its source synonym and says it is not the same word', () => {
    const c = comparePassages(
      'This release did grave damage to people',
      'This release did serious harm to people',
    );
    expect(c.shared).toContainEqual({ text: 'damage', kind: 'word', source: 'harm', same: false });
  });
});

describe('diffReadable', () => {
  it('reads a reworded quote as a diff and a paraphrase not', () => {
    expect(
      diffReadable(
        wordDiff(
          'the release had averted a far greater disaster',
          'the release had prevented a far greater disaster',
        ),
      ),
    ).toBe(true);
    expect(
      diffReadable(
        wordDiff(
          'Both delegations have accepted our invitation',
          'said both delegations had accepted the invitation and that the agenda would cover notification procedures',
        ),
      ),
    ).toBe(false);
  });
});
