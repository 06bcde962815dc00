/**
 * The plumbing that carries sentences to the sentence model and vectors back in Chrome: the
 * background's encoder asks the offscreen document (opened when needed), which hands the work to
 * its worker. The encoder here is a stand-in that derives a vector from each text, because what is
 * tested is that every vector comes back whole, in order, to the right caller, and that a model
 * that cannot load is reported, not swallowed (the real model's links are tested in
 * tests/lib/semantic-model.test.ts and tests/e2e/meaning.test.ts).
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  modelThreads,
  type MessagePort_,
  offscreenEncoder,
  serveModel,
  serveModelInWorker,
  workerEncoder,
} from '../../lib/messaging/offscreen-model';
import type { SentenceEncoder } from '../../lib/semantic/encoder';

const DIM = 3;
/** A stand-in encoder: each text's vector is made of its length and its first two char codes. */
function textEncoder(): SentenceEncoder {
  return {
    dim: DIM,
    modelId: 'stand-in',
    async embed(texts) {
      return texts.map((t) => new Float32Array([t.length, t.charCodeAt(0), t.charCodeAt(1)]));
    },
  };
}
const expected = (t: string) => [t.length, t.charCodeAt(0), t.charCodeAt(1)];

type Listener = (m: unknown, s: unknown, reply: (r: unknown) => void) => boolean | undefined;

/** A runtime where the offscreen document listens, and the background's sendMessage reaches it. */
function fakeChrome(opts: { id?: string } = {}) {
  const listeners: Listener[] = [];
  let documents = 0;
  const runtime = {
    id: opts.id,
    onMessage: { addListener: (l: Listener) => listeners.push(l) },
  };
  const api = {
    offscreen: {
      hasDocument: async () => documents > 0,
      createDocument: async () => {
        documents += 1;
      },
    },
    runtime: {
      sendMessage: (message: unknown) =>
        new Promise<unknown>((resolve) => {
          let kept = false;
          for (const l of listeners) if (l(message, { id: opts.id }, resolve) === true) kept = true;
          if (!kept) resolve(undefined);
        }),
    },
  };
  return { runtime, api, documents: () => documents };
}

describe('the background asking the offscreen document', () => {
  it('gets every text’s vector back in order, the document opened once', async () => {
    const chrome = fakeChrome({ id: 'ext' });
    const encoder = textEncoder();
    serveModel(chrome.runtime, async () => encoder);
    const load = offscreenEncoder(chrome.api);
    const remote = await load();
    expect(remote).toMatchObject({ dim: DIM, modelId: 'stand-in' });
    const texts = ['Short one.', 'A much longer sentence than the first.', 'Ünïcode too.'];
    const vectors = await remote.embed(texts);
    expect(vectors.map((v) => [...v])).toEqual(texts.map(expected));
    expect(chrome.documents()).toBe(1);
  });

  it('reports a model that cannot load, with its reason', async () => {
    const chrome = fakeChrome({ id: 'ext' });
    serveModel(chrome.runtime, () =>
      Promise.reject(new Error('the model file encoder.onnx is missing from this build')),
    );
    await expect(offscreenEncoder(chrome.api)()).rejects.toThrow(/encoder\.onnx is missing/);
  });

  it('answers nobody but its own extension’s background', async () => {
    const listeners: Listener[] = [];
    serveModel({ id: 'ext', onMessage: { addListener: (l) => listeners.push(l) } }, async () =>
      textEncoder(),
    );
    const message = { sourcelightModel: 'embed', texts: ['x'] };
    expect(listeners[0]!(message, { id: 'other' }, () => undefined)).toBeUndefined();
    expect(listeners[0]!(message, { id: 'ext', tab: { id: 1 } }, () => undefined)).toBeUndefined();
    expect(
      listeners[0]!({ sourcelightModel: 'embed', texts: [1] }, { id: 'ext' }, () => undefined),
    ).toBeUndefined();
  });
});

describe('the offscreen document and its worker', () => {
  it('carry vectors whole and to the right request when several are in flight', async () => {
    const { port1, port2 } = new MessageChannel();
    let started = 0;
    serveModelInWorker(port2 as unknown as MessagePort_, async () => textEncoder());
    const load = workerEncoder(() => {
      started += 1;
      return port1 as unknown as MessagePort_;
    });
    const encoder = await load();
    const batches = [['one sentence'], ['two', 'sentences here'], ['three', 'more', 'of them']];
    const got = await Promise.all(batches.map((b) => encoder.embed(b)));
    expect(got.map((vs) => vs.map((v) => [...v]))).toEqual(batches.map((b) => b.map(expected)));
    expect(started).toBe(1);
    port1.close();
  });
});

describe('threads for the model', () => {
  it('runs on two threads where the extension pages are cross-origin isolated', () => {
    expect(modelThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(
      2,
    );
    // Never more than two: the reader's page and the browser need the other cores.
    expect(
      modelThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 16 } }),
    ).toBe(2);
  });

  it('keeps one thread without isolation (Firefox) or a second core', () => {
    expect(
      modelThreads({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } }),
    ).toBe(1);
    expect(modelThreads({ navigator: { hardwareConcurrency: 8 } })).toBe(1);
    expect(modelThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 1 } })).toBe(
      1,
    );
    expect(modelThreads({ crossOriginIsolated: true })).toBe(1);
  });
});
