// The demo pages are the project's own; the short page is invented here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract';
import { parseDocument } from '../../lib/node/dom';

const demoPage = (name: string) =>
  parseDocument(readFileSync(join(import.meta.dirname, '../../assets/demo/pages', name), 'utf8'));

describe('extractArticle’s early word that the page looks like an article', () => {
  it('comes once, before the article is read, on an article page', () => {
    const calls: number[] = [];
    const article = extractArticle(demoPage('wire-copy.html'), {
      onReaderable: () => calls.push(1),
    });
    expect(calls).toEqual([1]);
    expect(article.isArticle).toBe(true);
  });

  it('does not come on a page that is no article', () => {
    let called = false;
    const article = extractArticle(
      parseDocument(
        '<html><body><nav><a href="/">Home</a></nav><p>Sign in to continue.</p></body></html>',
      ),
      {
        onReaderable: () => (called = true),
      },
    );
    expect(called).toBe(false);
    expect(article.isArticle).toBe(false);
  });

  // A news brief of a few hundred characters fails Readability's test for long articles; the CLI
  // matches it all the same, so the extension must read it too (one matcher, one answer).
  it('reads a short news brief as an article, but not a sign-in box', () => {
    const brief = extractArticle(
      parseDocument(
        '<html><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Dam gates opened</h1>' +
          '<p>Engineers at the Strenna dam opened all six spillway gates overnight, the river authority said on Friday, warning towns downstream to expect high water.</p>' +
          '</article><footer>© Invented Daily</footer></body></html>',
      ),
    );
    expect(brief.isArticle).toBe(true);
    expect(brief.text).toContain('six spillway gates');
    const box = extractArticle(
      parseDocument('<html><body><p>Sign in to continue reading this page.</p></body></html>'),
    );
    expect(box.isArticle).toBe(false);
  });

  it('never breaks extraction when the callback throws', () => {
    const article = extractArticle(demoPage('rewritten.html'), {
      onReaderable: () => {
        throw new Error('background gone');
      },
    });
    expect(article.isArticle).toBe(true);
    expect(article.text.length).toBeGreaterThan(1_000);
  });
});
