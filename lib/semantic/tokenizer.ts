/**
 * BERT's uncased WordPiece tokenizer, written from its definition: clean the text, put spaces
 * around CJK ideographs, lowercase and strip accents, split on whitespace and punctuation, then
 * cut each word into the longest vocabulary pieces from the left ("##" marks a continuation).
 * Tested against the reference tokenizer's ids (tests/fixtures/semantic/tokenizer-ids.json).
 */

/** Text to a model's token ids (this WordPiece one, or ./sentencepiece.ts's). */
export interface Tokenizer {
  /** Token ids of one text: the start token, pieces…, the end token, at most `maxTokens` in all. */
  encode(text: string, maxTokens: number): number[];
  /** Number of pieces in the vocabulary. */
  size: number;
}

/** A tokenizer built from a vocabulary file (one piece a line, the line number is its id). */
export type WordPiece = Tokenizer;

/** A word longer than this (in characters) is one unknown token, as in BERT. */
const MAX_WORD_CHARS = 100;

/** Builds a WordPiece tokenizer from the text of `vocab.txt`. */
export function wordPiece(vocabText: string, lowercase = true): WordPiece {
  const vocab = new Map<string, number>();
  const lines = vocabText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const piece = lines[i]!.replace(/\r$/, '');
    if (piece !== '' || i < lines.length - 1) vocab.set(piece, i);
  }
  const id = (piece: string) => {
    const found = vocab.get(piece);
    if (found === undefined) throw new Error(`The vocabulary has no ${piece} token.`);
    return found;
  };
  const cls = id('[CLS]');
  const sep = id('[SEP]');
  const unk = id('[UNK]');
  const pieceCache = new Map<string, number[]>();

  const wordIds = (word: string): number[] => {
    const cached = pieceCache.get(word);
    if (cached) return cached;
    const chars = Array.from(word);
    let out: number[];
    if (chars.length > MAX_WORD_CHARS) out = [unk];
    else {
      out = [];
      let start = 0;
      while (start < chars.length) {
        let end = chars.length;
        let found = -1;
        while (start < end) {
          const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
          const hit = vocab.get(piece);
          if (hit !== undefined) {
            found = hit;
            break;
          }
          end--;
        }
        if (found < 0) {
          out = [unk];
          break;
        }
        out.push(found);
        start = end;
      }
    }
    if (pieceCache.size < 50_000) pieceCache.set(word, out);
    return out;
  };

  return {
    size: vocab.size,
    encode(text, maxTokens) {
      const ids = [cls];
      const room = maxTokens - 1;
      for (const word of basicTokens(text, lowercase)) {
        for (const piece of wordIds(word)) {
          if (ids.length >= room) break;
          ids.push(piece);
        }
        if (ids.length >= room) break;
      }
      ids.push(sep);
      return ids;
    },
  };
}

/** BERT's basic tokenization: cleaned, lowercased, accent-free words and single punctuation marks. */
export function basicTokens(text: string, lowercase = true): string[] {
  const words: string[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') words.push(current);
    current = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Control characters and the replacement character are dropped; whitespace separates.
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) {
      flush();
      continue;
    }
    if (isCjk(cp)) {
      flush();
      words.push(ch);
      continue;
    }
    let norm = ch;
    if (lowercase) norm = stripAccents(ch.toLowerCase());
    for (const c of norm) {
      if (isPunctuation(c)) {
        flush();
        words.push(c);
      } else current += c;
    }
  }
  flush();
  return words;
}

const MARK = /\p{Mn}/gu;
function stripAccents(s: string): string {
  return /[^ -~]/.test(s) ? s.normalize('NFD').replace(MARK, '') : s;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || /\p{Zs}/u.test(ch);
}

function isControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return /[\p{Cc}\p{Cf}]/u.test(ch);
}

const PUNCT = /\p{P}/u;
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  // BERT counts every non-alphanumeric ASCII symbol ($, +, ^, `) as punctuation.
  if (
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126)
  )
    return true;
  return PUNCT.test(ch);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}
