/**
 * Word-level knowledge the matcher relies on: stems (Porter, via the `stemmer` package), how rare a
 * word is in general English and which common words share a sense (the lexicon that
 * scripts/build-lexicon.ts derives at install time from SUBTLEX frequencies, wink-lemmatizer and
 * WordNet 3.1), and matching tokens that join what print splits (U.S. / US, cease-fire / ceasefire).
 */
import { stemmer } from 'stemmer';
import lexicon from './generated/lexicon.json';
import { firstWhere } from '../sorted';
import { scanWords } from './normalize';

/** A word prepared for matching: normalised form, stem, rarity weight and its range in the text. */
export interface MatchToken {
  norm: string;
  stem: string;
  /** How much this word says about a passage, in [0, 1]: function words ≈ 0, rare words ≈ 1. */
  weight: number;
  /** Written with a capital: names of people, places and organisations (and sentence starts). */
  cap: boolean;
  start: number;
  end: number;
}

let ranks: Map<string, number> | null = null;

/** Frequency rank of each lower-case word; built once, on first use. */
function rankTable(): Map<string, number> {
  if (ranks) return ranks;
  ranks = new Map();
  lexicon.ranks.split('\n').forEach((w, i) => {
    if (w !== '') ranks!.set(w, i + 1);
  });
  return ranks;
}

/** Builds the word tables now rather than on first use (a waking worker does it ahead of a page). */
export function loadWordTables(): void {
  rankTable();
  senseTables();
}

let senseTable: { senses: Map<string, number[]>; lemmas: Map<string, string> } | null = null;

