/**
 * Where the sentence model runs in the extension. Chrome's service worker cannot run
 * onnxruntime-web (no dynamic import in a worker of that kind, and a stopped worker would lose the
 * loaded model), so the model lives with the offscreen document that also reads big pages, in a
 * worker of its own: the background sends the document sentences, the document hands them to its
 * worker and sends the vectors back. Firefox's background page is a page and runs
 * the model itself. Either way the semantic stage proper (lib/semantic/stage.ts) runs in the
 * background, which holds the library.
 */
import type { OrtModule, SentenceEncoder } from '../semantic/encoder';
import { fetchReader, loadAntonyms, loadEncoder, MODEL_FOLDER } from '../semantic/files';
import type { SemanticModel } from '../semantic/session';
import { vectorsFromBase64, vectorsToBase64 } from '../semantic/vectors';
import { errorMessage } from './index';
import { OFFSCREEN_PATH, type OffscreenApi, type OffscreenRuntime } from './offscreen';

/** A request for the offscreen document's model: embed these texts (none: just load the model). */
export interface ModelRequest {
  sourcelightModel: 'embed';
  texts: string[];
}

/** The answer: the vectors packed as base64 (runtime messages are JSON), or why there are none. */
type ModelReply =
  | { ok: true; modelId: string; dim: number; data: string }
  | { ok: false; error: string };

/** Whether a runtime message is a well-formed model request. */
export function isModelRequest(message: unknown): message is ModelRequest {
  const m = message as Partial<ModelRequest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.sourcelightModel === 'embed' &&
    Array.isArray(m.texts) &&
    m.texts.every((t) => typeof t === 'string')
  );
}

/** onnxruntime-web's module with the settings the extension gives it. */
export type BrowserOrt = OrtModule & {
  env: { wasm: { numThreads?: number; wasmPaths?: string | Record<string, string> } };
};

/**
 * Threads for the model: two where the extension's pages are cross-origin isolated (Chrome's
 * build; see wxt.config.ts) and the machine has two cores or more, else one. Two, not every core:
 * the pass runs while the reader reads, beside the browser's own work; a second thread made it
 * 1.5x faster (bench/semantic-browser.ts).
 */
export function modelThreads(scope: {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}): number {
  if (scope.crossOriginIsolated !== true) return 1;
  return Math.max(1, Math.min(2, scope.navigator?.hardwareConcurrency ?? 1));
}

/**
 * Loads the model packaged in the build (public/model/) into onnxruntime-web, in a page of the
 * extension: every file is the extension's own, so nothing is fetched from elsewhere.
 */
export function packagedEncoder(
  ort: BrowserOrt,
  getURL: (path: string) => string,
): () => Promise<SentenceEncoder> {
  return () => {
    const threads = modelThreads(globalThis);
    ort.env.wasm.numThreads = threads;
    // The runtime's WASM is packaged beside the model, and in Chrome its JavaScript glue too, which
    // each extra thread loads (see wxt.config.ts).
    ort.env.wasm.wasmPaths = {
      wasm: getURL(`${MODEL_FOLDER}ort-wasm-simd-threaded.wasm`),
      ...(threads > 1 ? { mjs: getURL(`${MODEL_FOLDER}ort-wasm-simd-threaded.mjs`) } : {}),
    };
    return loadEncoder(
      ort,
      fetchReader((name) => getURL(`${MODEL_FOLDER}${name}`)),
    );
  };
}

/**
 * The offscreen document's side: loads the model on the first request (once; a failure is
 * remembered and answered to every later request) and embeds what the background sends.
 * `used` is called on every request, so the document stays open while the model is in use.
 */
export function serveModel(
  runtime: OffscreenRuntime,
  load: () => Promise<SentenceEncoder>,
  used: () => void = () => undefined,
): void {
  let loading: Promise<SentenceEncoder> | null = null;
  runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isModelRequest(message)) return undefined;
    const from = sender as { id?: string; tab?: unknown } | undefined;
    if (runtime.id !== undefined && (from?.id !== runtime.id || from.tab !== undefined))
      return undefined;
    used();
    loading ??= load();
    const answer = async (): Promise<ModelReply> => {
      try {
        const encoder = await loading!;
        const vectors = await encoder.embed(message.texts);
        const data = new Float32Array(vectors.length * encoder.dim);
        vectors.forEach((v, i) => data.set(v, i * encoder.dim));
        return {
          ok: true,
          modelId: encoder.modelId,
          dim: encoder.dim,
          data: vectorsToBase64(data),
        };
      } catch (error) {
        return { ok: false, error: errorMessage(error) };
      } finally {
        used();
      }
    };
    void answer().then(sendResponse);
    // The answer comes later: the channel stays open for it.
    return true;
  });
}

/**
 * The background's side in Chrome: an encoder whose work is done in the offscreen document
 * (opened when needed, again after it closed itself). Loading asks it for no vectors, which loads
 * the model there and says whether it could.
 */
