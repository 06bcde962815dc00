// What matching remembers across pages (a page word's close words in a source, the words of the
// passages the gates read) is kept with the source or by text: a page's highlights must be those of
// the page matched first against a library just built, whatever pages came before it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';
import { parseDocument } from '../../lib/node/dom';

const PAGES = join(import.meta.dirname, '../../assets/demo/pages');
const sources = loadSources(DEMO_LIBRARY_DIR);
const texts = [
  ...readdirSync(PAGES)
    .sort()
    .map((f) => extractArticle(parseDocument(readFileSync(join(PAGES, f), 'utf8'))).text),
  // A page in German: its function words weigh nothing ("die"), where on an English page the same
  // spelling is a word with senses of its own.
  'Die Regierung und die Armee haben die Angriffe verurteilt, sagte der Sprecher am Mittwoch.',
];

describe('a page matched after others against the same library', () => {
  it('gets the highlights it gets as the first page, in either order', () => {
    const first = texts.map((text) => matchText(text, createLibrary(sources)));
    // The demo pages render their sources: the comparison is not of empty lists.
    expect(first.flat().length).toBeGreaterThan(5);
    for (const order of [texts.keys(), [...texts.keys()].reverse()]) {
      const library = createLibrary(sources);
      for (const i of order) expect(matchText(texts[i]!, library)).toEqual(first[i]);
    }
  });
});
