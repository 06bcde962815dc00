/**
 * One call from a page to its report: extraction, matching, actors. The CLI, the evaluation
 * scripts and the extension's content script all go through here.
 */
import { findActors, type ActorCorrections } from './actors/index';
import { extractArticle, type ExtractOptions } from './extract';
import { holdingDetails, type Library } from './library';
import { matchText } from './match/index';
import type { ExtractedArticle, PageReport } from './types';

/** Analyses plain article text (already extracted, or a `.txt` page). */
export function analyzeText(
  text: string,
  library: Library,
  page: Partial<PageReport['page']> = {},
  options: { corrections?: ActorCorrections; timings?: AnalyzeTimings } = {},
): PageReport {
  const t0 = performance.now();
  const { matches, actors, t1 } = holdingDetails(library, () => {
    const matches = matchText(text, library);
    const t1 = performance.now();
    return { matches, actors: findActors(text, library, options.corrections), t1 };
  });
  if (options.timings) {
    options.timings.matchMs = t1 - t0;
    options.timings.actorsMs = performance.now() - t1;
  }
  return {
    page: {
      title: page.title ?? null,
      url: page.url ?? null,
      isArticle: page.isArticle ?? text.trim().length > 0,
      textLength: text.length,
    },
    matches,
    actors,
  };
}

/** Where an analysis spent its time (ms), for the benchmarks: filled in when asked for. */
export interface AnalyzeTimings {
  matchMs: number;
  actorsMs: number;
}

/** Extracts the article of a document and analyses it. */
export function analyzeDocument(
  doc: Document,
  library: Library,
  options: ExtractOptions = {},
): { article: ExtractedArticle; report: PageReport } {
  const article = extractArticle(doc, options);
  const report = analyzeText(article.text, library, {
    title: article.title,
    url: article.url,
    isArticle: article.isArticle,
  });
  return { article, report };
}
