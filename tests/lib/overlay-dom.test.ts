import { describe, expect, it } from 'vitest';
import { collectBlockText } from '../../lib/dom/block-text';
import { createReadingSkip, findLiveArticle } from '../../lib/dom/article-region';
import { spanFor } from '../../lib/dom/text-ranges';
import { extractArticle } from '../../lib/extract';
import { parseDocument } from '../../lib/node/dom';

const para = (n: number) =>
  `<p>Paragraph ${n} of the story tells readers what happened at the dam on the river during the night of the flood.</p>`;

const page = `<!doctype html><html><head><title>Story</title></head><body>
<nav class="main-nav"><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="layout"><article id="story"><h1>Dam release floods valley</h1>
<div class="share-tools"><a href="#">Share this story on social media today</a></div>
${para(1)}${para(2)}
<aside class="pullquote"><blockquote>“The treaty requires forty-eight hours,” the minister said in the capital.</blockquote></aside>
${para(3)}${para(4)}${para(5)}
<section class="comments"><p>Comment: I think this paragraph about the dam is not part of the story at all.</p></section>
</article>
<aside class="related"><p>Related: another story about rivers and dams that a reader might want to open.</p></aside></div>
<footer><p>Copyright notice of the outlet, all rights reserved, do not reproduce anything.</p></footer>
</body></html>`;

describe('findLiveArticle', () => {
  it('finds the article container and reads its text, pull quote included, chrome left out', () => {
    const doc = parseDocument(page);
    const article = extractArticle(doc);
    const live = findLiveArticle(doc, article.text, createReadingSkip(null));
    expect(live).not.toBeNull();
    expect(live!.root.id).toBe('story');
    expect(live!.block.text).toContain('Paragraph 1 of the story');
    expect(live!.block.text).toContain('Paragraph 5 of the story');
    expect(live!.block.text).toContain('The treaty requires forty-eight hours');
    expect(live!.block.text).not.toContain('Share this story');
    expect(live!.block.text).not.toContain('Comment: I think');
    expect(live!.block.text).not.toContain('Related:');
    expect(live!.coverage).toBeGreaterThan(0.9);
  });

  it('skips our own UI hosts and hidden elements', () => {
    const doc = parseDocument(
      page.replace(
        '</h1>',
        '</h1><sourcelight-overlay>UI text</sourcelight-overlay><p hidden>Secret hidden text</p>',
      ),
    );
    const live = findLiveArticle(doc, extractArticle(doc).text, createReadingSkip(null))!;
    expect(live.block.text).not.toContain('UI text');
    expect(live.block.text).not.toContain('Secret hidden text');
  });

  it('returns null when the article text is not in the page', () => {
    const doc = parseDocument(page);
    expect(
      findLiveArticle(
        doc,
        'A completely different article text that appears nowhere on this page at all.',
        createReadingSkip(null),
      ),
    ).toBeNull();
  });
});

describe('spanFor', () => {
  const doc = parseDocument(
    '<!doctype html><html><body><p>Say <em>“grave</em> damage,” she   said.</p><p>Next block here.</p></body></html>',
  );
  const block = collectBlockText(doc.body);

  it('maps a text span across element boundaries to the live Text nodes', () => {
    const start = block.text.indexOf('grave');
    const end = block.text.indexOf(',”');
    const span = spanFor(block.pieces, start, end)!;
    expect(span.startNode.data).toBe('“grave');
    expect(span.startNode.data.slice(span.startOffset)).toBe('grave');
    expect(span.endNode.data.slice(0, span.endOffset)).toBe(' damage');
  });

  it('snaps collapsed whitespace and line breaks inwards', () => {
    const start = block.text.indexOf('she') - 1;
    const end = block.text.indexOf('Next') + 4;
    const span = spanFor(block.pieces, start, end)!;
    expect(span.startNode.data.slice(span.startOffset, span.startOffset + 3)).toBe('she');
    expect(span.endNode.data.slice(0, span.endOffset)).toBe('Next');
  });

  it('returns null for empty or out-of-text spans', () => {
    expect(spanFor(block.pieces, 5, 5)).toBeNull();
    expect(spanFor(block.pieces, block.text.length + 2, block.text.length + 9)).toBeNull();
  });
});
