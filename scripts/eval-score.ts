/**
 * Scoring for `npm run eval`: loads the hand-labelled pages of ../shared/fixtures (coverage-dev,
 * topical-dev) and the demo pages, matches each through the CLI's path (Readability extraction, then
 * matchText) and scores it by the rule of coverage-dev/README.md: a match counts for a link when it
 * points into the right source file, its source range overlaps the unit's range, and at least half
 * of its page words are words of the link's page span. Every wrong match is kept with its reason.
 *
 * Pages are scored one by one and summed per set, so the same scores give the all-in figures and
 * each fold's (`FOLDS`: pages split in two by outlet, and by story).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Library } from '../lib/library';
import { matchText } from '../lib/match/index';
import { loadPage } from '../lib/node/pages';
import { tokenize } from '../lib/text/normalize';
import type { Match } from '../lib/types';

export const KINDS = ['verbatim', 'variant', 'paraphrase', 'reuse', 'crosslingual'] as const;

/** A gold link resolved to a source id and range. */
export interface GoldLink {
  kind: string;
  sourceId: string;
  start: number;
  end: number;
  pageSpan: string;
  label: string;
}

/** A number or date the page states about a unit's fact, and whether it agrees with the source. */
export interface GoldNumber {
  pageSpan: string;
  sourceId: string;
  start: number;
  end: number;
  agrees: boolean;
}

/** A labelled page. */
export interface GoldPage {
  file: string;
  outlet: string;
  /** The story (coverage) or event (topical) the page reports. */
  story: string;
  /** A page about other events that renders no source passage: any match on it is wrong. */
  negative: boolean;
  links: GoldLink[];
  distractors: string[];
  numbers?: GoldNumber[];
}

/** A named source passage (coverage-dev's units), to say which passage a wrong match points at. */
export interface UnitRange {
  id: string;
  sourceId: string;
  start: number;
  end: number;
}

/** A wrong match and why it is wrong. */
export interface WrongLink {
  page: string;
  pageText: string;
  sourceText: string;
  sourceId: string;
  why: string;
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
  /** Pages labelled negative, and the matches on them (every one counted in `wrong`). */
  negativePages: number;
  negativeMatches: number;
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
  errors: WrongLink[];
  /** Matches on text no label mentions: neither right nor wrong by the labels, listed for review. */
  unlabelledMatches: { page: string; pageText: string; sourceText: string; sourceId: string }[];
}

const words = (s: string) => tokenize(s).map((t) => t.norm);

