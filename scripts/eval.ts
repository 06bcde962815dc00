/**
 * `npm run eval`: measures matching on the hand-labelled coverage pages (../shared/fixtures/coverage-dev),
 * the negative pages (../shared/fixtures/readability-pages) and, as a held-out check never tuned on,
 * the demo pages (assets/demo/gold.json). Pages go through the CLI's path (Readability extraction, then
 * analyzeText). Scoring follows coverage-dev/README.md: a match counts for a link when it points into
 * the right source file, its source range overlaps the unit's range, and at least half of its page
 * words are words of the link's page span. Prints a table and PASS/FAIL per floor, writes
 * eval/results.json; exits non-zero on a missed floor only with --strict.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLibrary, type Library } from '../lib/library';
import { matchText } from '../lib/match/index';
import { loadSources } from '../lib/node/load-sources';
import { loadPage } from '../lib/node/pages';
import { tokenize } from '../lib/text/normalize';
import type { Match } from '../lib/types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KINDS = ['verbatim', 'variant', 'paraphrase', 'reuse', 'crosslingual'] as const;

/** The floors on coverage-dev. */
export const FLOORS = {
  verbatim: 1,
  variant: 0.85,
  paraphrase: 0.6,
  reuse: 0.85,
  precision: 0.95,
  negatives: 0,
  distractors: 0.05,
};

/** A gold link resolved to a source id and range. */
interface GoldLink {
  kind: string;
  sourceId: string;
  start: number;
  end: number;
  pageSpan: string;
  label: string;
}

/** A number or date the page states about a unit's fact, and whether it agrees with the source. */
interface GoldNumber {
  pageSpan: string;
  sourceId: string;
  start: number;
  end: number;
  agrees: boolean;
}

interface GoldPage {
  file: string;
  links: GoldLink[];
  distractors: string[];
  numbers?: GoldNumber[];
}

/** Counts of one evaluated set of pages. */
export interface SetResult {
  pages: number;
  links: Record<string, { total: number; found: number }>;
  matches: number;
  hits: number;
  wrong: number;
  unlabelled: number;
  distractors: number;
  distractorsLinked: number;
  msPerPage: number;
  /**
   * Figures labelled in the pages: those that differ from the source (`differ`), how many of them a
   * match covering the figure reports as a divergence (`found`), and how many agreeing figures a
   * covering match wrongly reports (`false`, of `agreeCovered` covered of `agree`).
   */
  numbers: {
    differ: number;
    differCovered: number;
    found: number;
    agree: number;
    agreeCovered: number;
    false: number;
  };
  misses: { page: string; label: string; kind: string; pageSpan: string }[];
  errors: { page: string; pageText: string; sourceText: string; why: string }[];
  /** Matches on text no label mentions: neither right nor wrong by the labels, listed for review. */
  unlabelledMatches: { page: string; pageText: string; sourceText: string }[];
}

const words = (s: string) => tokenize(s).map((t) => t.norm);

