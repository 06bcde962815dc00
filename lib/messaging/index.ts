/**
 * Runtime side of the protocol in lib/messages.ts. Pages and the content script call
 * `request(name, payload)`; the background answers with `serveRequests(handlers)`. Errors travel
 * as `{ ok: false, error }` replies so the caller gets the background's message, not a bare
 * "receiving end does not exist".
 */
import { browser } from 'wxt/browser';
import { classifySender, contentPayload, type RawSender, type Self } from './senders';
import { payloadProblem } from './shapes';
import type {
  ContentProtocol,
  Envelope,
  Handlers,
  Payload,
  Reply,
  RequestName,
  RequestSender,
  Response,
} from '../messages';

export type { Handlers, RequestSender } from '../messages';

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

/** The minimal runtime surface this module uses, so tests can hand in `fakeBrowser.runtime`. */
export interface MessagingRuntime {
  /** This extension's id: a message from any other sender id is refused. */
  id?: string;
  /** This extension's page URLs (`getURL('')` is the origin of its pages). */
  getURL?(path: string): string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: MessageListener): void;
    removeListener(listener: MessageListener): void;
  };
}

type MessageListener = (
  message: unknown,
  sender: RawSender | undefined,
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

/** This extension as the sender checks need it; null when the runtime cannot say (then nothing is served). */
function selfOf(runtime: MessagingRuntime): Self | null {
  if (!runtime.id || !runtime.getURL) return null;
  return { id: runtime.id, origin: runtime.getURL('') };
}

/**
 * Answers requests with `handlers` until the returned function is called. Replies go through
 * `sendResponse` (and the listener returns true), which both Chrome and Firefox honour. Before
 * any handler runs, the sender must be this extension's page or its content script in a tab
 * (senders.ts), the payload must fit its request's shape (shapes.ts), and a content script's
 * request must be one it may send, with its addresses bound to its own page; anything else is
 * answered with an error and changes nothing.
 */
export function serveRequests(
  handlers: Partial<Handlers>,
  runtime: MessagingRuntime = defaultRuntime(),
): () => void {
  const self = selfOf(runtime);
  return answerEnvelopes(runtime, async (message, sender) => {
    const name = message.sourcelight;
    const from = self
      ? classifySender(sender, self)
      : { refused: 'Sourcelight cannot tell who sent this.' };
    if ('refused' in from) return { ok: false, error: from.refused };
    const problem = payloadProblem(name, message.payload);
    if (problem) return { ok: false, error: problem };
    let payload: unknown = message.payload;
    if (from.kind === 'content') {
      const bound = contentPayload(name, payload, from);
      if ('refused' in bound) return { ok: false, error: bound.refused };
      payload = bound.payload;
    }
    // The name is one of the protocol's (checked with the payload), never an inherited property.
    const handler = handlers[name] as ((p: unknown, s: RequestSender) => unknown) | undefined;
    if (!handler) return { ok: false, error: `Unknown request "${name}".` };
    return { ok: true, value: (await handler(payload, from)) as never };
  });
}

/** The message of anything thrown, for replies and UI. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

/**
 * Handlers that wait for the real ones: the background must register its listener synchronously
 * at start-up (so a message can wake the worker) while the database is still opening.
 * `onRequest` runs as each request arrives, before it waits.
 */
export function deferHandlers(
  ready: Promise<Partial<Handlers>>,
  onRequest: () => void = () => undefined,
): Handlers {
  return new Proxy({} as Handlers, {
    get: (_target, name: string) => async (payload: unknown, sender: RequestSender) => {
      onRequest();
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
 * (wire it to WXT's `ctx.onInvalidated`). Only this extension's own background or pages are
 * answered; requests are checked by name and payload shape.
 */
export function serveContentRequests(
  handlers: Partial<ContentHandlers>,
  runtime: MessagingRuntime = defaultRuntime(),
): () => void {
  const self = selfOf(runtime);
  return answerEnvelopes(runtime, async (message, sender) => {
    const name = message.sourcelight as string;
    const from = self ? classifySender(sender, self) : null;
    if (!from || 'refused' in from || from.kind !== 'page')
      return { ok: false, error: 'Only Sourcelight itself may ask this page.' };
    const payload = message.payload;
    if (typeof payload !== 'object' || payload === null)
      return { ok: false, error: `Malformed "${name}" request.` };
    const handler = Object.hasOwn(handlers, name)
      ? (handlers[name as keyof ContentHandlers] as (p: unknown) => unknown)
      : undefined;
    if (!handler) return { ok: false, error: `Unknown request "${name}".` };
    return { ok: true, value: (await handler(payload)) as never };
  });
}

/**
 * Listens for Sourcelight envelopes and answers each with `answer`'s reply; anything it throws is
 * answered as an error, so a caller always hears back. Returns the way to stop listening.
 */
function answerEnvelopes(
  runtime: MessagingRuntime,
  answer: (message: Envelope, sender: RawSender | undefined) => Promise<Reply>,
): () => void {
  const listener: MessageListener = (message, sender, sendResponse) => {
    if (!isEnvelope(message)) return undefined;
    void answer(message, sender)
      .catch((error): Reply => ({ ok: false, error: errorMessage(error) }))
      .then(sendResponse);
    return true;
  };
  runtime.onMessage.addListener(listener);
  return () => runtime.onMessage.removeListener(listener);
}
