/**
 * Text normalisation with offsets. Matching compares normalised tokens, but every token keeps
 * the UTF-16 range it came from, so a match can always be mapped back to the original text.
 */

/** A word of the original text with its normalised form and its range in that text. */
export interface Token {
  /** Normalised form: lower case, no diacritics, straight apostrophes. */
  norm: string;
  start: number;
  end: number;
}

const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const APOSTROPHES = /[\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032]/g;
const ASCII_WORD = /^[A-Za-z0-9',.]*$/;

/** Normalises one word: case, diacritics (é → e), compatibility forms (ﬁ → fi) and apostrophes. */
export function normalizeWord(word: string): string {
  // Fast path: plain ASCII words (most of English copy) need only lower-casing.
  if (ASCII_WORD.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(APOSTROPHES, "'")
    .toLowerCase();
}

/**
 * A word: letters or digits, with inner apostrophes (haven't, Khamenei’s) and number punctuation
 * (1,060 / 3.5) kept inside it. Hyphens and dashes split words, so "cease-fire" and "cease fire"
 * tokenise alike.
 */
const WORD =
  /[\p{L}\p{M}\p{N}]+(?:(?:['\u2019\u02bc][\p{L}\p{M}]+)|(?:(?<=\p{N})[.,](?=\p{N}{1,3}\b)[\p{N}]+))*/gu;

/** What WORD can start with (astral characters, as surrogate pairs, are left to WORD itself). */
const WORD_START = /[\p{L}\p{M}\p{N}]/u;

/** Whether a UTF-16 code unit is an ASCII letter or digit. */
const asciiWordChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/**
 * Splits text into normalised word tokens with their original offsets: the matches of WORD, with
 * runs of scripts written without spaces split into words (see splitCjk).
 *
 * Tokenising every source of a large library is most of building its index, so plain ASCII words
 * are cut by a scan over character codes; wherever WORD could read on (an apostrophe, a stop or
 * comma in a number, any non-ASCII character) the regex itself takes over from that position.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  scanWords(text, from, to, (norm, start, end) => {
    tokens.push({ norm, start, end });
  });
  return tokens;
}

/** Where `scanWords` hands each word: its normalised form and its range in the text. */
export type WordSink = (norm: string, start: number, end: number) => void;

/**
 * The words of `tokenize`, in order, handed to `word` one by one rather than made into tokens:
 * the match words of a page or a source are made from them, and the tokens in between were only
 * garbage (some 19,000 on wikipedia-2).
 */
export function scanWords(text: string, from: number, to: number, word: WordSink): void {
  const slice = from === 0 && to === text.length ? text : text.slice(0, to);
  let pos = from;
  while (pos < to) {
    const c = slice.charCodeAt(pos);
    if (c < 128 && !asciiWordChar(c)) {
      // No ASCII character other than letters and digits can start a word.
      pos++;
      continue;
    }
    if (c >= 128 && (c < 0xd800 || c > 0xdfff) && !WORD_START.test(slice[pos]!)) {
      // Nor can punctuation outside ASCII (curly quotes, dashes): the words after it take the fast path.
      pos++;
      continue;
    }
    if (c < 128) {
      let end = pos + 1;
      while (end < to && asciiWordChar(slice.charCodeAt(end))) end++;
      const next = end < to ? slice.charCodeAt(end) : 32;
      if (next < 128 && (!mayGoOn(next) || !goesOn(slice, end, to))) {
        // ASCII letters and digits: normalising is lower-casing (normalizeWord's fast path).
        word(slice.slice(pos, end).toLowerCase(), pos, end);
        pos = end;
        continue;
      }
    }
    // Non-ASCII text, or a word that may go on: WORD decides from here.
    WORD.lastIndex = pos;
    const m = WORD.exec(slice);
    if (m === null) break;
    wordOf(m[0], m.index, word);
    pos = m.index + m[0].length;
  }
}

/** Hands on one match of WORD: normalised, or split into words when in a script written without spaces. */
function wordOf(found: string, start: number, word: WordSink): void {
  if (CJK.test(found)) {
    splitCjk(found, start, word);
    return;
  }
  const norm = normalizeWord(found);
  // A "word" of stray combining marks normalises to nothing; empty tokens would all equal each other.
  if (norm !== '') word(norm, start, start + found.length);
}

/** Whether WORD may read on past an ASCII word at this ASCII character: an apostrophe, a stop or a comma. */
const mayGoOn = (c: number) => c === 39 || c === 44 || c === 46;

/** Whether a code unit is an ASCII digit. */
const asciiDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether WORD reads on past the ASCII word ending at `end`, where an apostrophe, a stop or a comma
 * stands, or may (then WORD itself decides). After an apostrophe it reads on into a letter; after a
 * stop or comma only from a digit into a digit (1,060; 3.5). Most words before a stop or a comma
 * end a sentence or a clause, and the regex costs more than the rest of a word's tokenising.
 */
function goesOn(text: string, end: number, to: number): boolean {
  if (end + 1 >= to) return false;
  const after = text.charCodeAt(end + 1);
  // Past ASCII, what counts as a letter or a digit is WORD's to say.
  if (after >= 128) return true;
  if (text.charCodeAt(end) === 39) return asciiWordChar(after) && !asciiDigit(after);
  return asciiDigit(text.charCodeAt(end - 1)) && asciiDigit(after);
}

/** Scripts written without spaces between words. */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

let wordSegmenter:
  | { segment(s: string): Iterable<{ segment: string; index: number; isWordLike?: boolean }> }
  | null
  | undefined;

/**
 * Chinese, Japanese, Thai and similar scripts put no space between words, so a whole clause would be
 * one "word" and a quote cut from it would share no token with its source. Such runs are split with
 * the platform's word segmenter (Intl.Segmenter: Node and every current browser), or into single
 * characters where there is none.
 */
function splitCjk(word: string, offset: number, out: WordSink): void {
  if (wordSegmenter === undefined) {
    const Segmenter = (
      Intl as unknown as { Segmenter?: new (l?: string, o?: object) => typeof wordSegmenter }
    ).Segmenter;
    wordSegmenter = Segmenter ? new Segmenter(undefined, { granularity: 'word' }) : null;
  }
  if (!wordSegmenter) {
    let i = 0;
    for (const ch of word) {
      const norm = normalizeWord(ch);
      if (norm !== '') out(norm, offset + i, offset + i + ch.length);
      i += ch.length;
    }
    return;
  }
  for (const part of wordSegmenter.segment(word)) {
    if (part.isWordLike === false) continue;
    const norm = normalizeWord(part.segment);
    if (norm !== '') out(norm, offset + part.index, offset + part.index + part.segment.length);
  }
}

/** Collapses runs of whitespace to one space and trims; for display and comparison of short strings. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Normalised token string of a text, for comparisons that ignore case, punctuation and quote marks. */
export function normalizedWords(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}
