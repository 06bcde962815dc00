/**
 * What the benchmarks read: the demo pages and library in the repository, the third-party fixtures
 * in ../shared when they are next to this checkout (read in place, never copied), and invented
 * hostile pages generated into a temporary folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_LIBRARY_DIR, loadSources } from '../lib/node/load-sources';
import type { Source } from '../lib/types';

export const ROOT = resolve(import.meta.dirname, '..');
/** ../shared, or null on a fresh clone. */
export const SHARED = ((dir) => (existsSync(join(dir, 'corpus')) ? dir : null))(
  resolve(ROOT, '../shared'),
);
export const DEMO_PAGES_DIR = join(ROOT, 'assets/demo/pages');
export const READABILITY_DIR = SHARED ? join(SHARED, 'fixtures/readability-pages') : null;
export const COVERAGE_DIR = SHARED ? join(SHARED, 'fixtures/coverage-dev/pages') : null;

/** A page to measure: where it is served from in the browser run, and its file on disk. */
export interface BenchPage {
  /** Short name, e.g. `readability/wikipedia-2` or `demo/wire-copy`. */
  name: string;
  file: string;
  /** Mount prefix and path under it, for the static server. */
  mount: string;
  path: string;
}

/** The `count` biggest readability fixtures (by `source.html` size). */
export function biggestReadabilityPages(count: number): BenchPage[] {
  if (!READABILITY_DIR) return [];
  return readdirSync(READABILITY_DIR)
    .map((name) => ({ name, file: join(READABILITY_DIR, name, 'source.html') }))
    .filter((p) => existsSync(p.file))
    .sort((a, b) => statSync(b.file).size - statSync(a.file).size)
    .slice(0, count)
    .map((p) => ({
      name: `readability/${p.name}`,
      file: p.file,
      mount: '/readability',
      path: `/${p.name}/source.html`,
    }));
}

/** Every demo page of the repository. */
export function demoPages(): BenchPage[] {
  return readdirSync(DEMO_PAGES_DIR)
    .filter((n) => n.endsWith('.html'))
    .sort()
    .map((n) => ({
      name: `demo/${n.replace(/\.html$/, '')}`,
      file: join(DEMO_PAGES_DIR, n),
      mount: '/demo',
      path: `/${n}`,
    }));
}

/** Every readability fixture page (the pool of unrelated article text for synthetic sources). */
export function allReadabilityFiles(): string[] {
  if (!READABILITY_DIR) return [];
  return readdirSync(READABILITY_DIR)
    .map((n) => join(READABILITY_DIR, n, 'source.html'))
    .filter((f) => existsSync(f));
}

/** The coverage-dev pages (real coverage of the corpus stories). */
export function coveragePages(): string[] {
  if (!COVERAGE_DIR) return [];
  return readdirSync(COVERAGE_DIR)
    .filter((n) => n.endsWith('.html'))
    .sort()
    .map((n) => join(COVERAGE_DIR, n));
}

/** The library the extension ships with (demo) plus the corpus when present. */
export function benchSources(): Source[] {
  const demo = loadSources(DEMO_LIBRARY_DIR);
  return SHARED ? [...loadSources(join(SHARED, 'corpus')), ...demo] : demo;
}

/** The corpus sources alone (empty on a fresh clone). */
export function corpusSources(): Source[] {
  return SHARED ? loadSources(join(SHARED, 'corpus')) : [];
}

export const readUtf8 = (file: string) => readFileSync(file, 'utf8');
