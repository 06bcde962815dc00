import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findActors, libraryActors } from '../../lib/actors/index';
import { createLibrary } from '../../lib/library';
import { loadSources } from '../../lib/node/load-sources';
import { loadPage } from '../../lib/node/pages';
import { normalizedWords } from '../../lib/text/normalize';
import { describeShared, sharedPath } from '../helpers/shared';

const noStdin = () => new Uint8Array();
const key = (s: string) => normalizedWords(s.replace(/^the\s+/i, ''));

describeShared('actors on the shared fixtures (floors from the actors issue)', () => {
  const library = createLibrary(loadSources(sharedPath('corpus')));
  const actors = libraryActors(library);

  it('finds the labelled actors of coverage-dev: recall ≥ 95%, precision ≥ 97%', () => {
    const dev = sharedPath('fixtures/coverage-dev');
    const canon: Array<{ canonical: string; forms: string[] }> = JSON.parse(
      readFileSync(join(dev, 'actors.json'), 'utf8'),
    ).actors.map(
      (a: { canonical: string; seed_mentions: Record<string, Record<string, number>> }) => ({
        canonical: a.canonical,
        forms: Object.values(a.seed_mentions).flatMap((m) => Object.keys(m)),
      }),
    );
    let expected = 0;
    let found = 0;
    let correct = 0;
    for (const line of readFileSync(join(dev, 'gold.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const gold = JSON.parse(line) as { page: string; actors: string[] };
      const text = loadPage(join(dev, gold.page), noStdin).article.text;
      const names = new Set(
        findActors(text, library).map((h) => {
          const mine = new Set(
            [h.name, ...(actors.find((a) => a.name === h.name)?.aliases ?? [])].map(key),
          );
          return (
            canon.find((c) => [c.canonical, ...c.forms].some((f) => mine.has(key(f))))?.canonical ??
            h.name
          );
        }),
      );
      expected += gold.actors.length;
      found += names.size;
      correct += gold.actors.filter((a) => names.has(a)).length;
    }
    expect(correct / expected).toBeGreaterThanOrEqual(0.95);
    expect(correct / found).toBeGreaterThanOrEqual(0.97);
  });

  it('on the negative pages, reports only names the sources really write (no guessed spellings)', () => {
    const dir = sharedPath('fixtures/readability-pages');
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'source.html');
      if (!existsSync(file)) continue;
      for (const hit of findActors(loadPage(file, noStdin).article.text, library)) {
        const forms = new Set(
          [hit.name, ...(actors.find((a) => a.name === hit.name)?.aliases ?? [])].map(key),
        );
        for (const m of hit.mentions)
          expect(forms.has(key(m.text)), `${name}: ${m.text}`).toBe(true);
      }
    }
  });
});
