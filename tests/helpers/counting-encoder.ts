import type { SentenceEncoder } from '../../lib/semantic/encoder';

/**
 * An encoder that counts the sentences it is given: what these tests check is when vectors are
 * computed and stored, or which texts are read, not what they say (the real model's links are
 * tested in tests/lib/db-vectors.test.ts and tests/lib/semantic-model.test.ts).
 */
export function countingEncoder(modelId = 'counting-1'): SentenceEncoder & { embedded: number } {
  const encoder = {
    dim: 4,
    modelId,
    embedded: 0,
    async embed(texts: readonly string[]) {
      encoder.embedded += texts.length;
      return texts.map((t) => {
        const v = new Float32Array([t.length, 1, 2, 3]);
        const n = Math.hypot(...v);
        return v.map((x) => x / n);
      });
    },
  };
  return encoder;
}
