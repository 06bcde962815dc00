import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWord, tokenize } from '../../lib/text/normalize';

/** The definition of a word: every match of this regex (the fast ASCII scan must find the same). */
const WORD_SPEC =
  /[\p{L}\p{M}\p{N}]+(?:(?:['\u2019\u02bc][\p{L}\p{M}]+)|(?:(?<=\p{N})[.,](?=\p{N}{1,3}\b)[\p{N}]+))*/gu;

function tokensBySpec(text: string, from: number, to: number) {
  const slice = text.slice(0, to);
  WORD_SPEC.lastIndex = from;
  const out: { norm: string; start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = WORD_SPEC.exec(slice)) !== null) {
    const norm = normalizeWord(m[0]);
    if (norm !== '') out.push({ norm, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// Pieces that meet at every boundary the regex cares about: apostrophes, number punctuation,
// underscores, accents, combining marks, other scripts, surrogate pairs, line breaks. (Scripts
// written without spaces are split further by a word segmenter: tests/lib/hostile.test.ts.)
const PIECES = [
  'a',
  'Z',
  'word',
  'U',
  '7',
  '1',
  '060',
  '12',
  ' ',
  '  ',
  '\n',
  "'",
  '\u2019',
  '\u02bc',
  '.',
  ',',
  '-',
  '_',
  '"',
  '\u201c',
  'é',
  'e\u0301',
  '\u0301',
  'Ж',
  'ш',
  'ع',
  '😀',
  '\u00a0',
  '½',
  '٣',
  "don't",
  '1,060',
  '3.5',
  'U.S.',
];

describe('tokenize', () => {
  it('finds exactly the words the word pattern defines, with their offsets, in any stretch of the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join('')),
        fc.nat(),
        fc.nat(),
        (text, a, b) => {
          const from = text.length ? a % (text.length + 1) : 0;
          const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
          expect(tokenize(text, from, to)).toEqual(tokensBySpec(text, from, to));
          expect(tokenize(text)).toEqual(tokensBySpec(text, 0, text.length));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps numbers, contractions and accented words whole', () => {
    expect(
      tokenize('At least 1,060 people; Khamenei\u2019s "don\'t" café 3.5%').map((t) => t.norm),
    ).toEqual(['at', 'least', '1,060', 'people', "khamenei's", "don't", 'cafe', '3.5']);
  });
});
