// A waking worker compiles its page code on a sample of the embedded library while it waits for
// IndexedDB (lib/db/handlers/page.ts warmPageCode). That analysis leaves memos behind (the last
// text's reading, name runs); the pages analysed after it must get what they get without it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../lib/analyze';
import { warmPageCode } from '../../lib/db/service';
import { extractArticle } from '../../lib/extract';
import { createLibrary } from '../../lib/library';
import { parseDocument } from '../../lib/node/dom';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';

const PAGES = join(import.meta.dirname, '../../assets/demo/pages');
const sources = loadSources(DEMO_LIBRARY_DIR);
const texts = ['wire-copy', 'rewritten', 'opinion'].map(
  (n) => extractArticle(parseDocument(readFileSync(join(PAGES, `${n}.html`), 'utf8'))).text,
);
const warmedUp = () => performance.getEntriesByName('sourcelight:matcher-warm').length > 0;

describe('the waking worker warming its page code', () => {
  it('analyses a sample once, and the pages after it get the same highlights', async () => {
    const before = texts.map((t) => analyzeText(t, createLibrary(sources)));
    expect(before.every((r) => r.matches.length > 0)).toBe(true);
    // The sample opens with the very text of one of the sources analysed above.
    warmPageCode(sources[0]);
    warmPageCode(sources[1]);
    for (let i = 0; i < 100 && !warmedUp(); i++) await new Promise((ok) => setTimeout(ok, 20));
    expect(performance.getEntriesByName('sourcelight:matcher-warm')).toHaveLength(1);
    expect(texts.map((t) => analyzeText(t, createLibrary(sources)))).toEqual(before);
  });
});
