/**
 * Measures actor recognition: per page, the actors found against the hand labels of
 * ../shared/fixtures/coverage-dev (recall, precision), spurious actors on the negative pages of
 * ../shared/fixtures/readability-pages, and the demo pages (assets/demo/gold.json) as a held-out
 * check. Writes eval/actors-results.json.
 *
 *   npx tsx scripts/eval-actors.ts [--quiet]
 *
 * SOURCELIGHT_ACTOR_EXTRACTOR=<module> swaps the source-side extractor (a module exporting
 * `extractSourceActors(source)`), used to compare an NLP library against the rules.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createMatcher, findMentions } from '../lib/actors/find';
import { extractSourceActors as ruleExtractor, mergeSourceActors } from '../lib/actors/index';
import type { LibraryActor, SourceActor } from '../lib/actors/model';
import { DEMO_LIBRARY_DIR, loadSources } from '../lib/node/load-sources';
import { loadPage } from '../lib/node/pages';
import { normalizedWords } from '../lib/text/normalize';
import type { ActorHit, Source } from '../lib/types';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared');
const quiet = process.argv.includes('--quiet');
const noStdin = () => new Uint8Array();

/**
 * Negative pages that really name a library actor in their article text (checked by reading them):
 * these mentions are correct, not spurious. Both cite The New York Times as a publication.
 */
const LEGITIMATE_ON_NEGATIVES: Record<string, string[]> = {
  'medium-1': ['The New York Times'],
  'wikipedia-2': ['The New York Times'],
};

const key = (s: string) => normalizedWords(s.replace(/^the\s+/i, ''));

interface Canonical {
  canonical: string;
  forms: string[];
}

/** Maps an actor found to a canonical label name through its name and aliases; null when none fits. */
function canonicalOf(
  actor: LibraryActor | undefined,
  hit: ActorHit,
  canon: Canonical[],
): string | null {
  const mine = new Set([hit.name, ...(actor?.aliases ?? [])].map(key));
  const c = canon.find((c) => [c.canonical, ...c.forms].some((f) => mine.has(key(f))));
  return c?.canonical ?? null;
}

interface PageScore {
  page: string;
  expected: string[];
  found: string[];
  missed: string[];
  spurious: string[];
}

function scorePage(
  page: string,
  hits: ActorHit[],
  actors: LibraryActor[],
  canon: Canonical[],
  expected: string[],
): PageScore {
  const found = [
    ...new Set(
      hits.map(
        (h) =>
          canonicalOf(
            actors.find((a) => a.name === h.name),
            h,
            canon,
          ) ?? `(unlabelled) ${h.name}`,
      ),
    ),
  ];
  return {
    page,
    expected,
    found,
    missed: expected.filter((e) => !found.includes(e)),
    spurious: found.filter((f) => !expected.includes(f)),
  };
}

function totals(rows: PageScore[]) {
  const expected = rows.reduce((n, r) => n + r.expected.length, 0);
  const found = rows.reduce((n, r) => n + r.found.length, 0);
  const correct = rows.reduce((n, r) => n + r.found.length - r.spurious.length, 0);
  return {
    pages: rows.length,
    expected,
    found,
    correct,
    recall: expected ? correct / expected : 1,
    precision: found ? correct / found : 1,
  };
}

