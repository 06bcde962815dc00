/**
 * Spelling-independent keys for names written by different transliteration habits: Khamenei,
 * Jamenei, खामेनी; Araghchi, Araqchi, Araqhchi; Pezeshkian, Peseschkian. One general rule set:
 * other scripts are romanised letter by letter, then digraphs and vowels that transliterations
 * swap are folded together and doubled letters collapse. No name is listed anywhere.
 */
import { normalizeWord } from '../text/normalize';

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

const GREEK: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'i',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

/** Devanagari consonants (each carries an inherent "a" unless a vowel sign or virama follows). */
const DEVA_CONSONANTS: Record<string, string> = {
  क: 'k',
  ख: 'kh',
  ग: 'g',
  घ: 'gh',
  ङ: 'n',
  च: 'ch',
  छ: 'chh',
  ज: 'j',
  झ: 'jh',
  ञ: 'n',
  ट: 't',
  ठ: 'th',
  ड: 'd',
  ढ: 'dh',
  ण: 'n',
  त: 't',
  थ: 'th',
  द: 'd',
  ध: 'dh',
  न: 'n',
  प: 'p',
  फ: 'ph',
  ब: 'b',
  भ: 'bh',
  म: 'm',
  य: 'y',
  र: 'r',
  ल: 'l',
  ळ: 'l',
  व: 'v',
  श: 'sh',
  ष: 'sh',
  स: 's',
  ह: 'h',
};
/** The nukta turns a Devanagari consonant into the sound of a Persian or Arabic loan. */
const DEVA_NUKTA: Record<string, string> = {
  k: 'q',
  kh: 'kh',
  g: 'gh',
  j: 'z',
  ph: 'f',
  d: 'r',
  dh: 'rh',
};
const DEVA_VOWELS: Record<string, string> = {
  अ: 'a',
  आ: 'a',
  इ: 'i',
  ई: 'i',
  उ: 'u',
  ऊ: 'u',
  ऋ: 'ri',
  ए: 'e',
  ऐ: 'ai',
  ओ: 'o',
  औ: 'au',
  ऑ: 'o',
};
const DEVA_SIGNS: Record<string, string> = {
  'ा': 'a',
  'ि': 'i',
  'ी': 'i',
  'ु': 'u',
  'ू': 'u',
  'ृ': 'ri',
  'े': 'e',
  'ै': 'ai',
  'ो': 'o',
  'ौ': 'au',
  'ॅ': 'e',
  'ॉ': 'o',
};

function romaniseDevanagari(word: string): string {
  let out = '';
  let pending = ''; // a consonant whose inherent vowel is still undecided
  const flush = (vowel: string) => {
    out += pending + vowel;
    pending = '';
  };
  for (const ch of word) {
    if (DEVA_CONSONANTS[ch] !== undefined) {
      if (pending) flush('a');
      pending = DEVA_CONSONANTS[ch];
    } else if (ch === '\u093c') {
      if (pending) pending = DEVA_NUKTA[pending] ?? pending;
    } else if (ch === '\u094d') {
      flush('');
    } else if (DEVA_SIGNS[ch] !== undefined) {
      flush(DEVA_SIGNS[ch]);
    } else if (DEVA_VOWELS[ch] !== undefined) {
      if (pending) flush('a');
      out += DEVA_VOWELS[ch];
    } else if (ch === 'ं' || ch === 'ँ') {
      if (pending) flush('a');
      out += 'n';
    } else if (ch === 'ः') {
      if (pending) flush('a');
      out += 'h';
    } else {
      if (pending) flush('a');
      out += ch;
    }
  }
  // Hindi and Marathi drop the inherent vowel of a word-final consonant (schwa deletion).
  if (pending) flush('');
  return out;
}

/** Romanises a word written in Cyrillic, Greek or Devanagari; other words come back unchanged. */
export function romanise(word: string): string {
  if (/[\u0900-\u097f]/.test(word)) return romaniseDevanagari(word);
  const lower = word.toLowerCase();
  if (/[\u0400-\u04ff\u0370-\u03ff]/.test(lower)) {
    const plain = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return [...plain].map((c) => CYRILLIC[c] ?? GREEK[c] ?? c).join('');
  }
  return word;
}

/** Latin letters that Unicode decomposition leaves whole. */
const LATIN_EXTRA: Record<string, string> = {
  ł: 'l',
  ı: 'i',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};

/** Folds for the letters transliterations disagree on, applied in this order. */
const FOLDS: Array<[RegExp, string]> = [
  [/sch/g, 'sh'],
  [/tch/g, 'ch'],
  [/kh/g, 'h'],
  [/[gq]h/g, 'k'],
  [/q/g, 'k'],
  [/ck/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c(?!h)/g, 'k'],
  [/ph/g, 'f'],
  [/([dt])h/g, '$1'],
  [/j/g, 'h'],
  [/w/g, 'v'],
  [/z/g, 's'],
  [/ou|oo/g, 'u'],
  [/[ey]/g, 'i'],
];

/**
 * Phonetic key of one name word: romanised, lower case, no diacritics, transliteration
 * variants folded (kh~h~j, q~k~gh, e~i~y, ou~u, z~s, sch~sh), doubled letters collapsed.
 */
export function phoneticKey(word: string): string {
  let k = normalizeWord(romanise(word))
    .replace(/[łıøđßæœ]/g, (c) => LATIN_EXTRA[c] ?? c)
    .replace(/[^a-z]/g, '');
  for (const [from, to] of FOLDS) k = k.replace(from, to);
  return k.replace(/(.)\1+/g, '$1');
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Whether two name words are spellings of one name: equal keys, or keys one edit apart when
 * both are long (short keys one edit apart are usually different names: Ali/Ari, Kim/Kin).
 */
export function sameNameWord(a: string, b: string): boolean {
  return keysClose(phoneticKey(a), phoneticKey(b));
}

/** `sameNameWord` on keys already computed (pages compare every capitalised word with every surname). */
export function keysClose(ka: string, kb: string): boolean {
  if (ka.length < 3 || kb.length < 3) return ka === kb && ka.length > 0;
  if (ka === kb) return true;
  return ka.length >= 6 && kb.length >= 6 && ka[0] === kb[0] && editDistance(ka, kb, 1) <= 1;
}
