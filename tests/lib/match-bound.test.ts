/**
 * The candidate bound (`unlinkable` in lib/match/index.ts) skips alignments no rule of `decide`
 * could turn into a match. It restates those rules' thresholds, so here every page is matched with
 * the bound and without it, and the matches must be the same: a rule changed in one place only
 * shows up as a failure here rather than as links silently lost.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract';
import { createLibrary, type Library } from '../../lib/library';
import { matchText, setCandidateBound } from '../../lib/match/index';
import { parseDocument } from '../../lib/node/dom';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';
import { forgetTextAnalyses } from '../../lib/text/attribution';
import { describeShared, sharedPath } from '../helpers/shared';

afterEach(() => setCandidateBound(true));

/** The matches of `text` with the bound off, then on (each reading the page afresh). */
function bothWays(text: string, library: Library) {
  setCandidateBound(false);
  forgetTextAnalyses();
  const unbounded = matchText(text, library);
  setCandidateBound(true);
  forgetTextAnalyses();
  return { unbounded, bounded: matchText(text, library) };
}

const pageText = (file: string) => extractArticle(parseDocument(readFileSync(file, 'utf8'))).text;

describe('the candidate bound', () => {
  const library = createLibrary(loadSources(DEMO_LIBRARY_DIR));
  const dir = join(import.meta.dirname, '../../assets/demo/pages');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    it(`changes no match on the demo page ${file}`, () => {
      const { unbounded, bounded } = bothWays(pageText(join(dir, file)), library);
      expect(bounded).toEqual(unbounded);
    });
  }
});

describeShared('the candidate bound on real coverage', () => {
  it('changes no match on any coverage-dev page', () => {
    const library = createLibrary(loadSources(sharedPath('corpus')));
    const dir = sharedPath('fixtures/coverage-dev/pages');
    let matches = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
      const { unbounded, bounded } = bothWays(pageText(join(dir, file)), library);
      expect(bounded, file).toEqual(unbounded);
      matches += bounded.length;
    }
    // The pages do link: the comparison is not between two empty lists.
    expect(matches).toBeGreaterThan(30);
  });
});
