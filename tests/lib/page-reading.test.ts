// A page's words, quotes and passage memo are read once for the look for likely sources and the
// matching after it: the highlights must be those of a page matched afresh, whatever came before.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract';
import { createLibrary, updateLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { likelySources } from '../../lib/match/likely-sources';
import { readingOf } from '../../lib/match/page-reading';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';
import { parseDocument } from '../../lib/node/dom';

const PAGES = join(import.meta.dirname, '../../assets/demo/pages');
const texts = readdirSync(PAGES)
  .sort()
  .map((f) => extractArticle(parseDocument(readFileSync(join(PAGES, f), 'utf8'))).text);
const sources = loadSources(DEMO_LIBRARY_DIR);

/** Matches `text` with nothing of it remembered: another text is read first. */
const fresh = (text: string, library: ReturnType<typeof createLibrary>) => {
  readingOf(`${text} (another page)`);
  return matchText(text, library);
};

describe('a page read once for likely sources and matching', () => {
  it('is read once: the look for likely sources and the matching share its words', () => {
    const library = createLibrary(sources);
    likelySources(texts[0]!, library);
    const words = readingOf(texts[0]!).words;
    matchText(texts[0]!, library);
    expect(readingOf(texts[0]!).words).toBe(words);
    readingOf(texts[1]!);
    expect(readingOf(texts[0]!).words).not.toBe(words);
  });

  it('gets the highlights of a page matched afresh, after likely sources or a match of it before', () => {
    const library = createLibrary(sources);
    let matched = 0;
    for (const text of texts) {
      const expected = fresh(text, library);
      matched += expected.length;
      likelySources(text, library);
      expect(matchText(text, library)).toEqual(expected);
      expect(matchText(text, library)).toEqual(expected);
    }
    // The demo pages render their sources: the comparison is not of empty lists.
    expect(matched).toBeGreaterThan(5);
  });

  it('gets the highlights of the changed library when the same page is matched again after a change', () => {
    const library = createLibrary(sources.slice(0, 1));
    const grown = updateLibrary(library, { put: sources.slice(1) });
    let differ = 0;
    for (const text of texts) {
      const before = matchText(text, library);
      const after = matchText(text, grown);
      expect(after).toEqual(fresh(text, grown));
      if (JSON.stringify(after) !== JSON.stringify(before)) differ++;
      const shrunk = updateLibrary(grown, { removed: [sources[0]!.id] });
      matchText(text, grown);
      expect(matchText(text, shrunk)).toEqual(fresh(text, shrunk));
    }
    // The sources added find what the first alone did not.
    expect(differ).toBeGreaterThan(0);
  });
});
