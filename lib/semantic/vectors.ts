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

/** Float32 values as base64 (runtime messaging carries JSON: a typed array would arrive as an object). */
export function vectorsToBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = '';
  // In slices: String.fromCharCode with a whole array's worth of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The reverse of `vectorsToBase64`. */
export function vectorsFromBase64(text: string): Float32Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer, 0, bytes.length >> 2);
}
