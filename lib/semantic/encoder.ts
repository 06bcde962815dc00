/**
 * The sentence encoder behind one interface: text in, unit-length vectors out. The runtime is
 * onnxruntime-web, passed in by the caller (the extension's offscreen document or background page
 * loads its browser build; the CLI its Node build, whose WASM backend needs no native binary), so
 * this file holds no browser or Node globals. The model's config.json says which tokenizer and
 * prefix it takes: all-MiniLM-L6-v2 (WordPiece, no prefix) or multilingual-e5-small
 * (SentencePiece, "query: "); both graphs pool and normalise inside.
 */
import { sentencePiece } from './sentencepiece';
import { type Tokenizer, wordPiece } from './tokenizer';

/** Encodes sentences as unit-length vectors (cosine = dot product). */
export interface SentenceEncoder {
  /** Vector length. */
  readonly dim: number;
  /** Identifies the model, so stored vectors of another model are never compared with these. */
  readonly modelId: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** What the encoder uses of onnxruntime-web's module (kept minimal so tests and both builds fit). */
export interface OrtModule {
  InferenceSession: {
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => unknown;
}

/** An inference session as far as the encoder needs it. */
export interface OrtSession {
  run(
    feeds: Record<string, unknown>,
  ): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
}

/** A model folder's config.json (written by scripts/model/convert.py or convert_e5.py). */
export interface ModelConfig {
  hidden: number;
  maxTokens: number;
  lowercase: boolean;
  /** The vocabulary's kind: vocab.txt for WordPiece (the default), tokenizer.bin for SentencePiece. */
  tokenizer?: 'wordpiece' | 'sentencepiece';
  /** Put before every text (e5 was trained with "query: " before both sides of a symmetric task). */
  prefix?: string;
  /** How the graph pools token vectors; only mean pooling (inside the graph) is known. */
  pooling?: 'mean';
}

/** The files `npm run model` writes to public/model/ (and public/model-e5/). */
export interface ModelFiles {
  model: Uint8Array;
  /** vocab.txt's text, or tokenizer.bin's bytes (see `vocabularyFile`). */
  vocab: string | Uint8Array;
  config: ModelConfig;
  /** The build's stamp (package, checksum, scripts), used as the model id. */
  stamp: string;
}

/** The vocabulary file a model's config names. */
export function vocabularyFile(config: ModelConfig): 'vocab.txt' | 'tokenizer.bin' {
  return config.tokenizer === 'sentencepiece' ? 'tokenizer.bin' : 'vocab.txt';
}

/** The tokenizer a model's config names, over its vocabulary. */
export function modelTokenizer(files: Pick<ModelFiles, 'vocab' | 'config'>): Tokenizer {
  const { vocab, config } = files;
  if ((config.pooling ?? 'mean') !== 'mean')
    throw new Error(`the model's pooling "${config.pooling}" is not supported`);
  if (config.tokenizer === 'sentencepiece') {
    if (typeof vocab === 'string')
      throw new Error('the model needs tokenizer.bin, not a text file');
    return sentencePiece(vocab);
  }
  return wordPiece(
    typeof vocab === 'string' ? vocab : new TextDecoder().decode(vocab),
    config.lowercase,
  );
}

/** Page and source sentences are cut here: longer ones say their claim well before (and cost more). */
export const MAX_TOKENS = 64;
/**
 * Sentences per run: one. The int8 model quantizes its activations with one scale per run, so a
 * sentence run beside others gets a slightly different vector (similarities moved by up to 0.03,
 * enough to cross a threshold): one at a time, a sentence has the same vector wherever it is, at
 * about 1.4× the time of runs of 16.
 */
const BATCH = 1;

/** Loads the model into a session and returns an encoder. */
export async function createEncoder(ort: OrtModule, files: ModelFiles): Promise<SentenceEncoder> {
  const session = await ort.InferenceSession.create(files.model, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const tokenizer = modelTokenizer(files);
  const maxTokens = Math.min(MAX_TOKENS, files.config.maxTokens);
  const prefix = files.config.prefix ?? '';
  return {
    dim: files.config.hidden,
    modelId: files.stamp.trim(),
    embed: (texts) =>
      embedAll(
        ort,
        session,
        tokenizer,
        maxTokens,
        files.config.hidden,
        prefix ? texts.map((t) => prefix + t) : texts,
      ),
  };
}

async function embedAll(
  ort: OrtModule,
  session: OrtSession,
  tokenizer: Tokenizer,
  maxTokens: number,
  dim: number,
  texts: readonly string[],
): Promise<Float32Array[]> {
  const encoded = texts.map((t) => tokenizer.encode(t, maxTokens));
  const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
  const out: Float32Array[] = new Array(texts.length);
  for (let b = 0; b < order.length; b += BATCH) {
    const batch = order.slice(b, b + BATCH);
    const width = Math.max(...batch.map((i) => encoded[i]!.length));
    const ids = new BigInt64Array(batch.length * width);
    const mask = new BigInt64Array(batch.length * width);
    batch.forEach((i, row) => {
      const seq = encoded[i]!;
      for (let k = 0; k < seq.length; k++) {
        ids[row * width + k] = BigInt(seq[k]!);
        mask[row * width + k] = 1n;
      }
    });
    const dims = [batch.length, width];
    const result = await session.run({
      input_ids: new ort.Tensor('int64', ids, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
    });
    const data = result.sentence_embedding!.data as Float32Array;
    batch.forEach((i, row) => {
      out[i] = data.slice(row * dim, (row + 1) * dim);
    });
  }
  return out;
}
