/** WordNet antonym pairs as stems (public/model/antonyms.json, written by `npm run model`). */

/** Whether two stems are antonyms (raise / lower). */
export type Antonyms = (a: string, b: string) => boolean;

/** Builds the lookup from "stemA stemB" pairs (sorted within each pair). */
export function antonymTable(pairs: readonly string[]): Antonyms {
  const set = new Set(pairs);
  return (a, b) => set.has(a < b ? `${a} ${b}` : `${b} ${a}`);
}

/** No antonym knowledge (tests of other gates). */
export const NO_ANTONYMS: Antonyms = () => false;
