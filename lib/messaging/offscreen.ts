/**
 * The extension side of reading big pages away from them (see lib/extract-offpage.ts). Chrome's
 * service worker has no DOM, so it opens an offscreen document (an invisible extension page, the
 * "offscreen" permission) to parse the page's HTML and run Readability; Firefox's background page
 * has a DOM and reads it itself. The offscreen document closes itself once it has been idle a while
 * (the worker that opened it may be long gone by then).
 */
import {
  extractFromHtml,
  isOffPageArticle,
  isOffscreenPart,
  isOffscreenRequest,
  OFF_PAGE_MAX_CHARS,
  type OffPageArticle,
  type OffscreenRequest,
} from '../extract-offpage';
import { errorMessage } from './index';

/** The offscreen document, as WXT builds it (entrypoints/offscreen/index.html). */
export const OFFSCREEN_PATH = '/offscreen.html';

/** Idle time after which the offscreen document is closed (it holds a renderer's memory). */
export const OFFSCREEN_IDLE_MS = 60_000;

/** The parts of Chrome's API the background uses, so tests can hand in fakes. */
export interface OffscreenApi {
  offscreen: {
    hasDocument(): Promise<boolean>;
    createDocument(parameters: {
      url: string;
      reasons: string[];
      justification: string;
    }): Promise<void>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

/** What the offscreen document answers: the article, or why it could not read the page. */
export type OffscreenReply = { ok: true; article: OffPageArticle } | { ok: false; error: string };

/**
 * The port a content script sends a big page's HTML on to the offscreen document itself
 * (./read-away.ts): only the offscreen document listens for it, so the HTML is copied once, not
 * once into the worker and again out of it.
 */
export const READ_AWAY_PORT = 'sourcelight-read-away';

/** The article of an offscreen reply, or the error it reports. */
export function articleOfReply(reply: unknown): OffPageArticle {
  if (!reply || typeof reply !== 'object')
    throw new Error('The offscreen document did not answer.');
  const r = reply as Partial<{ ok: boolean; article: unknown; error: unknown }>;
  if (r.ok !== true)
    throw new Error(String(r.error ?? 'The offscreen document could not read the page.'));
  if (!isOffPageArticle(r.article)) throw new Error('The offscreen document sent back no article.');
  return r.article;
}

/**
 * Reads pages in Chrome's offscreen document, opened on first use (once, however many pages ask at
 * once) and again after it has closed itself. `open` opens it for a page that sends its HTML there
 * itself.
 */
export function offscreenReader(api: OffscreenApi): {
  read: (html: string, url: string) => Promise<OffPageArticle>;
  open: () => Promise<void>;
} {
  let opening: Promise<void> | null = null;

  const open = async (): Promise<void> => {
    if (await api.offscreen.hasDocument()) return;
    opening ??= api.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['DOM_PARSER'],
        justification:
          'Reads the article of a big page with Readability away from the page, so the page does not freeze.',
      })
      .finally(() => {
        opening = null;
      });
    await opening;
  };

  const ask = async (request: OffscreenRequest): Promise<OffscreenReply | undefined> => {
    await open();
    return (await api.runtime.sendMessage(request)) as OffscreenReply | undefined;
  };

  const read = async (html: string, url: string): Promise<OffPageArticle> => {
    const request: OffscreenRequest = { sourcelightOffscreen: 'extract', html, url };
    // No answer: the document closed itself just as it was asked. It is opened again, once.
    return articleOfReply((await ask(request)) ?? (await ask(request)));
  };
  return { read, open };
}

/** Reads pages right where the background runs (Firefox's background page has a DOM). */
export function domReader(
  parser: () => { parseFromString(html: string, type: 'text/html'): Document },
) {
  return async (html: string, url: string): Promise<OffPageArticle> =>
    extractFromHtml(html, url, (h) => parser().parseFromString(h, 'text/html'));
}

/** The part of a runtime port (`runtime.connect`) the reading uses. */
export interface RuntimePort {
  name: string;
  sender?: { id?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** The runtime surface the offscreen document listens on. */
export interface OffscreenRuntime {
  /** This extension's id: only its background and its own content scripts are answered. */
  id?: string;
  /** Where this extension's content scripts send big pages themselves (`READ_AWAY_PORT`). */
  onConnect?: { addListener(listener: (port: RuntimePort) => void): void };
  onMessage: {
    addListener(
      listener: (
        message: unknown,
        sender: unknown,
        sendResponse: (reply: unknown) => void,
      ) => boolean | undefined,
    ): void;
  };
}

/** How the offscreen document closes itself when idle (see `serveOffscreen`). */
export interface IdleClose {
  close: () => void;
  idleMs?: number;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * The offscreen document's side: answers the background's reading requests, and pages this
 * extension's content scripts send on `READ_AWAY_PORT`, and leaves every other message (the content
 * scripts' requests reach every extension page) to the background. It closes itself `idleMs` after
 * its last page, from the time it opens.
 */
export function serveOffscreen(
  runtime: OffscreenRuntime,
  parse: (html: string) => Document,
  idle?: IdleClose,
): void {
  const setTimer = idle?.setTimer ?? ((f: () => void, ms: number) => setTimeout(f, ms));
  const clearTimer =
    idle?.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  const closeLater = (): void => {
    if (!idle) return;
    if (timer !== null) clearTimer(timer);
    timer = setTimer(idle.close, idle.idleMs ?? OFFSCREEN_IDLE_MS);
  };
  closeLater();
  runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isOffscreenRequest(message)) return undefined;
    // Only this extension's background asks (never a content script in a tab, never another extension).
    const from = sender as { id?: string; tab?: unknown } | undefined;
    if (runtime.id !== undefined && (from?.id !== runtime.id || from.tab !== undefined))
      return undefined;
    sendResponse(read(message));
    return undefined;
  });
  runtime.onConnect?.addListener((port) => {
    if (port.name !== READ_AWAY_PORT) return;
    // A content script of this extension (a web page cannot connect; another extension has another id).
    if (runtime.id !== undefined && port.sender?.id !== runtime.id) {
      port.disconnect();
      return;
    }
    // A big page comes in parts, the request carrying the last.
    const parts: string[] = [];
    let size = 0;
    port.onMessage.addListener((message) => {
      if (isOffscreenPart(message) && (size += message.html.length) <= OFF_PAGE_MAX_CHARS)
        parts.push(message.html);
      else if (isOffscreenRequest(message) && size + message.html.length <= OFF_PAGE_MAX_CHARS) {
        parts.push(message.html);
        port.postMessage(read({ ...message, html: parts.join('') }));
        parts.length = 0;
        size = 0;
      } else port.disconnect();
    });
  });

  function read(message: OffscreenRequest): OffscreenReply {
    closeLater();
    try {
      return { ok: true, article: extractFromHtml(message.html, message.url, parse) };
    } catch (error) {
      return { ok: false, error: `The page could not be read: ${errorMessage(error)}` };
    }
  }
}