/** Common-sense synset ids of frequent lemmas and the lemma of inflected forms; built on first use. */
function senseTables(): { senses: Map<string, number[]>; lemmas: Map<string, string> } {
  if (senseTable) return senseTable;
  const senses = new Map<string, number[]>();
  for (const line of lexicon.senses.split('\n')) {
    const [lemma, ...ids] = line.split(' ');
    senses.set(
      lemma!,
      ids.map((id) => parseInt(id, 36)),
    );
  }
  const lemmas = new Map<string, string>();
  for (const line of lexicon.lemmas.split('\n')) {
    const sp = line.indexOf(' ');
    lemmas.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return (senseTable = { senses, lemmas });
}

const NO_SENSES: readonly number[] = [];
const senseCache = new Map<string, readonly number[]>();

/**
 * The common senses (WordNet synsets shared with another frequent word) of a normalised word or of
 * its lemma (attempted → attempt), sorted; empty for rare words, names and numbers.
 */
export function wordSenses(norm: string): readonly number[] {
  let found = senseCache.get(norm);
  if (found === undefined) {
    const { senses, lemmas } = senseTables();
    const own = senses.get(norm) ?? NO_SENSES;
    const lemma = lemmas.get(norm);
    const viaLemma = lemma ? (senses.get(lemma) ?? NO_SENSES) : NO_SENSES;
    found =
      viaLemma.length === 0
        ? own
        : own.length === 0
          ? viaLemma
          : [...new Set([...own, ...viaLemma])].sort((a, b) => a - b);
    if (senseCache.size > 50_000) senseCache.clear();
    senseCache.set(norm, found);
  }
  return found;
}

/** Similarity given to two different words that share a common sense (harm / damage, tried / attempted). */
export const SYNONYM_SIMILARITY = 0.6;

/** Whether two normalised words share a common sense. */
export function shareSense(a: string, b: string): boolean {
  const x = wordSenses(a);
  if (x.length === 0) return false;
  const y = wordSenses(b);
  for (const id of y) if (x.includes(id)) return true;
  return false;
}

/** Whether a lower-case word is in the frequency list of general English (not a name). */
export function isListedWord(norm: string): boolean {
  return rankTable().has(norm);
}

let foreign: Set<string> | null = null;

/**
 * Whether a match word is a function word of another language written in Latin script ("de",
 * "und"): the lexicon's `foreign` list, for pages in those languages (lib/match/page-words.ts).
 */
export function isForeignFunctionWord(norm: string): boolean {
  foreign ??= new Set(lexicon.foreign.split('\n'));
  return foreign.has(norm);
}

/** Words ranked above this are function words and carry no weight. */
const FUNCTION_RANK = 120;
/** Words ranked below this count as fully rare. */
const RARE_RANK = 40_000;

/**
 * Rarity weight of a normalised word from its rank in spoken English. Words outside the list (names,
 * technical terms, other languages) count as rare; numbers carry a fixed middle weight.
 */
export function wordWeight(norm: string): number {
  let w = weightCache.get(norm);
  if (w === undefined) {
    if (weightCache.size > 50_000) weightCache.clear();
    weightCache.set(norm, (w = computeWeight(norm)));
  }
  return w;
}

const weightCache = new Map<string, number>();
const stemCache = new Map<string, string>();

function computeWeight(norm: string): number {
  // A precise figure (1,060; 935) says much more about a claim than a small count (two, 12).
  if (/^\p{N}/u.test(norm)) return norm.replace(/\D/g, '').length >= 3 ? 0.9 : 0.5;
  if (norm.length <= 1) return 0;
  const table = rankTable();
  const base = norm.endsWith("'s") ? norm.slice(0, -2) : norm;
  const rank =
    cliticHostRank(table, base) ?? table.get(base) ?? table.get(base.replace(/'/g, '')) ?? null;
  if (rank === null) return 1;
  const w =
    (Math.log(rank) - Math.log(FUNCTION_RANK)) / (Math.log(RARE_RANK) - Math.log(FUNCTION_RANK));
  return Math.max(0, Math.min(1, w));
}

/**
 * The rank of the word a clitic hangs on (haven't → haven, can't → can, they'll → they), or null for
 * a word without one. Frequency lists split contractions at the apostrophe, so the whole form looks
 * rare ("havent" ranks past 30,000) and two quotes sharing "haven't" would seem to share a rare word.
 */
function cliticHostRank(table: Map<string, number>, norm: string): number | null {
  const m = /^([a-z]+)(?:n't|'ll|'re|'ve|'d|'m)$/.exec(norm);
  if (!m) return null;
  const host = m[1]!;
  if (!norm.endsWith("n't")) return table.get(host) ?? null;
  // "can't" and "won't" drop or change their host's last letters: the most common reading counts.
  const ranks = [
    table.get(host),
    table.get(`${host}n`),
    host === 'wo' ? table.get('will') : undefined,
  ].filter((r): r is number => r !== undefined);
  return ranks.length > 0 ? Math.min(...ranks) : null;
}

/** Stem of a normalised word; possessives are dropped first (Khamenei's → khamenei). */
export function stemWord(norm: string): string {
  let stem = stemCache.get(norm);
  if (stem === undefined) {
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(norm, (stem = computeStem(norm)));
  }
  return stem;
}

function computeStem(norm: string): string {
  const base = norm.replace(/'s$|'$/, '');
  if (!/^[a-z]+$/.test(base)) return base;
  return stemmer(base);
}

/**
 * The match words between `from` and `to`, in order: `word` gets each one's normalised form and
 * range. Initialisms written with stops become one word (U.S. → us, J.D. → jd), and words joined by
 * a single hyphen become one word (cease-fire → ceasefire), so the spellings with and without
 * punctuation meet. `matchTokens` and the library's stem index both read words through this.
 */
export function scanMatchWords(
  text: string,
  from: number,
  to: number,
  word: (norm: string, start: number, end: number) => void,
): void {
  // The words are read one by one (scanWords reads from `from` in the text cut at `to`), and each
  // joins the one being built when it goes on its initialism or hyphenated word; else that one is done.
  let norm = '';
  let start = -1;
  let end = -1;
  // Whether the word being built is an initialism (its words single letters and stops), and its last word.
  let initialism = false;
  let lastNorm = '';
  scanWords(text, from, to, (n, s, e) => {
    if (start >= 0 && s === end + 1) {
      const joins = initialism
        ? n.length === 1 && text[end] === '.'
        : text[end] === '-' && /^\p{L}+$/u.test(lastNorm) && /^\p{L}+$/u.test(n);
      if (joins) {
        norm += n;
        end = e;
        lastNorm = n;
        return;
      }
    }
    if (start >= 0) word(norm, start, end);
    norm = n;
    start = s;
    end = e;
    lastNorm = n;
    // U.S. / J.D.: single letters separated by stops.
    initialism = n.length === 1 && /\p{L}/u.test(n) && text[e] === '.';
  });
  if (start >= 0) word(norm, start, end);
}

/** Whether the code unit at `i` is an upper-case letter, with ASCII decided without a regex. */
function startsUpper(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(text[i]!);
}

/** Tokens for matching between `from` and `to` (the words of `scanMatchWords`), with stems, weights and capitals. */
export function matchTokens(text: string, from = 0, to = text.length): MatchToken[] {
  const out: MatchToken[] = [];
  scanMatchWords(text, from, to, (norm, start, end) => {
    out.push({
      norm,
      stem: stemWord(norm),
      weight: wordWeight(norm),
      cap: startsUpper(text, start),
      start,
      end,
    });
  });
  return out;
}

/**
 * Reads a text's tokens (`matchTokens` of the whole text, in order) by range: the tokens inside
 * `[start, end)`, found by binary search, so a page is tokenised once for all its units.
 */
export function tokensWithin(
  all: readonly MatchToken[],
): (start: number, end: number) => MatchToken[] {
  return (start, end) => {
    const lo = firstWhere(0, all.length, (i) => all[i]!.start >= start);
    let k = lo;
    while (k < all.length && all[k]!.end <= end) k++;
    return all.slice(lo, k);
  };
}

/** Character bigram set of a word, for spelling-variant similarity. */
function bigrams(word: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i < word.length - 1; i++) grams.push(word.slice(i, i + 2));
  return grams;
}

/**
 * How alike two words are when their stems differ, in [0, 1]: spelling variants (defence/defense,
 * dialog/dialogue) and derived forms (doubt/undoubtedly) score high, unrelated words near 0. Short
 * words only match exactly: their bigrams are too few to tell.
 */
export function wordSimilarity(a: MatchToken, b: MatchToken): number {
  if (a.stem === b.stem || a.norm === b.norm) return 1;
  // The same pairs come up for every candidate passage of a page: remember them.
  let row = similarityCache.get(a.norm);
  if (!row) {
    if (similarityCache.size > 20_000) similarityCache.clear();
    similarityCache.set(a.norm, (row = new Map()));
  }
  let v = row.get(b.norm);
  if (v === undefined) {
    const x = a.norm.endsWith("'s") ? a.norm.slice(0, -2) : a.norm;
    const y = b.norm.endsWith("'s") ? b.norm.slice(0, -2) : b.norm;
    v = spellingSimilarity(x, y) || (shareSense(x, y) ? SYNONYM_SIMILARITY : 0);
    row.set(b.norm, v);
  }
  return v;
}

const similarityCache = new Map<string, Map<string, number>>();

/**
 * Whether two rare words are spellings of one name (Pezeshkian / Pezeschkian, Araghchi / Araqchi):
 * the same word, or a spelling variant by the same measure as `wordSimilarity`.
 */
export function sameSpelling(a: string, b: string): boolean {
  return a === b || spellingSimilarity(a, b) >= 0.75;
}

function spellingSimilarity(x: string, y: string): number {
  if (x.length < 5 || y.length < 5 || /\p{N}/u.test(x) || /\p{N}/u.test(y)) return 0;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (long.includes(short) && short.length >= 5) return 0.8;
  // Spelling variants share their first letters; checking that first keeps this cheap.
  if (
    x.charCodeAt(0) !== y.charCodeAt(0) ||
    x.slice(0, 3) !== y.slice(0, 3) ||
    long.length > short.length * 1.5
  )
    return 0;
  const ga = bigrams(x);
  const gb = bigrams(y);
  const counts = new Map<string, number>();
  for (const g of ga) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of gb) {
    const c = counts.get(g) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(g, c - 1);
    }
  }
  const dice = (2 * shared) / (ga.length + gb.length);
  // Same start and a high overlap: a spelling variant, not a different word that shares letters.
  return dice >= 0.75 ? dice : 0;
}