/** Whether at least half of the match's page words are words of `span` (multiset overlap). */
export function sharesHalf(matchText: string, span: string): boolean {
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

/** The named passage a match's source range overlaps most, for the reason of a wrong link. */
function unitOf(m: Match, units: UnitRange[]): string {
  let best: UnitRange | null = null;
  let most = 0;
  for (const u of units) {
    if (u.sourceId !== m.sourceId) continue;
    const overlap = Math.min(u.end, m.sourceEnd) - Math.max(u.start, m.sourceStart);
    if (overlap > most) [best, most] = [u, overlap];
  }
  return best ? best.id : `${m.sourceId}@${m.sourceStart}`;
}

/** An empty result to add pages to. */
export function emptyResult(): SetResult {
  return {
    pages: 0,
    links: Object.fromEntries(KINDS.map((k) => [k, { total: 0, found: 0 }])),
    matches: 0,
    hits: 0,
    wrong: 0,
    unlabelled: 0,
    distractors: 0,
    distractorsLinked: 0,
    negativePages: 0,
    negativeMatches: 0,
    msPerPage: 0,
    numbers: { differ: 0, differCovered: 0, found: 0, agree: 0, agreeCovered: 0, false: 0 },
    misses: [],
    errors: [],
    unlabelledMatches: [],
  };
}

/** Scores one page into a result of its own (see `sumResults`). */
export function scorePage(page: GoldPage, library: Library, units: UnitRange[] = []): SetResult {
  const r = emptyResult();
  const loaded = loadPage(page.file, () => new Uint8Array());
  const t0 = performance.now();
  const matches = matchText(loaded.article.text, library);
  r.msPerPage = performance.now() - t0;
  r.pages = 1;
  r.matches = matches.length;
  const name = page.file.split('/').pop()!;
  for (const l of page.links) {
    const bucket = (r.links[l.kind] ??= { total: 0, found: 0 });
    bucket.total++;
    if (matches.some((m) => hitsLink(m, l))) bucket.found++;
    else
      r.misses.push({
        page: name,
        label: l.label,
        kind: l.kind,
        pageSpan: l.pageSpan.slice(0, 120),
      });
  }
  if (page.negative) r.negativePages = 1;
  for (const m of matches) {
    const wrong = (why: string) => {
      r.wrong++;
      r.errors.push({
        page: name,
        pageText: m.pageText,
        sourceText: m.sourceText,
        sourceId: m.sourceId,
        why,
      });
    };
    const linked = `${m.kind} to ${unitOf(m, units)}`;
    if (page.links.some((l) => hitsLink(m, l))) r.hits++;
    else if (page.negative) {
      r.negativeMatches++;
      const d = page.distractors.some((x) => sharesHalf(m.pageText, x));
      wrong(
        `${linked} on a page about another event${d ? ' (a distractor quote: the same speaker saying something else)' : ''}`,
      );
    } else if (page.distractors.some((d) => sharesHalf(m.pageText, d)))
      wrong(`${linked}: a distractor quote (no source passage renders it)`);
    else {
      const labelled = page.links.filter((l) => sharesHalf(m.pageText, l.pageSpan));
      if (labelled.length > 0)
        wrong(`${linked}: the label links this text to ${labelled.map((l) => l.label).join(', ')}`);
      else {
        r.unlabelled++;
        r.unlabelledMatches.push({
          page: name,
          pageText: m.pageText,
          sourceText: m.sourceText,
          sourceId: m.sourceId,
        });
      }
    }
  }
  for (const n of page.numbers ?? []) scoreNumber(r.numbers, n, loaded.article.text, matches);
  r.distractors = page.distractors.length;
  r.distractorsLinked = page.distractors.filter((d) =>
    matches.some((m) => sharesHalf(m.pageText, d)),
  ).length;
  return r;
}

/** Sums page results into one set's. */
export function sumResults(parts: SetResult[]): SetResult {
  const r = emptyResult();
  let ms = 0;
  for (const p of parts) {
    r.pages += p.pages;
    for (const [k, b] of Object.entries(p.links)) {
      const to = (r.links[k] ??= { total: 0, found: 0 });
      to.total += b.total;
      to.found += b.found;
    }
    for (const k of [
      'matches',
      'hits',
      'wrong',
      'unlabelled',
      'distractors',
      'distractorsLinked',
      'negativePages',
      'negativeMatches',
    ] as const)
      r[k] += p[k];
    for (const k of Object.keys(r.numbers) as (keyof SetResult['numbers'])[])
      r.numbers[k] += p.numbers[k];
    ms += p.msPerPage * p.pages;
    r.misses.push(...p.misses);
    r.errors.push(...p.errors);
    r.unlabelledMatches.push(...p.unlabelledMatches);
  }
  r.msPerPage = r.pages ? ms / r.pages : 0;
  return r;
}

/** Evaluates pages against their gold labels. */
export function evaluatePages(pages: GoldPage[], library: Library, units: UnitRange[] = []) {
  return sumResults(pages.map((p) => scorePage(p, library, units)));
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

/** coverage-dev's units (direct quotes and sentences of the corpus articles) with their source ids. */
export function coverageUnits(shared: string): UnitRange[] {
  const units = JSON.parse(readFileSync(join(shared, 'fixtures/coverage-dev/units.json'), 'utf8'));
  const files: Record<string, string> = units.files;
  return [...units.quotes, ...units.sentences].map(
    (u: { id: string; seed: string; start: number; end: number }) => ({
      id: u.id,
      sourceId: files[u.seed]!.replace(/\.txt$/, ''),
      start: u.start,
      end: u.end,
    }),
  );
}

/**
 * Loads the gold labels of a labelled folder (coverage-dev or topical-dev: the same format, links
 * naming coverage-dev's units). A topical page without links is a negative. Its story is the event
 * `found.jsonl` names, where there is one.
 */
export function labelledPages(
  shared: string,
  set: 'coverage-dev' | 'topical-dev' | 'topical-heldout',
): GoldPage[] {
  const dir = join(shared, 'fixtures', set);
  const byId = new Map(coverageUnits(shared).map((u) => [u.id, u]));
  const events = new Map<string, string>();
  const found = join(dir, 'found.jsonl');
  if (existsSync(found))
    for (const line of readFileSync(found, 'utf8')
      .split('\n')
      .filter((l) => l.trim())) {
      const f = JSON.parse(line);
      events.set(f.url, f.event);
    }
  return readFileSync(join(dir, 'gold.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const g = JSON.parse(line);
      const unit = (id: string) => {
        const u = byId.get(id);
        if (!u) throw new Error(`${set}/gold.jsonl: unknown unit ${id}`);
        return { sourceId: u.sourceId, start: u.start, end: u.end };
      };
      const links = (g.links ?? []).map((l: { unit: string; kind: string; page_span: string }) => ({
        kind: l.kind,
        ...unit(l.unit),
        pageSpan: l.page_span,
        label: l.unit,
      }));
      return {
        file: join(dir, g.page),
        outlet: g.outlet,
        story: events.get(g.url) ?? g.story,
        negative: set !== 'coverage-dev' && links.length === 0,
        distractors: g.distractor_quotes ?? [],
        links,
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

/** The demo pages' gold labels (sourceText located in its source file). */
export function demoPages(root: string, library: Library): GoldPage[] {
  const gold = JSON.parse(readFileSync(join(root, 'assets/demo/gold.json'), 'utf8'));
  return gold.pages.map(
    (p: {
      page: string;
      links: { sourceId: string; sourceText: string; pageSpan: string; kind: string }[];
      distractorQuotes?: string[];
    }) => ({
      file: join(root, 'assets/demo', p.page),
      outlet: p.page,
      story: 'demo',
      negative: false,
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

/** The readability pages' files (real pages about other things than the corpus stories). */
export function readabilityFiles(shared: string): string[] {
  const dir = join(shared, 'fixtures/readability-pages');
  return readdirSync(dir)
    .map((n) => join(dir, n, 'source.html'))
    .filter((f) => existsSync(f));
}

/** Matches on the readability pages (none covers the corpus stories): every one is an error. */
export function readabilityNegatives(shared: string, library: Library) {
  const found: { page: string; pageText: string }[] = [];
  let ms = 0;
  const files = readabilityFiles(shared);
  for (const file of files) {
    const n = basename(dirname(file));
    const loaded = loadPage(file, () => new Uint8Array());
    const t0 = performance.now();
    const matches = matchText(loaded.article.text, library);
    ms += performance.now() - t0;
    for (const m of matches) found.push({ page: n, pageText: m.pageText });
  }
  return {
    pages: files.length,
    matches: found.length,
    msPerPage: files.length ? ms / files.length : 0,
    found,
  };
}

/**
 * The two ways each set's pages are split in two for held-out figures: by outlet and by story (the
 * event, for topical pages). The set's names are sorted and dealt alternately to folds A and B, so
 * one outlet's or one story's pages stay together and the folds are of a size. Rules are developed
 * on one fold and read on the other, in both directions.
 */
export const FOLDS = {
  outlet: (p: GoldPage) => p.outlet,
  story: (p: GoldPage) => p.story,
} as const;

/** Fold A or B of each page of one set, by the names `key` gives (see `FOLDS`). */
export function assignFolds(pages: GoldPage[], key: (p: GoldPage) => string) {
  const names = [...new Set(pages.map(key))].sort();
  return new Map(pages.map((p) => [p, names.indexOf(key(p)) % 2 === 0 ? 'A' : 'B']));
}

/** Recall of one kind; 1 when the set has no link of that kind. */
export const recall = (r: SetResult, k: string) =>
  r.links[k]?.total ? r.links[k]!.found / r.links[k]!.total : 1;
/** Precision over labelled matches; 1 when nothing landed on a label. */
export const precision = (r: SetResult) => (r.hits + r.wrong ? r.hits / (r.hits + r.wrong) : 1);
/** Recall over every link of the set, all kinds together. */
export const allRecall = (r: SetResult) => {
  let total = 0;
  let found = 0;
  for (const b of Object.values(r.links)) {
    total += b.total;
    found += b.found;
  }
  return total ? found / total : 1;
};
