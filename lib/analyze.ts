/**
 * One call from a page to its report: extraction, matching, actors. The CLI, the evaluation
 * scripts and the extension's content script all go through here.
 */
import { findActors, type ActorCorrections } from './actors/index';
import { extractArticle, type ExtractOptions } from './extract';
import type { Library } from './library';
import { matchText } from './match/index';
import type { ExtractedArticle, PageReport } from './types';

/** Analyses plain article text (already extracted, or a `.txt` page). */
export function analyzeText(
  text: string,
  library: Library,
  page: Partial<PageReport['page']> = {},
  options: { corrections?: ActorCorrections } = {},
): PageReport {
  return {
    page: {
      title: page.title ?? null,
      url: page.url ?? null,
      isArticle: page.isArticle ?? text.trim().length > 0,
      textLength: text.length,
    },
    matches: matchText(text, library),
    actors: findActors(text, library, options.corrections),
  };
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
