/**
 * Reads a saved page (HTML or plain text, from a file or standard input) and analyses it.
 */
import { analyzeText } from '../analyze';
import { extractArticle } from '../extract';
import type { Library } from '../library';
import type { ExtractedArticle, PageReport } from '../types';
import { parseDocument } from './dom';
import { decodeText, readBytes } from './files';

/** A page read from disk, ready for matching. */
export interface LoadedPage {
  file: string;
  article: ExtractedArticle;
}

/** Whether content looks like HTML rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(?:<!doctype html|<html|<head|<body|<!--)/i.test(text) ||
    /<(?:p|div|article|body)[\s>]/i.test(text.slice(0, 5000))
  );
}

/** Loads one page: `-` reads standard input. */
export function loadPage(file: string, stdin: () => Uint8Array): LoadedPage {
  const bytes = file === '-' ? stdin() : readBytes(file);
  const name = file === '-' ? 'standard input' : file;
  const isHtmlName = /\.x?html?$/i.test(file);
  const raw = decodeText(bytes, name, isHtmlName || file === '-');
  const html = isHtmlName || (!/\.txt$/i.test(file) && looksLikeHtml(raw));
  if (html) {
    return { file, article: extractArticle(parseDocument(raw)) };
  }
  const text = raw.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const firstLine = text.trim().split('\n')[0] ?? '';
  return {
    file,
    article: {
      title: firstLine.length <= 200 ? firstLine || null : null,
      url: null,
      byline: null,
      siteName: null,
      published: null,
      lang: null,
      isArticle: text.trim().length > 0,
      text,
    },
  };
}

/** Analyses a loaded page against a library. */
export function reportPage(page: LoadedPage, library: Library): PageReport {
  return analyzeText(page.article.text, library, {
    title: page.article.title,
    url: page.article.url,
    isArticle: page.article.isArticle,
  });
}
