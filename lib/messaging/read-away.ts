/**
 * The page's side of reading a big page away from it. In Chrome the page sends its HTML to the
 * offscreen document itself, on a port only that document listens on: through the worker, the
 * HTML was copied into the worker and out of it again (60-80 ms a MB a hop on the test machine).
 * The worker is asked first, with a small message, to open the document; where the background
 * reads pages itself (Firefox), or when the document has gone by the time the page sends, the
 * HTML goes through the background as before. A big page goes in parts, each a short task of the page.
 */
import type { OffscreenPart, OffscreenRequest } from '../extract-offpage';
import { articleOfReply, READ_AWAY_PORT, type RuntimePort } from './offscreen';

/** What the page's reader needs: the background's two requests and `runtime.connect`. */
export interface AwayChannels {
  /** The 'page.openAway' request: whether the page may send its HTML to the offscreen document. */
  openAway: () => Promise<{ direct: boolean }>;
  /** The 'page.extract' request: the HTML read by way of the background. */
  extract: (html: string, url: string) => Promise<unknown>;
  connect: (name: string) => RuntimePort;
  /** Lets the page run between two parts of a big page sent (default: a new task). */
  pause?: () => Promise<void>;
}

/**
 * Characters of HTML a message on the port carries at most: each message is copied in one task of
 * the page, and a page of 5 MB sent whole was one task of 371 ms on the test machine.
 */
export const PART_CHARS = 256 * 1024;

/**
 * A reader for one page: `open()` as soon as the page is known big (the document opens while the
 * page is serialised), then `read(html, url)`.
 */
export function awayReader(channels: AwayChannels): {
  open: () => void;
  /** `sent` is called once all of the HTML has left the page (the page may read on meanwhile). */
  read: (html: string, url: string, sent?: () => void) => Promise<unknown>;
  /** How the last page read went: on the port, through the background, or not yet read. */
  via: () => 'port' | 'background' | null;
} {
  const pause = channels.pause ?? (() => new Promise<void>((ok) => setTimeout(ok, 0)));
  let direct: Promise<boolean> | null = null;
  let via: 'port' | 'background' | null = null;
  const open = () => {
    direct ??= channels.openAway().then(
      (r) => r.direct === true,
      () => false,
    );
  };
  const read = async (html: string, url: string, sent?: () => void): Promise<unknown> => {
    open();
    if (await direct) {
      const outcome = await sendOnPort(channels.connect, html, url, pause, sent);
      if (outcome.answered) {
        via = 'port';
        return articleOfReply(outcome.reply);
      }
    }
    via = 'background';
    const reply = channels.extract(html, url);
    sent?.();
    return reply;
  };
  return { open, read, via: () => via };
}

/**
 * Sends a page's HTML on a new `READ_AWAY_PORT` in parts of `PART_CHARS`, pausing between them, and
 * waits for the reply; not answered when the port closes first (no offscreen document: it closed
 * itself after its idle minute).
 */
async function sendOnPort(
  connect: (name: string) => RuntimePort,
  html: string,
  url: string,
  pause: () => Promise<void>,
  sent?: () => void,
): Promise<{ answered: true; reply: unknown } | { answered: false }> {
  let port: RuntimePort;
  try {
    port = connect(READ_AWAY_PORT);
  } catch {
    return { answered: false };
  }
  let closed = false;
  const outcome = new Promise<{ answered: true; reply: unknown } | { answered: false }>(
    (resolve) => {
      port.onMessage.addListener((reply) => {
        resolve({ answered: true, reply });
        port.disconnect();
      });
      port.onDisconnect.addListener(() => {
        closed = true;
        resolve({ answered: false });
      });
    },
  );
  try {
    let at = 0;
    for (; html.length - at > PART_CHARS; at += PART_CHARS) {
      const part: OffscreenPart = {
        sourcelightOffscreen: 'part',
        html: html.slice(at, at + PART_CHARS),
      };
      port.postMessage(part);
      await pause();
      if (closed) return { answered: false };
    }
    const last: OffscreenRequest = { sourcelightOffscreen: 'extract', html: html.slice(at), url };
    port.postMessage(last);
  } catch {
    return { answered: false };
  }
  sent?.();
  return outcome;
}