/** Whether at least half of the match's page words are words of `span` (multiset overlap). */
function sharesHalf(matchText: string, span: string): boolean {
  const mine = words(matchText);
  if (mine.length === 0) return false;
  const pool = new Map<string, number>();
  for (const w of words(span)) pool.set(w, (pool.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of mine) {
    const c = pool.get(w) ?? 0;
    if (c > 0) {
      shared++;
      pool.set(w, c - 1);
    }
  }
  return shared * 2 >= mine.length;
}

const hitsLink = (m: Match, l: GoldLink) =>
  m.sourceId === l.sourceId &&
  m.sourceStart < l.end &&
  l.start < m.sourceEnd &&
  sharesHalf(m.pageText, l.pageSpan);

/** Evaluates pages against their gold labels. */
export function evaluatePages(pages: GoldPage[], library: Library): SetResult {
  const r: SetResult = {
    pages: pages.length,
    links: Object.fromEntries(KINDS.map((k) => [k, { total: 0, found: 0 }])),
    matches: 0,
    hits: 0,
    wrong: 0,
    unlabelled: 0,
    distractors: 0,
    distractorsLinked: 0,
    msPerPage: 0,
    numbers: { differ: 0, differCovered: 0, found: 0, agree: 0, agreeCovered: 0, false: 0 },
    misses: [],
    errors: [],
    unlabelledMatches: [],
  };
  let ms = 0;
  for (const page of pages) {
    const loaded = loadPage(page.file, () => new Uint8Array());
    const t0 = performance.now();
    const matches = matchText(loaded.article.text, library);
    ms += performance.now() - t0;
    r.matches += matches.length;
    for (const l of page.links) {
      const bucket = (r.links[l.kind] ??= { total: 0, found: 0 });
      bucket.total++;
      if (matches.some((m) => hitsLink(m, l))) bucket.found++;
      else
        r.misses.push({
          page: page.file,
          label: l.label,
          kind: l.kind,
          pageSpan: l.pageSpan.slice(0, 120),
        });
    }
    for (const m of matches) {
      if (page.links.some((l) => hitsLink(m, l))) r.hits++;
      else if (
        page.distractors.some((d) => sharesHalf(m.pageText, d)) ||
        page.links.some((l) => sharesHalf(m.pageText, l.pageSpan))
      ) {
        r.wrong++;
        r.errors.push({
          page: page.file,
          pageText: m.pageText,
          sourceText: m.sourceText,
          why: 'distractor or wrong unit',
        });
      } else {
        r.unlabelled++;
        r.unlabelledMatches.push({
          page: page.file,
          pageText: m.pageText,
          sourceText: m.sourceText,
        });
      }
    }
    for (const n of page.numbers ?? []) scoreNumber(r.numbers, n, loaded.article.text, matches);
    r.distractors += page.distractors.length;
    r.distractorsLinked += page.distractors.filter((d) =>
      matches.some((m) => sharesHalf(m.pageText, d)),
    ).length;
  }
  r.msPerPage = pages.length ? ms / pages.length : 0;
  return r;
}

/**
 * Scores one labelled figure: a match covers it when it links the figure's unit and its page range
 * holds an occurrence of the figure; it reports it when one of its divergences names that figure.
 */
function scoreNumber(
  acc: SetResult['numbers'],
  n: GoldNumber,
  text: string,
  matches: Match[],
): void {
  const spans: [number, number][] = [];
  for (let at = text.indexOf(n.pageSpan); at >= 0; at = text.indexOf(n.pageSpan, at + 1))
    spans.push([at, at + n.pageSpan.length]);
  const covering = matches.filter(
    (m) =>
      m.sourceId === n.sourceId &&
      m.sourceStart < n.end &&
      n.start < m.sourceEnd &&
      spans.some(([s, e]) => m.pageStart <= s && e <= m.pageEnd),
  );
  const reported = covering.some((m) =>
    m.divergences.some((d) => n.pageSpan.includes(d.page) || d.page.includes(n.pageSpan)),
  );
  if (n.agrees) {
    acc.agree++;
    if (covering.length > 0) acc.agreeCovered++;
    if (reported) acc.false++;
  } else {
    acc.differ++;
    if (covering.length > 0) acc.differCovered++;
    if (reported) acc.found++;
  }
}

/** Loads coverage-dev's gold labels with unit ranges. */
export function coveragePages(shared: string): GoldPage[] {
  const dir = join(shared, 'fixtures/coverage-dev');
  const units = JSON.parse(readFileSync(join(dir, 'units.json'), 'utf8'));
  const files: Record<string, string> = units.files;
  const byId = new Map<string, { seed: string; start: number; end: number }>();
  for (const u of [...units.quotes, ...units.sentences]) byId.set(u.id, u);
  return readFileSync(join(dir, 'gold.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const g = JSON.parse(line);
      const unit = (id: string) => {
        const u = byId.get(id);
        if (!u) throw new Error(`gold.jsonl: unknown unit ${id}`);
        return { sourceId: files[u.seed]!.replace(/\.txt$/, ''), start: u.start, end: u.end };
      };
      return {
        file: join(dir, g.page),
        distractors: g.distractor_quotes ?? [],
        links: (g.links ?? []).map((l: { unit: string; kind: string; page_span: string }) => ({
          kind: l.kind,
          ...unit(l.unit),
          pageSpan: l.page_span,
          label: l.unit,
        })),
        numbers: (g.numbers ?? []).map(
          (n: { unit: string; page_span: string; agrees: boolean }) => ({
            ...unit(n.unit),
            pageSpan: n.page_span,
            agrees: n.agrees,
          }),
        ),
      };
    });
}

/** Loads the demo pages' gold labels (sourceText located in its source file). */
export function demoPages(library: Library): GoldPage[] {
  const gold = JSON.parse(readFileSync(join(ROOT, 'assets/demo/gold.json'), 'utf8'));
  return gold.pages.map(
    (p: {
      page: string;
      links: { sourceId: string; sourceText: string; pageSpan: string; kind: string }[];
      distractorQuotes?: string[];
    }) => ({
      file: join(ROOT, 'assets/demo', p.page),
      distractors: p.distractorQuotes ?? [],
      links: p.links.map((l) => {
        const text = library.byId.get(l.sourceId)?.source.text ?? '';
        const start = text.indexOf(l.sourceText);
        return {
          kind: l.kind,
          sourceId: l.sourceId,
          start,
          end: start < 0 ? -1 : start + l.sourceText.length,
          pageSpan: l.pageSpan,
          label: l.sourceText.slice(0, 40),
        };
      }),
    }),
  );
}

/** Matches on the negative pages: every one is an error. */
export function negatives(
  shared: string,
  library: Library,
): {
  pages: number;
  matches: number;
  msPerPage: number;
  found: { page: string; pageText: string }[];
} {
  const dir = join(shared, 'fixtures/readability-pages');
  const found: { page: string; pageText: string }[] = [];
  let ms = 0;
  const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'source.html')));
  for (const n of names) {
    const loaded = loadPage(join(dir, n, 'source.html'), () => new Uint8Array());
    const t0 = performance.now();
    const matches = matchText(loaded.article.text, library);
    ms += performance.now() - t0;
    for (const m of matches) found.push({ page: n, pageText: m.pageText });
  }
  return {
    pages: names.length,
    matches: found.length,
    msPerPage: names.length ? ms / names.length : 0,
    found,
  };
}

