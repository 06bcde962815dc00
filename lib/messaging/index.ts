/**
 * Runtime side of the protocol in lib/messages.ts. Pages and the content script call
 * `request(name, payload)`; the background answers with `serveRequests(handlers)`. Errors travel
 * as `{ ok: false, error }` replies so the caller gets the background's message, not a bare
 * "receiving end does not exist".
 */
import { browser } from 'wxt/browser';
import type {
  ContentProtocol,
  Envelope,
  Payload,
  Reply,
  RequestName,
  Response,
  SyncRequestName,
} from '../messages';

/** An error the background reported for a request; `message` is meant for the user. */
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    readonly request: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who sent a request, as far as the handler needs to know (the tab for content scripts). */
export interface RequestSender {
  tabId: number | null;
  url: string | null;
}

/** One handler per request name; each may answer synchronously or with a promise. */
export type Handlers = {
  [K in RequestName]: (
    payload: Payload<K>,
    sender: RequestSender,
  ) => Response<K> | Promise<Response<K>>;
};

/** Every handler but team sync's: what lib/db's service implements (the background adds lib/sync's). */
export type LibraryHandlers = Omit<Handlers, SyncRequestName>;

/** The minimal runtime surface this module uses, so tests can hand in `fakeBrowser.runtime`. */
export interface MessagingRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: MessageListener): void;
    removeListener(listener: MessageListener): void;
  };
}

type MessageListener = (
  message: unknown,
  sender: { tab?: { id?: number; url?: string }; url?: string },
  sendResponse: (reply: unknown) => void,
) => boolean | undefined | undefined;

const defaultRuntime = (): MessagingRuntime => browser.runtime as unknown as MessagingRuntime;

/** Whether a message is one of ours: other listeners' messages are left alone. */
export function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { sourcelight?: unknown }).sourcelight === 'string'
  );
}

/**
 * Sends a request to the background and resolves with its response. Throws RequestError with
 * the background's message when the handler failed, or a clear message when no one answered.
 */
export async function request<K extends RequestName>(
  name: K,
  payload: Payload<K>,
  runtime: MessagingRuntime = defaultRuntime(),
): Promise<Response<K>> {
  const envelope: Envelope<K> = { sourcelight: name, payload };
  let reply: Reply<K> | undefined;
  try {
    reply = (await runtime.sendMessage(envelope)) as Reply<K> | undefined;
  } catch (error) {
    throw new RequestError(
      name,
      `The Sourcelight background is not reachable (${errorMessage(error)}). Reload the extension and try again.`,
    );
  }
  if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
    throw new RequestError(name, `No answer to "${name}" from the Sourcelight background.`);
  }
  if (!reply.ok) throw new RequestError(name, reply.error);
  return reply.value;
}

/**
 * Answers requests with `handlers` until the returned function is called. Replies go through
 * `sendResponse` (and the listener returns true), which both Chrome and Firefox honour.
 */
export function serveRequests(
  handlers: Partial<Handlers>,
  runtime: MessagingRuntime = defaultRuntime(),
): () => void {
  const listener: MessageListener = (message, sender, sendResponse) => {
    if (!isEnvelope(message)) return undefined;
    const name = message.sourcelight;
    const handler = handlers[name] as ((p: unknown, s: RequestSender) => unknown) | undefined;
    const from: RequestSender = {
      tabId: sender?.tab?.id ?? null,
      url: sender?.tab?.url ?? sender?.url ?? null,
    };
    void (async (): Promise<Reply> => {
      if (!handler) return { ok: false, error: `Unknown request "${name}".` };
      try {
        return { ok: true, value: (await handler(message.payload, from)) as never };
      } catch (error) {
        return { ok: false, error: errorMessage(error) };
      }
    })().then(sendResponse);
    return true;
  };
  runtime.onMessage.addListener(listener);
  return () => runtime.onMessage.removeListener(listener);
}

/** The message of anything thrown, for replies and UI. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

/**
 * Handlers that wait for the real ones: the background must register its listener synchronously
 * at start-up (so a message can wake the worker) while the database is still opening.
 */
export function deferHandlers(ready: Promise<Partial<Handlers>>): Handlers {
  return new Proxy({} as Handlers, {
    get: (_target, name: string) => async (payload: unknown, sender: RequestSender) => {
      const handlers = await ready;
      const handler = handlers[name as RequestName] as
        | ((p: unknown, s: RequestSender) => unknown)
        | undefined;
      if (!handler) throw new Error(`Unknown request "${name}".`);
      return handler(payload, sender);
    },
  });
}

/** One handler per content-script request name. */
export type ContentHandlers = {
  [K in keyof ContentProtocol]: (
    payload: ContentProtocol[K][0],
  ) => ContentProtocol[K][1] | Promise<ContentProtocol[K][1]>;
};

/** The tabs surface `requestTab` uses, so tests can hand in a fake. */
export interface TabsMessaging {
  sendMessage(tabId: number, message: unknown): Promise<unknown>;
}

/**
 * Sends a request from the background to a tab's content script (e.g. for "Save this page as a
 * source"). Throws a clear message when the tab has no Sourcelight content script (a browser page,
 * or a tab opened before the extension was installed).
 */
export async function requestTab<K extends keyof ContentProtocol>(
  tabId: number,
  name: K,
  payload: ContentProtocol[K][0],
  tabs: TabsMessaging = browser.tabs as unknown as TabsMessaging,
): Promise<ContentProtocol[K][1]> {
  let reply: Reply | undefined;
  try {
    reply = (await tabs.sendMessage(tabId, { sourcelight: name, payload })) as Reply | undefined;
  } catch {
    throw new RequestError(
      name,
      'Sourcelight cannot read this tab. Reload the page and try again (browser pages and PDFs cannot be read).',
    );
  }
  if (!reply || typeof reply !== 'object' || !('ok' in reply))
    throw new RequestError(name, 'This page did not answer. Reload it and try again.');
  if (!reply.ok) throw new RequestError(name, reply.error);
  return reply.value as ContentProtocol[K][1];
}

/**
 * Answers the background's requests in a content script until the returned function is called
 * (wire it to WXT's `ctx.onInvalidated`).
 */
export function serveContentRequests(
  handlers: Partial<ContentHandlers>,
  runtime: MessagingRuntime = defaultRuntime(),
): () => void {
  return serveRequests(handlers as unknown as Partial<Handlers>, runtime);
}
