/**
 * A page's text sent to the background in parts. An extension message is serialised in one task
 * of the page's main thread: 5 MB of live text took 91-102 ms there, more than the 50 ms a reader
 * feels as a stall. A long text goes as parts of at most PART_CHARS each, the page free to run
 * between them ('page.textPart'), and the request that needs it ('page.analyze', 'page.meaning')
 * carries the last part and the parts' key; the background joins them for that request.
 */

/** Characters per part: about 10 ms of serialising on the test machine, 30 on a slow one. */
export const PART_CHARS = 512 * 1024;
/** At most this many parts (128 M characters); a longer text goes whole, in one message. */
export const MAX_PARTS = 256;
/** Parts not taken within this long are dropped (the page went away mid-send). */
export const PARTS_TTL_MS = 60_000;

/** `text` cut into parts of at most `size` characters (one, possibly empty, when it is short). */
export function splitText(text: string, size = PART_CHARS): string[] {
  const parts: string[] = [];
  let at = 0;
  while (text.length - at > size) {
    let end = at + size;
    // Never between the two halves of a surrogate pair: each part is valid text on its own.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}

/** One part of a text on its way, as 'page.textPart' carries it. */
export interface TextPart {
  key: string;
  index: number;
  /** Parts in all, the last one (sent with the request) included. */
  count: number;
  part: string;
}

interface Pending {
  key: string;
  count: number;
  parts: (string | undefined)[];
  at: number;
}

/**
 * The parts each tab has sent, until the request that needs them takes them. A tab has one text
 * on its way at a time: a part under a new key drops the old key's parts.
 */
export class TextParts {
  private readonly byTab = new Map<number, Pending>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps one part; throws a one-line message when it cannot belong to a whole text. */
  add(tabId: number, { key, index, count, part }: TextPart): void {
    this.expire();
    if (!key) throw new Error('A text part needs a key.');
    if (!Number.isInteger(count) || count < 2 || count > MAX_PARTS)
      throw new Error(`A text is sent in 2 to ${MAX_PARTS} parts, not ${count}.`);
    // The last part comes with the request itself.
    if (!Number.isInteger(index) || index < 0 || index >= count - 1)
      throw new Error(`Part ${index} is not one of the ${count - 1} sent ahead.`);
    if (part.length > PART_CHARS) throw new Error('A text part is longer than a part may be.');
    let pending = this.byTab.get(tabId);
    if (!pending || pending.key !== key || pending.count !== count) {
      pending = { key, count, parts: new Array(count - 1), at: this.now() };
      this.byTab.set(tabId, pending);
    }
    pending.parts[index] = part;
  }

  /** The whole text: the parts sent ahead under `key`, then `last`; throws when one is missing. */
  take(tabId: number, key: string, last: string): string {
    const pending = this.byTab.get(tabId);
    this.byTab.delete(tabId);
    if (!pending || pending.key !== key) throw new Error("The page's text did not arrive whole.");
    // includes() reads the holes of parts never sent as undefined.
    if (pending.parts.includes(undefined) || pending.parts.length !== pending.count - 1)
      throw new Error("The page's text did not arrive whole.");
    return pending.parts.join('') + last;
  }

  /** Tabs with parts on their way (for tests). */
  get tabs(): number {
    this.expire();
    return this.byTab.size;
  }

  private expire(): void {
    const before = this.now() - PARTS_TTL_MS;
    for (const [tab, p] of this.byTab) if (p.at < before) this.byTab.delete(tab);
  }
}

let sent = 0;

/**
 * Sends the parts of a long `text` ahead with `send`, the page free to run (`pause`) after each,
 * and returns what the request that needs it carries: the last part and the parts' key. A short
 * text, or one too long for MAX_PARTS, goes whole with the request.
 */
export async function sendAhead(
  text: string,
  send: (part: TextPart) => Promise<unknown>,
  pause: () => Promise<void>,
): Promise<{ text: string; textKey?: string }> {
  const parts = splitText(text);
  if (parts.length === 1 || parts.length > MAX_PARTS) return { text };
  // Unique within the tab, which is all the background keys parts by (no crypto on http pages).
  const key = `${Date.now().toString(36)}-${(sent++).toString(36)}`;
  for (let index = 0; index < parts.length - 1; index++) {
    await send({ key, index, count: parts.length, part: parts[index]! });
    await pause();
  }
  return { text: parts[parts.length - 1]!, textKey: key };
}