function print(title: string, rows: PageScore[]) {
  if (quiet) return;
  console.log(`\n${title}`);
  for (const r of rows) {
    const flag = r.missed.length || r.spurious.length ? '✗' : '✓';
    console.log(
      `${flag} ${r.page.padEnd(48)} found ${r.found.length}/${r.expected.length}` +
        (r.missed.length ? `  missed: ${r.missed.join(', ')}` : '') +
        (r.spurious.length ? `  spurious: ${r.spurious.join(', ')}` : ''),
    );
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main() {
  const extractor: (s: Source) => SourceActor[] = process.env.SOURCELIGHT_ACTOR_EXTRACTOR
    ? (await import(resolve(process.env.SOURCELIGHT_ACTOR_EXTRACTOR))).extractSourceActors
    : ruleExtractor;
  const run = (sources: Source[]) => {
    const t0 = performance.now();
    const actors = mergeSourceActors(sources.map(extractor));
    const matcher = createMatcher(actors);
    return { actors, matcher, buildMs: performance.now() - t0 };
  };
  const results: Record<string, unknown> = {
    extractor: process.env.SOURCELIGHT_ACTOR_EXTRACTOR ?? 'rules (lib/actors)',
  };
  const summary: string[] = [];

  if (existsSync(join(SHARED, 'corpus'))) {
    const corpus = run(loadSources(join(SHARED, 'corpus')));
    const dev = join(SHARED, 'fixtures/coverage-dev');
    const canon: Canonical[] = JSON.parse(
      readFileSync(join(dev, 'actors.json'), 'utf8'),
    ).actors.map(
      (a: { canonical: string; seed_mentions: Record<string, Record<string, number>> }) => ({
        canonical: a.canonical,
        forms: Object.values(a.seed_mentions).flatMap((m) => Object.keys(m)),
      }),
    );
    const rows: PageScore[] = [];
    let pageMs = 0;
    for (const line of readFileSync(join(dev, 'gold.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const gold = JSON.parse(line) as { page: string; actors: string[] };
      const page = loadPage(join(dev, gold.page), noStdin);
      const t0 = performance.now();
      const hits = findMentions(page.article.text, corpus.matcher);
      pageMs += performance.now() - t0;
      rows.push(
        scorePage(gold.page.replace(/^pages\//, ''), hits, corpus.actors, canon, gold.actors),
      );
    }
    print('coverage-dev (labels: actors)', rows);

    const negRows: PageScore[] = [];
    const negDir = join(SHARED, 'fixtures/readability-pages');
    for (const name of readdirSync(negDir).sort()) {
      const file = join(negDir, name, 'source.html');
      if (!existsSync(file)) continue;
      const hits = findMentions(loadPage(file, noStdin).article.text, corpus.matcher);
      negRows.push(
        scorePage(name, hits, corpus.actors, canon, LEGITIMATE_ON_NEGATIVES[name] ?? []),
      );
    }
    print(
      'readability-pages (negatives; legitimate mentions listed in LEGITIMATE_ON_NEGATIVES)',
      negRows,
    );
    const t = totals(rows);
    const n = totals(negRows);
    const spurious = negRows.reduce((k, r) => k + r.spurious.length, 0);
    results.coverageDev = { ...t, buildMs: corpus.buildMs, pageMsTotal: pageMs, pages: rows };
    results.readabilityPages = { ...n, spurious, pages: negRows };
    summary.push(
      `coverage-dev: recall ${pct(t.recall)} (${t.correct}/${t.expected}), precision ${pct(t.precision)} (${t.correct}/${t.found})`,
      `readability-pages: ${spurious} spurious actor(s) on ${negRows.length} pages, ${n.correct} legitimate`,
    );
  } else {
    summary.push('../shared is absent: coverage-dev and readability-pages skipped');
  }

  const demoGold = join(ROOT, 'assets/demo/gold.json');
  if (existsSync(demoGold)) {
    const gold = JSON.parse(readFileSync(demoGold, 'utf8')) as {
      pages: Array<{ page: string; actors?: string[] }>;
      actors?: Array<{ canonical: string; aliases?: string[] }>;
    };
    const demo = run(loadSources(DEMO_LIBRARY_DIR));
    const canon = (gold.actors ?? []).map((a) => ({
      canonical: a.canonical,
      forms: a.aliases ?? [],
    }));
    const rows = gold.pages
      .filter((p) => Array.isArray(p.actors))
      .map((p) => {
        const page = loadPage(join(dirname(demoGold), p.page), noStdin);
        return scorePage(
          p.page,
          findMentions(page.article.text, demo.matcher),
          demo.actors,
          canon,
          p.actors!,
        );
      });
    print('demo pages (held out: never tuned on)', rows);
    const t = totals(rows);
    results.demo = { ...t, pages: rows };
    summary.push(
      `demo (held out): recall ${pct(t.recall)} (${t.correct}/${t.expected}), precision ${pct(t.precision)} (${t.correct}/${t.found})`,
    );
  }

  mkdirSync(join(ROOT, 'eval'), { recursive: true });
  // A swapped extractor is an experiment: its figures go to /tmp, never over the project's results.
  const out = process.env.SOURCELIGHT_ACTOR_EXTRACTOR
    ? '/tmp/actors-results.alt.json'
    : join(ROOT, 'eval/actors-results.json');
  writeFileSync(out, `${JSON.stringify({ ...results, summary }, null, 1)}\n`);
  console.log(`\nActors (${results.extractor})`);
  for (const s of summary) console.log(`  ${s}`);
  console.log(`  written to ${out.replace(`${ROOT}/`, '')}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
