/**
 * Sentence and clause segmentation with offsets. News copy is full of full stops that do not end a
 * sentence (U.S., Mr., J.D., 3.5, Jan. 6), so a stop only ends a sentence when it is not part of an
 * abbreviation, an initial or a number, and the next word starts like a sentence does.
 */

/** A range of the text: `start` inclusive, `end` exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Titles and common abbreviations that take a full stop in English news copy. A general list of the
 * language (Associated Press style), not of any story.
 */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm maj gov sen rep rev hon pres supt insp ' +
    'jan feb mar apr aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'no nos vol vols fig figs p pp ed eds est approx dept univ assn corp inc ltd co bros etc vs v al e.g i.e cf ca'
  ).split(' '),
);

const CLOSERS = /["'\u201d\u2019\u00bb\u300d\u300f)\]]/u;
/** A line break or a terminal mark: where a sentence may end. */
const SENTENCE_BREAK = /[\n.!?\u2026]/g;
/** Clause punctuation (see segmentClauses): where a clause may end. */
const CLAUSE_BREAK = /[,;:\u2014\u2013\u2026]/g;
const SENTENCE_START = /[\p{Lu}\p{N}"'\u201c\u2018\u00ab\u201e\u300c([\u2013\u2014-]/u;

/**
 * Splits text into sentences. Line breaks always end a sentence (one paragraph per line).
 * Returned ranges are trimmed and never empty.
 */
export function segmentSentences(text: string, from = 0, to = text.length): TextRange[] {
  const out: TextRange[] = [];
  let start = from;
  // Only a line break or a terminal mark can end a sentence: the search for the next one passes over
  // the other characters natively (the text is cut at `to` so that it never reads past it).
  const scan = to === text.length ? text : text.slice(0, to);
  for (let i = from; i < to; i++) {
    SENTENCE_BREAK.lastIndex = i;
    if (!SENTENCE_BREAK.test(scan)) break;
    i = SENTENCE_BREAK.lastIndex - 1;
    const c = text[i]!;
    if (c === '\n') {
      pushSentence(text, start, i, out);
      start = i + 1;
      continue;
    }
    // Runs of terminal marks ("?!", "...") end together; closing quotes and brackets belong to the sentence.
    let j = i + 1;
    while (j < to && /[.!?\u2026]/.test(text[j]!)) j++;
    while (j < to && CLOSERS.test(text[j]!)) j++;
    if (j < to && !/\s/.test(text[j]!)) {
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < to && text[k] !== '\n' && /\s/.test(text[k]!)) k++;
    if (k < to && text[k] !== '\n' && !SENTENCE_START.test(text[k]!)) {
      i = j - 1;
      continue;
    }
    if (c === '.' && j === i + 1 && isAbbreviation(text, from, i, k < to ? text[k]! : '')) continue;
    pushSentence(text, start, j, out);
    start = j;
    i = j - 1;
  }
  pushSentence(text, start, to, out);
  return out;
}

/** Pushes `[s, e)` trimmed of white space when it holds a letter or a digit. */
function pushSentence(text: string, s: number, e: number, out: TextRange[]): void {
  while (s < e && isSpaceAt(text, s)) s++;
  while (e > s && isSpaceAt(text, e - 1)) e--;
  if (e > s && hasWordChar(text, s, e)) out.push({ start: s, end: e });
}

/** Whether the code unit at `i` is white space as /\s/ reads it (false past either end). */
export function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whether `text[s, e)` holds a letter or a digit (/[\p{L}\p{N}]/u), with plain ASCII read by code. */
function hasWordChar(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return /[\p{L}\p{N}]/u.test(text.slice(i, e));
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

/** Whether the full stop at `dot` closes an abbreviation or an initial rather than a sentence. */
function isAbbreviation(text: string, from: number, dot: number, next: string): boolean {
  let w = dot;
  while (w > from && /[\p{L}.]/u.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot);
  if (word === '') return false;
  // Initials and initialisms: J. / J.D. / U.S. / U.N. (a lone capital letter before the stop).
  if (/^(?:\p{L}\.)*\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) {
    // "in the U.S. The ..." is ambiguous; a following capitalised function word reads as a new sentence.
    return !/^(?:The|A|An|But|And|It|He|She|They|We|I|In|On|At|This|That|Some|Many)$/.test(
      nextWord(text, dot),
    );
  }
  if (ABBREVIATIONS.has(word.toLowerCase())) return !!(next !== '' && !/["'\u201c]/.test(next));
  return false;
}

function nextWord(text: string, dot: number): string {
  const m = /^\s+([\p{L}]+)/u.exec(text.slice(dot + 1, dot + 40));
  return m ? m[1]! : '';
}

/**
 * Splits a range into clauses at sentence ends and at clause punctuation (, ; : — –). Used to trim a
 * partial match of a long quote to the clause that carries it.
 */
export function segmentClauses(text: string, from: number, to: number): TextRange[] {
  const out: TextRange[] = [];
  // Only , ; : … and dashes split: the search for the next one passes over the other characters
  // natively (in the text cut at `to`: no sentence reads past it).
  const scan = to === text.length ? text : text.slice(0, to);
  for (const s of segmentSentences(text, from, to)) {
    let start = s.start;
    for (let i = s.start; i < s.end; i++) {
      CLAUSE_BREAK.lastIndex = i;
      if (!CLAUSE_BREAK.test(scan) || CLAUSE_BREAK.lastIndex > s.end) break;
      i = CLAUSE_BREAK.lastIndex - 1;
      const c = text[i]!;
      const dash = (c === '\u2014' || c === '\u2013') && /\s/.test(text[i - 1] ?? ' ');
      if (c === ',' || c === ';' || c === ':' || dash || c === '\u2026') {
        // Number punctuation (1,060) does not split.
        if (c === ',' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) continue;
        pushTrimmed(text, start, i, out);
        start = i + 1;
      }
    }
    pushTrimmed(text, start, s.end, out);
  }
  return out;
}

/** Punctuation and spaces trimmed from clause edges; brackets stay, they belong to the words. */
const TRIM = /[\s"'\u201c\u201d\u2018\u2019\u00ab\u00bb.,;:!?\u2026\u2013\u2014-]/u;

function pushTrimmed(text: string, s: number, e: number, out: TextRange[]): void {
  while (s < e && TRIM.test(text[s]!)) s++;
  while (e > s && TRIM.test(text[e - 1]!)) e--;
  if (e > s && hasWordChar(text, s, e)) out.push({ start: s, end: e });
}
