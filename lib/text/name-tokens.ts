/**
 * Word tokens that keep what name recognition needs and matching throws away: the original case,
 * a possessive ending, the characters between words, and whether a word opens a sentence.
 */
import { normalizeWord } from './normalize';
import { ABBREVIATIONS, HONORIFICS } from './name-lexicon';

/** A word of a text with its case and surroundings. */
export interface NameToken {
  /** The word as written, without a possessive ending. */
  text: string;
  /** Lower case, no diacritics, no full stops ("U.S." → "us"). */
  norm: string;
  start: number;
  /** End of the word without its possessive ending. */
  end: number;
  /** Starts with an upper-case letter (or is written in a script without case, see `uncased`). */
  cap: boolean;
  /** Written in a script that has no letter case (Devanagari, Arabic, Chinese …). */
  uncased: boolean;
  /** Ends in 's / ’s (or a bare apostrophe after s). */
  poss: boolean;
  /** Text between the previous word and this one ("" for the first word). */
  gap: string;
  /** Opens a sentence, a line or the text. */
  sentStart: boolean;
  /** Opens a line. */
  lineStart: boolean;
}

/** Initialisms with full stops (U.S., J.D.), or a word with inner apostrophes. */
const WORD =
  /(?:\p{Lu}\.){2,}|[\p{L}\p{M}\p{N}]+(?:['\u2019\u02bc][\p{L}\p{M}]+)*(?:(?<=s)['\u2019](?![\p{L}]))?/gu;
const POSSESSIVE = /(?:['\u2019\u02bc]s|(?<=s)['\u2019])$/iu;
const UPPER = /^\p{Lu}/u;
const HAS_CASE = /[\p{Lu}\p{Ll}]/u;
const ASCII_LETTERS = /^[A-Za-z]+$/;

/** Whether a UTF-16 code unit is an ASCII letter or digit. */
const asciiWordChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/**
 * Tokenises `text[from, to)` for name recognition: the matches of WORD. As in `tokenize`, plain
 * ASCII words are cut by a scan over character codes (every page's attributions are read this way);
 * wherever WORD could read otherwise (an initialism, an apostrophe, any non-ASCII character) the
 * regex itself takes over from that position.
 */
export function nameTokens(text: string, from = 0, to = text.length): NameToken[] {
  const out: NameToken[] = [];
  const slice = text.slice(0, to);
  let prevEnd = from;
  let pos = from;
  while (pos < to) {
    const c = slice.charCodeAt(pos);
    // No ASCII character other than letters and digits can start a word.
    if (c < 128 && !asciiWordChar(c)) {
      pos++;
      continue;
    }
    let start = pos;
    let end = -1;
    // Whether the word is plain ASCII letters (null: not known from the scan).
    let letters: boolean | null = null;
    // A capital and a stop may open an initialism (U.S.): WORD decides.
    if (c < 128 && !(c <= 90 && c >= 65 && slice.charCodeAt(pos + 1) === 46)) {
      let e = pos;
      let digits = false;
      while (e < to) {
        const d = slice.charCodeAt(e);
        if (!asciiWordChar(d)) break;
        if (d <= 57) digits = true;
        e++;
      }
      const next = e < to ? slice.charCodeAt(e) : 32;
      // After an apostrophe or a non-ASCII character the word may go on.
      if (next < 128 && next !== 39) {
        end = e;
        letters = !digits;
      }
    }
    if (end < 0) {
      WORD.lastIndex = pos;
      const m = WORD.exec(slice);
      if (m === null) break;
      start = m.index;
      end = start + m[0].length;
    }
    pos = end;
    let word = slice.slice(start, end);
    const gap = text.slice(prevEnd, start);
    const prev = out[out.length - 1];
    // Most words of English copy are plain ASCII letters after one space: no possessive, no case
    // question, no sentence break to look for.
    if ((letters ?? ASCII_LETTERS.test(word)) && (gap === ' ' || prev === undefined)) {
      out.push({
        text: word,
        norm: word.toLowerCase(),
        start,
        end: start + word.length,
        cap: word.charCodeAt(0) <= 90,
        uncased: false,
        poss: false,
        gap,
        sentStart: prev === undefined,
        lineStart: prev === undefined,
      });
      prevEnd = start + word.length;
      continue;
    }
    const poss = word.length > 2 && POSSESSIVE.test(word) && /\p{L}/u.test(word[0]!);
    if (poss) word = word.replace(POSSESSIVE, '');
    const lineStart = prev === undefined || gap.includes('\n');
    // A full stop after an abbreviation ("Mr. Trump") does not end the sentence; an opening quote starts one.
    const sentStart =
      lineStart ||
      (/[.!?]["”’)\]]*\s/.test(gap) &&
        !(prev && /^\.\s/.test(gap) && ABBREVIATIONS.has(prev.norm))) ||
      /[:“"«]\s*$/.test(gap) ||
      /[“«]/.test(gap);
    const uncased = !HAS_CASE.test(word);
    out.push({
      text: word,
      norm: normalizeWord(word).replace(/\./g, ''),
      start,
      end: start + word.length,
      cap: UPPER.test(word) || (uncased && /\p{L}/u.test(word)),
      uncased,
      poss,
      gap,
      sentStart,
      lineStart,
    });
    prevEnd = end;
  }
  return out;
}

/** Whether two adjacent tokens belong to one name: only spaces (or a hyphen) between them, on one line. */
export function joined(next: NameToken): boolean {
  return /^[ \u00a0]+$|^-$/.test(next.gap);
}

/** Whether a word is shaped like a nationality adjective (Iranian, Israeli, Belvorian, Turkish). */
export function isDemonym(t: NameToken): boolean {
  return (
    t.cap && t.text.length >= 5 && /(?:ian|ean|ese|ish|i)$/.test(t.norm) && !HONORIFICS.has(t.norm)
  );
}

/** Whether a word is an initialism (U.S., UN, EU). */
export function isAcronym(t: NameToken): boolean {
  return /^(?:\p{Lu}\.){2,}$|^\p{Lu}{2,5}$/u.test(t.text);
}
