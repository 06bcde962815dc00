/**
 * What the overlay should draw on a demo page, whatever the browser: the core run in Node on the
 * same page, read the way the content script reads it (Readability, then the live article region).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../lib/analyze';
import { createReadingSkip, findLiveArticle } from '../../../lib/dom/article-region';
import { extractArticle } from '../../../lib/extract';
import { createLibrary } from '../../../lib/library';
import { parseDocument } from '../../../lib/node/dom';
import { DEMO_LIBRARY_DIR, loadSources } from '../../../lib/node/load-sources';
import { buildHighlights } from '../../../lib/overlay/model';
import { ROOT } from '../../../testkit/harness';
import { KINDS, type Kind } from '../../../testkit/overlay-page';

export const DEMO_PAGES = join(ROOT, 'assets/demo/pages');

/** Text with its runs of white space made one space: ranges and extracted text space alike. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The highlight texts of each kind the core finds on demo page `file`, sorted. */
export function expectedTexts(file: string): Record<Kind, string[]> {
  return expectedTextsOf(readFileSync(join(DEMO_PAGES, file), 'utf8'), file);
}

/** The highlight texts of each kind the core finds on a page of the demo's story (`html`), sorted. */
export function expectedTextsOf(html: string, name = 'the page'): Record<Kind, string[]> {
  const doc = parseDocument(html);
  const live = findLiveArticle(doc, extractArticle(doc).text, createReadingSkip(null));
  if (!live) throw new Error(`no article found in ${name}`);
  const report = analyzeText(live.block.text, createLibrary(loadSources(DEMO_LIBRARY_DIR)));
  const out = Object.fromEntries(KINDS.map((k) => [k, [] as string[]])) as Record<Kind, string[]>;
  for (const item of buildHighlights(report, live.block.text.length))
    out[item.kind].push(squash(live.block.text.slice(item.start, item.end)));
  for (const k of KINDS) out[k].sort();
  return out;
}