/** Runs the whole measurement. */
export function runEval(shared = resolve(ROOT, '../shared')) {
  const corpus = createLibrary(loadSources(join(shared, 'corpus')));
  const coverage = evaluatePages(coveragePages(shared), corpus);
  const neg = negatives(shared, corpus);
  let demo: SetResult | null = null;
  if (existsSync(join(ROOT, 'assets/demo/gold.json'))) {
    const demoLibrary = createLibrary(loadSources(join(ROOT, 'assets/demo/library')));
    demo = evaluatePages(demoPages(demoLibrary), demoLibrary);
  }
  return { coverage, negatives: neg, demo };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const recall = (r: SetResult, k: string) =>
  r.links[k]!.total ? r.links[k]!.found / r.links[k]!.total : 1;
/** Precision over labelled matches; 1 when nothing landed on a label. */
export const precision = (r: SetResult) => (r.hits + r.wrong ? r.hits / (r.hits + r.wrong) : 1);

function table(name: string, r: SetResult): string[] {
  const lines = [
    `${name} (${r.pages} pages, ${r.matches} matches, ${r.msPerPage.toFixed(1)} ms/page matching)`,
  ];
  for (const k of KINDS) {
    const b = r.links[k]!;
    if (b.total)
      lines.push(
        `  recall ${k.padEnd(12)} ${String(b.found).padStart(3)}/${String(b.total).padEnd(3)} ${pct(b.found / b.total)}`,
      );
  }
  lines.push(
    `  precision          ${r.hits}/${r.hits + r.wrong}   ${pct(precision(r))}   (${r.unlabelled} matches on unlabelled text)`,
  );
  lines.push(
    `  distractors linked ${r.distractorsLinked}/${r.distractors}   ${pct(r.distractors ? r.distractorsLinked / r.distractors : 0)}`,
  );
  const n = r.numbers;
  if (n.differ + n.agree > 0) {
    lines.push(
      `  divergences found  ${n.found}/${n.differ}   (${n.differCovered} of the differing figures in a match), false divergences ${n.false} (of ${n.agreeCovered}/${n.agree} agreeing figures in a match)`,
    );
  }
  return lines;
}

function main(argv: string[]): number {
  const res = runEval();
  const { coverage, negatives: neg, demo } = res;
  const out = [
    ...table('coverage-dev', coverage),
    `readability-pages (${neg.pages} negative pages): ${neg.matches} matches, ${neg.msPerPage.toFixed(1)} ms/page matching`,
  ];
  if (demo) out.push(...table('demo (held out)', demo));
  const checks: [string, boolean, string][] = [
    [
      'verbatim recall 100%',
      recall(coverage, 'verbatim') >= FLOORS.verbatim,
      pct(recall(coverage, 'verbatim')),
    ],
    [
      'variant recall >= 85%',
      recall(coverage, 'variant') >= FLOORS.variant,
      pct(recall(coverage, 'variant')),
    ],
    [
      'paraphrase recall >= 60%',
      recall(coverage, 'paraphrase') >= FLOORS.paraphrase,
      pct(recall(coverage, 'paraphrase')),
    ],
    [
      'reuse recall >= 85%',
      recall(coverage, 'reuse') >= FLOORS.reuse,
      pct(recall(coverage, 'reuse')),
    ],
    ['precision >= 95%', precision(coverage) >= FLOORS.precision, pct(precision(coverage))],
    ['zero matches on readability pages', neg.matches === 0, String(neg.matches)],
    [
      'distractors linked <= 5%',
      coverage.distractorsLinked <= FLOORS.distractors * coverage.distractors,
      `${coverage.distractorsLinked}/${coverage.distractors}`,
    ],
  ];
  out.push('floors (coverage-dev):');
  for (const [name, ok, value] of checks)
    out.push(`  ${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(34)} ${value}`);
  if (argv.includes('--verbose')) {
    out.push(
      'missed links:',
      ...coverage.misses.map(
        (m) => `  ${m.kind} ${m.label} ${m.page.split('/').pop()}: ${m.pageSpan}`,
      ),
    );
    out.push(
      'wrong matches:',
      ...coverage.errors.map(
        (e) => `  ${e.page.split('/').pop()}: "${e.pageText}" -> "${e.sourceText.slice(0, 80)}"`,
      ),
    );
    out.push(
      'unlabelled matches:',
      ...coverage.unlabelledMatches.map(
        (u) =>
          `  ${u.page.split('/').pop()}: "${u.pageText.slice(0, 110)}" -> "${u.sourceText.slice(0, 70)}"`,
      ),
    );
    out.push(
      'negative matches:',
      ...neg.found.map((f) => `  ${f.page}: "${f.pageText.slice(0, 100)}"`),
    );
    if (demo)
      out.push(
        'demo missed:',
        ...demo.misses.map((m) => `  ${m.kind} ${m.page.split('/').pop()}: ${m.pageSpan}`),
      );
  }
  console.log(out.join('\n'));
  mkdirSync(join(ROOT, 'eval'), { recursive: true });
  // The fixtures' text belongs to its publishers: the results file names pages and units, never their words.
  const strip = (r: SetResult) => ({
    ...r,
    misses: r.misses.map(({ page, label, kind }) => ({ page: page.split('/').pop(), label, kind })),
    errors: r.errors.map(({ page, why }) => ({ page: page.split('/').pop(), why })),
    unlabelledMatches: r.unlabelledMatches.map(({ page }) => ({ page: page.split('/').pop() })),
  });
  const saved = {
    floors: FLOORS,
    checks: checks.map(([name, pass, value]) => ({ name, pass, value })),
    coverage: strip(coverage),
    negatives: {
      pages: neg.pages,
      matches: neg.matches,
      msPerPage: neg.msPerPage,
      pagesWithMatches: [...new Set(neg.found.map((f) => f.page))],
    },
    demo: demo && strip(demo),
  };
  writeFileSync(join(ROOT, 'eval/results.json'), `${JSON.stringify(saved, null, 2)}\n`);
  return argv.includes('--strict') && checks.some(([, ok]) => !ok) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
