/**
 * Source texts kept as UTF-8 bytes and made strings only when read. The texts are most of a large
 * library's stored record, and a waking worker's read of it takes time in proportion to its bytes:
 * as UTF-8 they are about half (JavaScript strings with any character past Latin-1, a curly quote,
 * take two bytes a character), and only the sources a page makes candidates are ever decoded.
 */

/** Keeps a byte order mark at the start of a text: it is part of the text. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Each lazy text's bytes and length, then its string once read; neither while its bytes are still
 * on their way (`withPendingText`).
 */
const held = new WeakMap<
  object,
  { bytes: Uint8Array | null; length: number; text: string | null }
>();

// One getter and setter for every lazy text (they find theirs by `this`): objects given their own
// functions would each get a hidden class of their own, which made restoring 10,000 sources slow.
function readText(this: object): string {
  const h = held.get(this)!;
  if (h.bytes) {
    h.text = decoder.decode(h.bytes);
    h.bytes = null;
  }
  // A page may be matched before every text was read (lib/db/library-cache.ts): it is matched
  // again once they are. Never an empty text in its place.
  if (h.text === null) throw new TextNotRead();
  return h.text;
}
function writeText(this: object, text: string): void {
  held.set(this, { bytes: null, length: text.length, text });
}
const LAZY_TEXT: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get: readText,
  set: writeText,
};

/**
 * `fields` given a `text` decoded from `bytes` when first read, then kept; `length` is the text's
 * length in UTF-16 code units, known at once to `textLength`.
 */
export function withLazyText<T extends object>(
  fields: T,
  bytes: Uint8Array,
  length: number,
): T & { text: string } {
  held.set(fields, { bytes, length, text: null });
  Object.defineProperty(fields, 'text', LAZY_TEXT);
  return fields as T & { text: string };
}

/**
 * `fields` with a `text` of `length` whose bytes come later (`giveText`): the stored library's
 * texts are read after its index, so the index is unpacked meanwhile. Reading the text before
 * it was given throws.
 */
export function withPendingText<T extends object>(fields: T, length: number): T & { text: string } {
  held.set(fields, { bytes: null, length, text: null });
  Object.defineProperty(fields, 'text', LAZY_TEXT);
  return fields as T & { text: string };
}

/** Thrown by reading a text `withPendingText` made before it was given. */
export class TextNotRead extends Error {
  constructor() {
    super('a source text was read before it was loaded');
  }
}

/** Gives a text made by `withPendingText` its UTF-8 bytes, or the text itself. */
export function giveText(source: object, text: Uint8Array | string): void {
  const h = held.get(source);
  if (!h || h.text !== null || h.bytes) return;
  if (typeof text === 'string') h.text = text;
  else h.bytes = text;
}

/** Whether `source`'s text was made by `withPendingText` and not given yet. */
export function textPending(source: object): boolean {
  const h = held.get(source);
  return h !== undefined && h.text === null && h.bytes === null;
}

/** The length of `source.text`, without decoding a text `withLazyText` keeps as bytes. */
export function textLength(source: { text: string }): number {
  return held.get(source)?.length ?? source.text.length;
}

/** Whether `text` comes back the same from UTF-8 (no lone surrogate, which would come back as U+FFFD). */
export function utf8Safe(text: string): boolean {
  const check = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (check) return check.call(text);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
