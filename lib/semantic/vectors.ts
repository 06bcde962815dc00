/** Vector helpers of the semantic stage: dot products of unit vectors, packing for storage. */

/** Cosine similarity of two unit-length vectors. */
export function cosine(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[bOffset + i]!;
  return s;
}

/** Many vectors of one length in one array (what IndexedDB and the disk cache store). */
export interface PackedVectors {
  dim: number;
  count: number;
  data: Float32Array;
}

/** Packs vectors of one length into one array. */
export function pack(vectors: readonly Float32Array[], dim: number): PackedVectors {
  const data = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => data.set(v, i * dim));
  return { dim, count: vectors.length, data };
}
