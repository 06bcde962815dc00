/**
 * Matching in the order the browser bench loads its pages (the biggest readability fixtures, then
 * the demo pages), pass after pass, in Node: the median of the passes after the first, per page.
 * Unlike bench/warm.ts, a page is never matched twice in a row, so the code is only as warm as a
 * worker that meets pages one after another gets it. Run under `--max-opt=1` (V8's baseline
 * compiler only) it stands in for the service worker's half-warm code:
 *
 *   node --max-opt=1 --import tsx bench/sequence.ts
 *   P=8 node --import tsx bench/sequence.ts      # passes (default 8), full compiler
 *
 * Needs ../shared for the readability fixtures; without it only the demo pages are matched.
 */
import { readFileSync } from 'node:fs';
import { extractArticle } from '../lib/extract';
import { createLibrary } from '../lib/library';
import { matchText } from '../lib/match/index';
import { parseDocument } from '../lib/node/dom';
import { forgetTextAnalyses } from '../lib/text/attribution';
import { benchSources, biggestReadabilityPages, demoPages } from './fixtures';
import { median } from './stats';

const passes = Math.max(2, Number(process.env.P ?? 8));
const library = createLibrary(benchSources());
const pages = [...biggestReadabilityPages(6), ...demoPages()];
const texts = pages.map(
  (p) =>
    extractArticle(parseDocument(readFileSync(p.file, 'utf8')), {
      url: `https://example.invalid/${p.name}`,
    }).text,
);

const times: number[][] = pages.map(() => []);
for (let pass = 0; pass < passes; pass++) {
  texts.forEach((text, i) => {
    // A page load reads the page's attributions afresh.
    forgetTextAnalyses();
    const t0 = performance.now();
    matchText(text, library);
    if (pass > 0) times[i]!.push(performance.now() - t0);
  });
}
console.log(
  `matchText in the browser bench's order, ${passes} passes: median ms of passes 2..${passes}`,
);
pages.forEach((p, i) => console.log(`  ${p.name.padEnd(26)} ${median(times[i]!).toFixed(2)}`));
