/**
 * Node glue of the semantic stage (CLI, evaluation, benchmarks, tests): loads the model files that
 * `npm run model` wrote into onnxruntime-web's Node build (its WASM backend: one runtime for the
 * extension and the CLI, and no native binary to download at install), and keeps each source's
 * vectors in a disk cache keyed by the model and the source's text.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PreparedSource } from '../library';
import { antonymTable, type Antonyms } from './antonyms';
import {
  createEncoder,
  type ModelConfig,
  type ModelFiles,
  type OrtModule,
  type SentenceEncoder,
  vocabularyFile,
} from './encoder';
import { embedSource, type SemanticContext, type SourceEmbeddings } from './stage';
import { UNITS_VERSION } from './units';

/** Where `npm run model` puts the model (SOURCELIGHT_MODEL_DIR overrides). */
export function modelDir(): string {
  return (
    process.env.SOURCELIGHT_MODEL_DIR ||
    resolve(dirname(fileURLToPath(import.meta.url)), '../../public/model')
  );
}

/** Where `npm run model` puts the multilingual model (multilingual-e5-small). */
export function e5ModelDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../public/model-e5');
}

function readConfig(dir: string): ModelConfig {
  return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
}

/** Whether the model files are there. */
export function modelBuilt(dir = modelDir()): boolean {
  if (!existsSync(join(dir, 'config.json'))) return false;
  const vocab = vocabularyFile(readConfig(dir));
  return ['encoder.onnx', vocab, 'antonyms.json', 'stamp.txt'].every((f) =>
    existsSync(join(dir, f)),
  );
}

/** Reads the model files from a folder. */
export function readModelFiles(
  dir = modelDir(),
  modelPath = join(dir, 'encoder.onnx'),
): ModelFiles {
  const config = readConfig(dir);
  const vocab = vocabularyFile(config);
  return {
    model: readFileSync(modelPath),
    vocab:
      vocab === 'vocab.txt'
        ? readFileSync(join(dir, vocab), 'utf8')
        : new Uint8Array(readFileSync(join(dir, vocab))),
    config,
    stamp: `${readFileSync(join(dir, 'stamp.txt'), 'utf8').trim()} ${modelPath.slice(modelPath.lastIndexOf('/') + 1)}`,
  };
}

/** The encoder and antonym table, loaded in Node. */
export async function loadNodeModel(
  dir = modelDir(),
  /** Another model file with the same vocabulary (the unquantized one, to measure quantization). */
  modelPath?: string,
): Promise<{ encoder: SentenceEncoder; antonyms: Antonyms }> {
  const ort = (await import('onnxruntime-web')) as unknown as OrtModule & {
    env: { wasm: { numThreads: number } };
  };
  // One thread: the CLI shares the machine, and threads would need worker files beside the module.
  ort.env.wasm.numThreads = 1;
  const encoder = await createEncoder(ort, readModelFiles(dir, modelPath));
  const antonyms = antonymTable(JSON.parse(readFileSync(join(dir, 'antonyms.json'), 'utf8')));
  return { encoder, antonyms };
}

/** Source vectors cached on disk (XDG cache, or ~/.cache), one file per model and source text. */
export function diskEmbeddings(
  encoder: SentenceEncoder,
  cacheDir = join(
    process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
    'sourcelight',
    'embeddings',
  ),
): SemanticContext['embeddingsOf'] {
  const memory = new Map<string, Promise<SourceEmbeddings>>();
  return (prepared: PreparedSource) => {
    const key = createHash('sha256')
      .update(`${encoder.modelId}\n${UNITS_VERSION}\n${prepared.source.text}`)
      .digest('hex')
      .slice(0, 32);
    let found = memory.get(key);
    if (!found) {
      found = (async () => {
        const file = join(cacheDir, `${key}.json`);
        if (existsSync(file)) {
          try {
            const stored = JSON.parse(readFileSync(file, 'utf8'));
            const bytes = Buffer.from(stored.data, 'base64');
            const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
            if (data.length === stored.units.length * encoder.dim)
              return {
                units: stored.units,
                vectors: { dim: encoder.dim, count: stored.units.length, data },
              };
          } catch {
            // A damaged cache file is computed again below.
          }
        }
        const computed = await embedSource(prepared, encoder);
        try {
          mkdirSync(cacheDir, { recursive: true });
          const d = computed.vectors.data;
          writeFileSync(
            file,
            JSON.stringify({
              units: computed.units,
              data: Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64'),
            }),
          );
        } catch {
          // The cache is an optimisation: a read-only home still matches.
        }
        return computed;
      })();
      memory.set(key, found);
    }
    return found;
  };
}
