/**
 * Matching on the demo pages with warm code, in Node: each page is matched once (its first run is
 * printed), then in rounds of `N` runs; the median round is reported. The page's attributions are
 * forgotten before every run, as a new page load would. Steadier than the main bench's five runs,
 * for comparing changes to the matcher.
 *
 *   npx tsx bench/warm.ts                       # rewritten, wire-copy, opinion
 *   N=100 R=9 PAGES=rewritten npx tsx bench/warm.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../lib/extract';
import { createLibrary } from '../lib/library';
import { matchText } from '../lib/match/index';
import { parseDocument } from '../lib/node/dom';
import { forgetTextAnalyses } from '../lib/text/attribution';
import { benchSources, DEMO_PAGES_DIR } from './fixtures';
import { median } from './stats';

const runs = Number(process.env.N ?? 100);
const rounds = Number(process.env.R ?? 9);
const names = (process.env.PAGES ?? 'rewritten,wire-copy,opinion').split(',');
const library = createLibrary(benchSources());
const texts = names.map(
  (name) =>
    extractArticle(parseDocument(readFileSync(join(DEMO_PAGES_DIR, `${name}.html`), 'utf8'))).text,
);

const timed = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
const firsts = texts.map((text) => timed(() => matchText(text, library)));
const perRound: number[][] = names.map(() => []);
for (let r = 0; r < rounds; r++) {
  texts.forEach((text, p) => {
    const ms = timed(() => {
      for (let i = 0; i < runs; i++) {
        forgetTextAnalyses();
        matchText(text, library);
      }
    });
    perRound[p]!.push(ms / runs);
  });
}
for (const [p, name] of names.entries()) {
  console.log(
    `${name.padEnd(12)} first run ${firsts[p]!.toFixed(2).padStart(7)} ms   warm ${median(perRound[p]!).toFixed(3)} ms (best round ${Math.min(...perRound[p]!).toFixed(3)})`,
  );
}
