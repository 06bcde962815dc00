/**
 * The semantic stage embeds only the page passages that could pass its checks with some source
 * passage (a quote needs a source passage its speaker said, a narrative sentence enough shared rare
 * words). That saves the model's time and must change nothing: with the real model, on the demo
 * pages and the coverage pages of ../shared, the links are those of embedding every passage.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { DEMO_LIBRARY_DIR, loadSources } from '../../lib/node/load-sources';
import { loadPage } from '../../lib/node/pages';
import { diskEmbeddings, loadNodeModel, modelBuilt, modelDir } from '../../lib/semantic/node';
import { decide, semanticCandidates, semanticMatches } from '../../lib/semantic/stage';

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = resolve(ROOT, '../shared');
const COVERAGE = join(SHARED, 'fixtures/coverage-dev/pages');

const built = modelBuilt();
if (!built)
  console.log(
    `Skipping the semantic stage test: ${modelDir()} is missing (run npm run model first).`,
  );
if (!existsSync(COVERAGE))
  console.log('The semantic stage test reads the demo pages only: ../shared is absent.');

describe.skipIf(!built)('the semantic stage embeds only linkable passages', () => {
  it('and links exactly what embedding every passage links', async () => {
    const model = await loadNodeModel();
    const sources = loadSources(DEMO_LIBRARY_DIR);
    if (existsSync(COVERAGE)) sources.push(...loadSources(join(SHARED, 'corpus')));
    const library = createLibrary(sources);
    const pages = readdirSync(join(ROOT, 'assets/demo/pages'))
      .filter((n) => n.endsWith('.html'))
      .map((n) => join(ROOT, 'assets/demo/pages', n));
    // Every fourth coverage page: enough pages that render sources in other words, in a test's time.
    if (existsSync(COVERAGE))
      pages.push(
        ...readdirSync(COVERAGE)
          .filter((n, i) => n.endsWith('.html') && i % 4 === 0)
          .map((n) => join(COVERAGE, n)),
      );
    const ctx = {
      encoder: model.encoder,
      antonyms: model.antonyms,
      embeddingsOf: diskEmbeddings(model.encoder, mkdtempSync(join(tmpdir(), 'sl-stage-'))),
    };
    let skipped = 0;
    let compared = 0;
    for (const file of pages) {
      const text = loadPage(file, () => new Uint8Array()).article.text;
      const lexical = matchText(text, library);
      const stats = { pageUnits: 0, embedded: 0, sources: 0, embedMs: 0, refused: {} };
      const filtered = await semanticMatches(text, library, lexical, { ...ctx, stats });
      const all = decide(
        await semanticCandidates(text, library, lexical, { ...ctx, allCandidates: true }),
        model.antonyms,
      );
      expect(filtered, file).toEqual(all);
      skipped += stats.pageUnits - stats.embedded;
      compared += stats.pageUnits;
    }
    // The saving is real: most uncovered passages cannot be linked and are not embedded.
    expect(compared).toBeGreaterThan(0);
    expect(skipped).toBeGreaterThan(0);
    console.log(`semantic stage: ${skipped} of ${compared} uncovered passages not embedded`);
  }, 600_000);
});
