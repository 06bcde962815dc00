// Long DOM walks cut into short tasks. The big page is invented (testkit/hostile-pages.ts).
import { describe, expect, it } from 'vitest';
import {
  createReadingSkip,
  locateArticle,
  locateArticleSliced,
  readLiveText,
  readLiveTextSliced,
} from '../../lib/dom/article-region';
import { blockTextWalk, collectBlockText } from '../../lib/dom/block-text';
import { runSliced, STEPS_PER_PAUSE } from '../../lib/dom/sliced';
import { extractArticle } from '../../lib/extract';
import { parseDocument } from '../../lib/node/dom';
import { bigPage } from '../../testkit/hostile-pages';

const doc = parseDocument(bigPage(400_000));
const article = extractArticle(doc);
const skip = createReadingSkip(null);

describe('a live-text walk in short tasks', () => {
  it('finds the same article container and reads the same text as the walk in one go, pausing as it goes', async () => {
    let pauses = 0;
    // Slices of no time at all: the walks pause however fast the machine runs them (with the
    // shipped 12 ms a fast machine read this page in one slice, and no pause came).
    const slicing = { pause: async () => void pauses++, stale: () => false, sliceMs: 0 };
    const whole = locateArticle(doc, article.text)!;
    const sliced = await locateArticleSliced(doc, article.text, slicing);
    expect(sliced).toEqual(whole);
    expect(pauses).toBeGreaterThan(0);
    pauses = 0;
    const text = await readLiveTextSliced(whole.root, skip, slicing);
    expect(text).toEqual(readLiveText(whole.root, skip));
    expect(pauses).toBeGreaterThan(0);
    expect(text!.text.length).toBeGreaterThan(300_000);
  });

  it('pauses after every few hundred nodes when each slice may run for no time at all', async () => {
    let pauses = 0;
    const result = await runSliced(
      blockTextWalk(doc.body),
      async () => void pauses++,
      () => false,
      0,
    );
    expect(result).toEqual(collectBlockText(doc.body));
    // One pause per STEPS_PER_PAUSE nodes visited: elements, text nodes and block ends.
    expect(pauses).toBeGreaterThan(doc.body.querySelectorAll('p').length / STEPS_PER_PAUSE);
  });

  it('stops at the first pause once the reading is no longer wanted', async () => {
    let pauses = 0;
    const result = await runSliced(
      blockTextWalk(doc.body),
      async () => void pauses++,
      () => true,
      0,
    );
    expect(result).toBeNull();
    expect(pauses).toBe(1);
  });
});
