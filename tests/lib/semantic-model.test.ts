import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { diskEmbeddings, loadNodeModel, modelBuilt, modelDir } from '../../lib/semantic/node';
import { semanticSession, statusWords } from '../../lib/semantic/session';
import { RIVER_SOURCE as SOURCE } from '../helpers/river-source';

/** The page always renders the first sentence word for word, so it demonstrably covers the source. */
const ANCHOR =
  "Belvoria's foreign minister Maren Oskelund met the river commission in Tarsk on Tuesday to discuss the new dam on the Ilva.";
const page = (quote: string) => `${ANCHOR}\n“${quote},” Oskelund told reporters.`;

const built = modelBuilt();
if (!built)
  console.log(
    `Skipping the tests with the sentence model: ${modelDir()} is missing (run npm run model first).`,
  );

describe.skipIf(!built)('matching through meaning, with the real model', () => {
  const library = createLibrary([SOURCE]);
  const session = semanticSession(loadNodeModel, (m) =>
    diskEmbeddings(m.encoder, mkdtempSync(join(tmpdir(), 'sl-vectors-'))),
  );
  /**
   * Matches the page, and gives the semantic stage the lexical matches outside the quote only: what
   * meaning alone would do with the quote (lexical matching may link a negated quote itself, and
   * shows the difference in its diff; that is the lexical stage's business).
   */
  const run = async (quote: string) => {
    const text = page(quote);
    const at = text.indexOf(quote);
    const covers = (m: { pageStart: number; pageEnd: number }) =>
      m.pageStart < at + quote.length && at < m.pageEnd;
    const lexical = matchText(text, library);
    const stats = { pageUnits: 0, embedded: 0, sources: 0, embedMs: 0, refused: {} };
    const semantic = await session.matches(
      text,
      library,
      lexical.filter((m) => !covers(m)),
      { stats },
    );
    return {
      lexical: lexical.filter(covers),
      semantic: semantic.filter(covers),
      refused: stats.refused,
    };
  };

  it('links a reworded quote that shares almost no words with its source', async () => {
    const quote = 'We are going to stand up for the farmers whose livelihoods rely on this river';
    const { lexical, semantic } = await run(quote);
    expect(lexical).toEqual([]);
    expect(semantic).toHaveLength(1);
    expect(semantic[0]).toMatchObject({ via: 'meaning', sourceId: 'river' });
    expect(semantic[0]!.sourceText).toContain('protect the farmers');
    expect(semantic[0]!.score).toBeGreaterThan(0.7);
    expect(session.status()).toEqual({ state: 'ready' });
  }, 120_000);

  it('does not link the negated quote, though the model rates it closer than the paraphrase', async () => {
    const quote = 'Our government will not protect the farmers who depend on the river';
    const { semantic, refused } = await run(quote);
    expect(semantic).toEqual([]);
    expect(refused).toHaveProperty(['polarity differs']);
  }, 120_000);

  it('does not link a quote that swaps a word for its antonym', async () => {
    const quote = 'The ministry will lower the fees for river permits next year';
    const { semantic, refused } = await run(quote);
    expect(semantic).toEqual([]);
    expect(refused).toHaveProperty(['an antonym is swapped in']);
  }, 120_000);
});

describe('without the model', () => {
  it('still matches lexically and says why meaning is off', async () => {
    const library = createLibrary([SOURCE]);
    const session = semanticSession(
      () => loadNodeModel(join(tmpdir(), 'no-such-model-folder')),
      (m) => diskEmbeddings(m.encoder),
    );
    const text = page('Our government will protect the farmers who depend on the river');
    const lexical = matchText(text, library);
    expect(lexical.length).toBeGreaterThan(0);
    expect(await session.matches(text, library, lexical)).toEqual([]);
    const status = session.status();
    expect(status.state).toBe('unavailable');
    expect(statusWords(status)).toMatch(
      /^Matching through meaning is off \(.*no-such-model-folder.*\); quotes and passages are still matched by their words\.$/,
    );
  });
});
