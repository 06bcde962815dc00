import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { basicTokens, wordPiece } from '../../lib/semantic/tokenizer';

const VOCAB = 'public/model/vocab.txt';
const built = existsSync(VOCAB);
if (!built)
  console.log(`Skipping the WordPiece tests: ${VOCAB} is missing (run npm run model first).`);

describe.skipIf(!built)('WordPiece tokenizer', () => {
  const expected = JSON.parse(
    readFileSync('tests/fixtures/semantic/tokenizer-ids.json', 'utf8'),
  ) as {
    maxTokens: number;
    cases: { text: string; ids: number[] }[];
  };
  const tokenizer = wordPiece(readFileSync(VOCAB, 'utf8'));

  it.each(expected.cases.map((c) => [c.text.slice(0, 40), c] as const))(
    'gives the reference ids for %j',
    (_, c) => {
      expect(tokenizer.encode(c.text, expected.maxTokens)).toEqual(c.ids);
    },
  );
});

describe('basic tokens', () => {
  it('splits punctuation, lowercases and strips accents', () => {
    expect(basicTokens("Café didn't—close")).toEqual(['cafe', 'didn', "'", 't', '—', 'close']);
  });
});
