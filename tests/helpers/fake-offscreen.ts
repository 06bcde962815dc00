/**
 * A fake of Chrome's offscreen document and runtime ports for the tests of reading big pages away:
 * the document answers with the real `serveOffscreen`, parsing with linkedom.
 */
import { expect } from 'vitest';
import {
  OFFSCREEN_PATH,
  type OffscreenApi,
  type RuntimePort,
  serveOffscreen,
} from '../../lib/messaging/offscreen';
import { parseDocument } from '../../lib/node/dom';

/**
 * A fake of Chrome's offscreen API whose document answers with `serveOffscreen` and closes itself
 * after `idleMs`, as the real one does with `window.close()`.
 */
export function fakeChrome(idleMs = 1_000) {
  let open = false;
  let listeners: ((m: unknown, s: unknown, r: (x: unknown) => void) => boolean | undefined)[] = [];
  let portListeners: ((port: RuntimePort) => void)[] = [];
  const calls = { created: 0, closed: 0, asked: 0, ports: 0 };
  let closeBeforeNextMessage = false;
  const api: OffscreenApi = {
    offscreen: {
      hasDocument: async () => open,
      createDocument: async (p) => {
        expect(p).toMatchObject({ url: OFFSCREEN_PATH, reasons: ['DOM_PARSER'] });
        if (open) throw new Error('Only a single offscreen document may be created.');
        await new Promise((r) => setTimeout(r, 1));
        open = true;
        calls.created++;
        const mine: typeof listeners = [];
        const minePorts: typeof portListeners = [];
        listeners = mine;
        portListeners = minePorts;
        const close = () => {
          if (listeners !== mine) return;
          open = false;
          calls.closed++;
          listeners = [];
          portListeners = [];
        };
        serveOffscreen(
          {
            id: EXTENSION_ID,
            onMessage: { addListener: (l) => mine.push(l) },
            onConnect: { addListener: (l) => minePorts.push(l) },
          },
          parseDocument,
          { close, idleMs },
        );
      },
    },
    runtime: {
      sendMessage: (message) =>
        new Promise((resolve) => {
          calls.asked++;
          if (closeBeforeNextMessage) {
            closeBeforeNextMessage = false;
            open = false;
            listeners = [];
          }
          let answered = false;
          for (const l of listeners)
            l(message, { id: EXTENSION_ID }, (reply) => {
              answered = true;
              resolve(reply);
            });
          if (!answered) resolve(undefined);
        }),
    },
  };
  /** `runtime.connect` from a content script of this extension (or of `senderId`). */
  const connect = (name: string, senderId = EXTENSION_ID): RuntimePort => {
    calls.ports++;
    const [page, doc] = portPair(name, senderId);
    const heard = portListeners;
    // Chrome closes a port no extension page takes, soon after.
    setTimeout(() => (heard.length ? heard.forEach((l) => l(doc)) : doc.disconnect()), 0);
    return page;
  };
  return {
    api,
    calls,
    connect,
    closeBeforeNextMessage: () => (closeBeforeNextMessage = true),
    close: () => {
      open = false;
      listeners = [];
      portListeners = [];
    },
  };
}

export const EXTENSION_ID = 'sourcelight-test-id';

/** Two ends of a runtime port: what one posts the other hears, and a disconnect reaches the other end. */
export function portPair(name: string, senderId: string): [RuntimePort, RuntimePort] {
  const make = (): RuntimePort & { other?: RuntimePort & { heard: ((m: unknown) => void)[] } } => {
    const end = {
      name,
      sender: { id: senderId },
      heard: [] as ((m: unknown) => void)[],
      gone: [] as (() => void)[],
      closed: false,
      other: undefined as unknown as RuntimePort & { heard: ((m: unknown) => void)[] },
      postMessage(m: unknown) {
        if (end.closed) throw new Error('Attempting to use a disconnected port object');
        // Structured as JSON, as Chrome's messaging does.
        const copy = JSON.parse(JSON.stringify(m));
        setTimeout(() => (end.other as unknown as typeof end).heard.forEach((l) => l(copy)), 0);
      },
      disconnect() {
        if (end.closed) return;
        end.closed = true;
        const other = end.other as unknown as typeof end;
        other.closed = true;
        setTimeout(() => other.gone.forEach((l) => l()), 0);
      },
      onMessage: { addListener: (l: (m: unknown) => void) => end.heard.push(l) },
      onDisconnect: { addListener: (l: () => void) => end.gone.push(l) },
    };
    return end;
  };
  const a = make();
  const b = make();
  a.other = b as never;
  b.other = a as never;
  return [a, b];
}
