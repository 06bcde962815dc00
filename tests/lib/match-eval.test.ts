import { expect, it } from 'vitest';
import { FLOORS, precision, runEval } from '../../scripts/eval';
import { describeShared, SHARED_DIR } from '../helpers/shared';

describeShared('matching quality on the shared fixtures (floors of issue 4)', () => {
  const result = SHARED_DIR ? runEval(SHARED_DIR) : null;
  const recall = (k: string) => {
    const b = result!.coverage.links[k]!;
    return b.total ? b.found / b.total : 1;
  };

  it('links no passage on the readability pages', () => {
    expect(result!.negatives.found).toEqual([]);
  });

  it('finds every verbatim link and every reused sentence of coverage-dev', () => {
    expect(recall('verbatim')).toBeGreaterThanOrEqual(FLOORS.verbatim);
    expect(recall('reuse')).toBeGreaterThanOrEqual(FLOORS.reuse);
  });

  it('links at most 5% of the distractor quotes', () => {
    expect(result!.coverage.distractorsLinked).toBeLessThanOrEqual(
      FLOORS.distractors * result!.coverage.distractors,
    );
  });

  // The corpus among 10,000 sources, the others unrelated articles: chance meetings of words grow
  // with the library, so rules that hold on the corpus alone are read again here.
  it('links nothing to unrelated sources, and keeps precision, when the corpus sits in a library of 10,000', () => {
    const big = result!.big;
    expect(big.sources).toBe(10_000);
    expect(big.unrelated.map((u) => `${u.page}: ${u.pageText}`)).toEqual([]);
    expect(precision(big.coverage)).toBeGreaterThanOrEqual(FLOORS.precision);
    expect(big.topical.negativeMatches).toBeLessThanOrEqual(
      FLOORS.topicalNegatives * big.topical.negativePages,
    );
  });

  it('links the right source passage at least 95% of the time', () => {
    expect(precision(result!.coverage)).toBeGreaterThanOrEqual(FLOORS.precision);
  });

  it('never flags a figure that agrees with the source as a divergence', () => {
    const n = result!.coverage.numbers;
    // Only meaningful when some agreeing figure lies inside a match.
    expect(n.agreeCovered).toBeGreaterThan(0);
    expect(n.false).toBe(0);
  });

  it('meets the paraphrase recall floor', () => {
    expect(recall('paraphrase')).toBeGreaterThanOrEqual(FLOORS.paraphrase);
  });

  // Issue 28: pages about the same people at other events, per fold (dealt by outlet and by story).
  it('keeps topical-dev precision at 85% or more and at most 1 match per 10 negative pages, in every fold', () => {
    for (const [name, f] of Object.entries(result!.folds)) {
      const t = f.topical;
      if (t.hits + t.wrong > 0)
        expect(precision(t), `${name} topical precision`).toBeGreaterThanOrEqual(
          FLOORS.topicalPrecision,
        );
      expect(t.negativeMatches, `${name} matches on negative pages`).toBeLessThanOrEqual(
        FLOORS.topicalNegatives * t.negativePages,
      );
      expect(precision(f.coverage), `${name} coverage precision`).toBeGreaterThanOrEqual(
        FLOORS.precision,
      );
    }
  });

  // Not met yet (see the eval table in the README): kept as an expected failure so the gap stays visible.
  it.fails('meets the variant recall floor', () => {
    expect(recall('variant')).toBeGreaterThanOrEqual(FLOORS.variant);
  });
});
