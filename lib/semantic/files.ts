/**
 * Loading the model files `npm run model` wrote (public/model/, shipped in both builds) through a
 * reader the caller gives: the extension fetches its own packaged files (never the network), the
 * CLI reads the disk. Without a file the loader rejects with a message naming it, which becomes
 * the popup's "matching through meaning is off (…)".
 */
import { antonymTable, type Antonyms } from './antonyms';
import {
  createEncoder,
  type ModelConfig,
  type ModelFiles,
  type OrtModule,
  type SentenceEncoder,
  vocabularyFile,
} from './encoder';

/** Reads one file of the model folder, as bytes or text. */
export interface ModelReader {
  bytes(name: string): Promise<Uint8Array>;
  text(name: string): Promise<string>;
}

/**
 * The folders `npm run model` fills: all-MiniLM-L6-v2 (English) in public/model/, with
 * onnxruntime-web's WASM, and multilingual-e5-small in public/model-e5/.
 */
export const MODEL_FOLDERS = { minilm: '/model/', e5: '/model-e5/' } as const;
/** The folder inside the built extension whose model the extension loads. */
export const MODEL_FOLDER: string = MODEL_FOLDERS.minilm;

/** Reads a packaged model file with fetch (an extension URL): a missing file is an error, not an empty body. */
export function fetchReader(urlOf: (name: string) => string): ModelReader {
  const get = async (name: string) => {
    let response: Response;
    try {
      response = await fetch(urlOf(name));
    } catch {
      throw new Error(`the model file ${name} is missing from this build`);
    }
    if (!response.ok) throw new Error(`the model file ${name} is missing from this build`);
    return response;
  };
  return {
    bytes: async (name) => new Uint8Array(await (await get(name)).arrayBuffer()),
    text: async (name) => (await get(name)).text(),
  };
}

/** Reads the model's files. */
export async function readModel(read: ModelReader): Promise<ModelFiles> {
  const config = JSON.parse(await read.text('config.json')) as ModelConfig;
  const vocabFile = vocabularyFile(config);
  const [model, vocab, stamp] = await Promise.all([
    read.bytes('encoder.onnx'),
    vocabFile === 'vocab.txt' ? read.text(vocabFile) : read.bytes(vocabFile),
    read.text('stamp.txt'),
  ]);
  return { model, vocab, config, stamp: `${stamp.trim()} encoder.onnx` };
}

/** Loads the encoder from the model folder into onnxruntime-web. */
export async function loadEncoder(ort: OrtModule, read: ModelReader): Promise<SentenceEncoder> {
  return createEncoder(ort, await readModel(read));
}

/** Loads the WordNet antonym pairs. */
export async function loadAntonyms(read: ModelReader): Promise<Antonyms> {
  return antonymTable(JSON.parse(await read.text('antonyms.json')));
}
