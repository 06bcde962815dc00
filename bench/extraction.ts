/**
 * Per-page cost in Node, on the same path as the CLI: linkedom parse, Readability extraction, then
 * matching and actor finding against a library. Matching must stay well under extraction: the
 * extension pays for Readability on every page anyway.
 */
import { statSync } from 'node:fs';
import { findActors } from '../lib/actors/index';
import { extractArticle } from '../lib/extract';
import type { Library } from '../lib/library';
import { matchText } from '../lib/match/index';
import { forgetTextAnalyses } from '../lib/text/attribution';
import { parseDocument } from '../lib/node/dom';
import { readUtf8, type BenchPage } from './fixtures';
import { timeMedian } from './stats';

/** One page's Node timings (ms, medians). */
export interface NodePageTiming {
  page: string;
  bytes: number;
  parseMs: number;
  extractMs: number;
  matchMs: number;
  actorsMs: number;
  textChars: number;
  matches: number;
}

/** Measures each page: median of `runs` runs for each step (one run for pages over 2 MB). */
export function measureNodePages(pages: BenchPage[], library: Library, runs = 5): NodePageTiming[] {
  return pages.map((p) => {
    const html = readUtf8(p.file);
    const n = html.length > 2_000_000 ? 1 : runs;
    const parse = timeMedian(n, () => parseDocument(html));
    // Each extraction gets a fresh document, as a page load would.
    const docs = Array.from({ length: n }, () => parseDocument(html));
    let i = 0;
    const extract = timeMedian(n, () =>
      extractArticle(docs[i++]!, { url: `https://example.invalid/${p.name}` }),
    );
    const text = extract.result.text;
    matchText(text, library); // warm caches (stems, word weights) the way a second page would find them
    // But not the analysis of this page's own text: every page load pays for reading its attributions.
    const match = timeMedian(n, () => matchText(text, library), forgetTextAnalyses);
    const actors = timeMedian(n, () => findActors(text, library));
    return {
      page: p.name,
      bytes: statSync(p.file).size,
      parseMs: parse.ms,
      extractMs: extract.ms,
      matchMs: match.ms,
      actorsMs: actors.ms,
      textChars: text.length,
      matches: match.result.length,
    };
  });
}
