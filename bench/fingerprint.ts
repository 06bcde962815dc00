/**
 * Matching fingerprint: a hash of every match `matchText` finds on the coverage and readability pages
 * against synthetic libraries of several sizes (the same libraries as bench/scale.ts). Performance
 * work on the library or the matcher must leave it unchanged: run it before and after and compare.
 *
 *   npx tsx bench/fingerprint.ts [--sizes=10,1000,10000]
 */
import { createHash } from 'node:crypto';
import { extractArticle } from '../lib/extract';
import { createLibrary } from '../lib/library';
import { matchText } from '../lib/match/index';
import { parseDocument } from '../lib/node/dom';
import { allReadabilityFiles, corpusSources, coveragePages, readUtf8, SHARED } from './fixtures';
import { sentencePool, syntheticSources } from './scale';

const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
const SIZES = sizesArg ? sizesArg.slice(8).split(',').map(Number) : [10, 1_000, 10_000];

if (!SHARED) {
  console.log('../shared is absent: no pages to fingerprint.');
} else {
  const pool = sentencePool(allReadabilityFiles());
  const filler = syntheticSources(pool, Math.max(...SIZES));
  const pages = [...coveragePages(), ...allReadabilityFiles()].map(
    (f) => extractArticle(parseDocument(readUtf8(f))).text,
  );
  for (const size of SIZES) {
    const corpus = corpusSources();
    const library = createLibrary([
      ...corpus,
      ...filler.slice(0, Math.max(0, size - corpus.length)),
    ]);
    const hash = createHash('sha256');
    let count = 0;
    for (const text of pages) {
      const matches = matchText(text, library);
      count += matches.length;
      hash.update(JSON.stringify(matches));
    }
    console.log(`${size} sources: ${count} matches, sha256 ${hash.digest('hex').slice(0, 16)}`);
  }
}
