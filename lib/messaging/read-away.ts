/**
 * The page's side of reading a big page away from it. In Chrome the page sends its HTML to the
 * offscreen document itself, on a port only that document listens on: through the worker, the
 * HTML was copied into the worker and out of it again (60-80 ms a MB a hop on the test machine).
 * The worker is asked first, with a small message, to open the document; where the background
 * reads pages itself (Firefox), or when the document has gone by the time the page sends, the
 * HTML goes through the background as before.
 */
import type { OffscreenRequest } from '../extract-offpage';
import { articleOfReply, READ_AWAY_PORT, type RuntimePort } from './offscreen';

/** What the page's reader needs: the background's two requests and `runtime.connect`. */
export interface AwayChannels {
  /** The 'page.openAway' request: whether the page may send its HTML to the offscreen document. */
  openAway: () => Promise<{ direct: boolean }>;
  /** The 'page.extract' request: the HTML read by way of the background. */
  extract: (html: string, url: string) => Promise<unknown>;
  connect: (name: string) => RuntimePort;
}

/**
 * A reader for one page: `open()` as soon as the page is known big (the document opens while the
 * page is serialised), then `read(html, url)`.
 */
export function awayReader(channels: AwayChannels): {
  open: () => void;
  read: (html: string, url: string) => Promise<unknown>;
  /** How the last page read went: on the port, through the background, or not yet read. */
  via: () => 'port' | 'background' | null;
} {
  let direct: Promise<boolean> | null = null;
  let via: 'port' | 'background' | null = null;
  const open = () => {
    direct ??= channels.openAway().then(
      (r) => r.direct === true,
      () => false,
    );
  };
  const read = async (html: string, url: string): Promise<unknown> => {
    open();
    if (await direct) {
      const sent = await sendOnPort(channels.connect, {
        sourcelightOffscreen: 'extract',
        html,
        url,
      });
      if (sent.answered) {
        via = 'port';
        return articleOfReply(sent.reply);
      }
    }
    via = 'background';
    return channels.extract(html, url);
  };
  return { open, read, via: () => via };
}

/**
 * Sends one request on a new `READ_AWAY_PORT` and waits for the reply; not answered when the port
 * closes first (no offscreen document: it closed itself after its idle minute).
 */
function sendOnPort(
  connect: (name: string) => RuntimePort,
  request: OffscreenRequest,
): Promise<{ answered: true; reply: unknown } | { answered: false }> {
  return new Promise((resolve) => {
    let port: RuntimePort;
    try {
      port = connect(READ_AWAY_PORT);
    } catch {
      resolve({ answered: false });
      return;
    }
    port.onMessage.addListener((reply) => {
      resolve({ answered: true, reply });
      port.disconnect();
    });
    port.onDisconnect.addListener(() => resolve({ answered: false }));
    try {
      port.postMessage(request);
    } catch {
      resolve({ answered: false });
    }
  });
}