export function offscreenEncoder(api: OffscreenApi): () => Promise<SentenceEncoder> {
  const open = async (): Promise<void> => {
    if (await api.offscreen.hasDocument()) return;
    try {
      await api.offscreen.createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['DOM_PARSER', 'WORKERS'],
        justification:
          'Reads big pages with Readability away from them, and runs the on-device sentence model that links passages through meaning in a worker.',
      });
    } catch (error) {
      // Opened meanwhile for a page to read: one document serves both.
      if (!(await api.offscreen.hasDocument())) throw error;
    }
  };
  const ask = async (texts: string[]): Promise<ModelReply | undefined> => {
    await open();
    const request: ModelRequest = { sourcelightModel: 'embed', texts };
    return (await api.runtime.sendMessage(request)) as ModelReply | undefined;
  };
  const embed = async (texts: string[]) => {
    // No answer: the document closed itself just as it was asked. It is opened again, once.
    const reply = (await ask(texts)) ?? (await ask(texts));
    if (!reply || typeof reply !== 'object')
      throw new Error('the offscreen document did not answer');
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  };
  return remoteEncoder(async (texts) => {
    const reply = await embed(texts);
    return { ...reply, data: vectorsFromBase64(reply.data) };
  });
}

/**
 * An encoder whose runs happen elsewhere: `ask` sends sentences and answers with the model's
 * dimension and id and the vectors end to end. Loading asks for no sentence.
 */
function remoteEncoder(
  ask: (texts: string[]) => Promise<{ dim: number; modelId: string; data: Float32Array }>,
): () => Promise<SentenceEncoder> {
  return async () => {
    const first = await ask([]);
    const dim = first.dim;
    return {
      dim,
      modelId: first.modelId,
      async embed(texts) {
        if (texts.length === 0) return [];
        const { data } = await ask([...texts]);
        return texts.map((_, i) => data.slice(i * dim, (i + 1) * dim));
      },
    };
  };
}

/** The model as the background uses it: an encoder (wherever it runs) and the packaged antonym pairs. */
export function extensionModel(
  encoder: () => Promise<SentenceEncoder>,
  getURL: (path: string) => string,
): () => Promise<SemanticModel> {
  return async () => {
    const [loaded, antonyms] = await Promise.all([
      encoder(),
      loadAntonyms(fetchReader((name) => getURL(`${MODEL_FOLDER}${name}`))),
    ]);
    return { encoder: loaded, antonyms };
  };
}

/** A request to the model's worker, and its answer (vectors packed in one transferred array). */
type WorkerRequest = { id: number; texts: string[] };
type WorkerReply =
  | { id: number; ok: true; modelId: string; dim: number; data: Float32Array }
  | { id: number; ok: false; error: string };

/** The parts of a dedicated worker (or its global scope) the two sides use. */
export interface MessagePort_ {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * The worker's side: loads the model on the first request (once; a failure is answered to every
 * later one) and embeds the texts it is sent, so the model's runs never hold up the offscreen
 * document's own thread (which reads big pages).
 */
export function serveModelInWorker(
  scope: MessagePort_,
  load: () => Promise<SentenceEncoder>,
): void {
  let loading: Promise<SentenceEncoder> | null = null;
  scope.addEventListener('message', (event) => {
    const { id, texts } = event.data as WorkerRequest;
    loading ??= load();
    void (async () => {
      try {
        const encoder = await loading;
        const vectors = await encoder.embed(texts);
        const data = new Float32Array(vectors.length * encoder.dim);
        vectors.forEach((v, i) => data.set(v, i * encoder.dim));
        const reply: WorkerReply = {
          id,
          ok: true,
          modelId: encoder.modelId,
          dim: encoder.dim,
          data,
        };
        scope.postMessage(reply, [data.buffer]);
      } catch (error) {
        scope.postMessage({ id, ok: false, error: errorMessage(error) } satisfies WorkerReply);
      }
    })();
  });
}

/**
 * The offscreen document's side: an encoder whose runs happen in a worker, started on the first
 * request (a document that only reads pages starts none).
 */
export function workerEncoder(start: () => MessagePort_): () => Promise<SentenceEncoder> {
  let next = 0;
  let worker: MessagePort_ | null = null;
  const waiting = new Map<number, (reply: WorkerReply) => void>();
  const port = (): MessagePort_ => {
    if (worker) return worker;
    const started = start();
    started.addEventListener('message', (event) => {
      const reply = event.data as WorkerReply;
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
    worker = started;
    return started;
  };
  const ask = (texts: string[]) =>
    new Promise<Extract<WorkerReply, { ok: true }>>((resolve, reject) => {
      const id = next++;
      waiting.set(id, (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
      port().postMessage({ id, texts } satisfies WorkerRequest);
    });
  return remoteEncoder(ask);
}
