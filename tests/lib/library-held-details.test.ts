// One page's analysis keeps the details of every source it meets (up to HELD_DETAILS), so a page
// that meets more sources than the cache holds derives each once instead of over and over, then
// the cache goes back to its size. Here the cache holds one source and the demo library has three.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../lib/analyze';
import { extractArticle } from '../../lib/extract';
import {
  createLibrary,
  detailsDerived,
  heldDetails,
  holdingDetails,
  type Library,
} from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { parseDocument } from '../../lib/node/dom';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';

const DEMO_PAGES_DIR = join(import.meta.dirname, '../../assets/demo/pages');

const sources = loadSources(DEMO_LIBRARY_DIR);
const pageText = (name: string) =>
  extractArticle(parseDocument(readFileSync(join(DEMO_PAGES_DIR, `${name}.html`), 'utf8'))).text;
/** How many sources hold their details now. */
const holding = (lib: Library) =>
  new Set(heldDetails(lib).order.filter((p) => heldDetails(lib).peek(p) !== null)).size;

describe("a page's analysis and the details cache", () => {
  it.each(['wire-copy', 'rewritten'])(
    '%s: each source met is derived once, the highlights are the same, and the cache shrinks back',
    (name) => {
      const text = pageText(name);
      const roomy = createLibrary(sources);
      const expected = analyzeText(text, roomy);
      const tight = createLibrary(sources, { detailCacheSize: 1 });
      const report = analyzeText(text, tight);
      expect(report).toEqual(expected);
      expect(report.matches.length).toBeGreaterThan(5);
      expect(detailsDerived(tight)).toBeLessThanOrEqual(sources.length);
      expect(holding(tight)).toBe(1);
      // Unheld, the same matching with a one-source cache derives the same sources many times over.
      const unheld = createLibrary(sources, { detailCacheSize: 1 });
      matchText(text, unheld);
      expect(detailsDerived(unheld)).toBeGreaterThan(5 * sources.length);
    },
  );

  it('nested holds release the cache at the last one, and a failing analysis releases it too', () => {
    const lib = createLibrary(sources, { detailCacheSize: 1 });
    holdingDetails(lib, () => holdingDetails(lib, () => matchText(pageText('wire-copy'), lib)));
    expect(holding(lib)).toBe(1);
    expect(() =>
      holdingDetails(lib, () => {
        matchText(pageText('rewritten'), lib);
        expect(holding(lib)).toBeGreaterThan(1);
        throw new Error('page gone');
      }),
    ).toThrow('page gone');
    expect(holding(lib)).toBe(1);
  });
});
