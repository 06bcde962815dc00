/**
 * The sentence model's work, taken in turns. A meaning pass embeds tens of sentences at some 30 ms
 * each; run in one go it holds a core for a second or more, and on a 2-core machine the next page
 * the reader opens waits behind it. Here the sentences go to the model a few at a time, and before
 * each few `turn()` may wait (until no page is being read) or throw (the pass is no longer wanted).
 */
import type { SentenceEncoder } from './encoder';

/** Sentences per turn: a page that asks meanwhile waits for at most this many model runs. */
export const SENTENCES_PER_TURN = 2;

/** Thrown by a pass's turn when the page it was for is gone or has moved on. */
export class PassDropped extends Error {
  constructor() {
    super('the page this meaning pass was for has gone');
    this.name = 'PassDropped';
  }
}

/** `encoder`, its sentences embedded `per` at a time, each few after `turn()` settles. */
export function politeEncoder(
  encoder: SentenceEncoder,
  turn: () => Promise<void>,
  per = SENTENCES_PER_TURN,
): SentenceEncoder {
  return {
    dim: encoder.dim,
    modelId: encoder.modelId,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += per) {
        await turn();
        out.push(...(await encoder.embed(texts.slice(i, i + per))));
      }
      return out;
    },
  };
}
