/**
 * The meaning stage as a reader gets it: Chromium with the extension (test build in
 * .output-bench), the corpus in its library, and the largest coverage pages, which render the
 * corpus's stories; and the two largest fixture pages of all, each made to render a source (three
 * of its sentences, copied into a source of their own), so that the pass compares every other
 * passage of the page: the worst case. For each load: Readability's time in the page, the time from the lexical
 * highlights drawn to the links through meaning drawn (the model runs in the offscreen document,
 * so this is waiting, not page work), and the longest main-thread task of the page meanwhile.
 * The first pass pays for loading the model and for each source's vectors (computed when a page
 * first renders a source of a bulk import); the later passes are what a reader meets after.
 * Called by bench/semantic.ts; `npx tsx bench/semantic-browser.ts` runs it alone.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { extractArticle } from '../lib/extract';
import { parseDocument } from '../lib/node/dom';
import { textSentences } from '../lib/text/attribution';
import type { Source } from '../lib/types';
import { BENCH_OUT_DIR, ensureBuild } from './browser';
import { biggestReadabilityPages, corpusSources, coveragePages, readUtf8, ROOT } from './fixtures';
import { median } from './stats';

/** One page's figures, medians over the later passes and the first pass on its own. */
export interface MeaningLoad {
  page: string;
  bytes: number;
  readabilityMs: number | null;
  meaningMs: number | null;
  firstMeaningMs: number | null;
  longestTaskMs: number | null;
  links: number;
  state: string;
}

/** Reads the page's figures in the page world (source text: see bench/browser.ts on tsx helpers). */
const READ = `(() => {
  const last = (name) => performance.getEntriesByName(name).at(-1);
  const drawn = last('sourcelight:drawn');
  const done = last('sourcelight:meaning-done');
  const read = last('sourcelight:readability');
  const tasks = (window.__slLongTasks || []).filter(
    (t) => drawn && done && t.start + t.duration > drawn.startTime && t.start < done.startTime,
  );
  return {
    readabilityMs: read ? read.duration : null,
    meaningMs: drawn && done ? done.startTime - drawn.startTime : null,
    longestTaskMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
  };
})()`;

/** Loads the `count` largest coverage pages `passes` times each; null when ../shared is absent. */
export async function measureMeaningInBrowser(
  count = 3,
  passes = 3,
): Promise<MeaningLoad[] | null> {
  const coverage = coveragePages()
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .slice(0, count);
  if (coverage.length === 0) return null;
  const big = biggestReadabilityPages(2);
  // A source of three prose sentences from the middle of each big page's article.
  const anchors: Source[] = big.map((p) => {
    const text = extractArticle(parseDocument(readUtf8(p.file))).text;
    // Prose sentences (twelve words or more), not a reference list's fragments.
    const sentences = textSentences(text).filter(
      (x) => text.slice(x.start, x.end).split(/\s+/).length >= 12,
    );
    const at = Math.floor(sentences.length / 2);
    return {
      id: `bench-anchor-${basename(dirname(p.file))}`,
      title: `Three sentences of ${p.name}`,
      outlet: 'bench',
      url: null,
      published: null,
      language: 'en',
      text: sentences
        .slice(at, at + 3)
        .map((x) => text.slice(x.start, x.end))
        .join('\n'),
    };
  });
  const files = [...big.map((p) => p.file), ...coverage];
  // A bench build from before the model shipped is built again.
  ensureBuild(!existsSync(join(ROOT, BENCH_OUT_DIR, 'chrome-mv3/model/encoder.onnx')));
  process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
  const { extensionRequest, launchWithExtension, serveStatic, WATCH_LONG_TASKS } = await import(
    '../testkit/harness'
  );
  const { OverlayPage } = await import('../testkit/overlay-page');
  const mounts: Record<string, string> = { '/coverage': dirname(coverage[0]!) };
  big.forEach((p, i) => {
    mounts[`/big${i}`] = dirname(p.file);
  });
  const urlOf = (file: string) => {
    const i = big.findIndex((p) => p.file === file);
    return i >= 0 ? `/big${i}/${basename(file)}` : `/coverage/${basename(file)}`;
  };
  const server = await serveStatic(mounts);
  const browser = await launchWithExtension();
  const rows: {
    page: string;
    loads: Record<string, number | null>[];
    state: string;
    links: number;
  }[] = files.map((f) => ({
    page: f.endsWith('/source.html') ? basename(dirname(f)) : basename(f, '.html'),
    loads: [],
    state: '',
    links: 0,
  }));
  try {
    await extensionRequest(browser, 'library.import', {
      sources: [...corpusSources(), ...anchors],
      origin: 'file',
    });
    for (let pass = 0; pass < passes; pass++) {
      for (const [i, file] of files.entries()) {
        const page: Page = await browser.context.newPage();
        await page.addInitScript({ content: WATCH_LONG_TASKS });
        const o = new OverlayPage(page);
        await page.goto(server.url(urlOf(file)));
        const lexical = await o.waitSettled(1, 120_000);
        const row = rows[i]!;
        // A page with no lexical match never asks for links through meaning.
        const lexicalTotal = Object.values(lexical.counts).reduce((a, b) => a + b, 0);
        const hasMatches = lexicalTotal - lexical.counts.actor > 0;
        row.state = hasMatches ? await o.waitMeaning(300_000) : 'not asked (no lexical match)';
        const after = await o.hostState();
        row.links = Object.values(after.counts).reduce((a, b) => a + b, 0) - lexicalTotal;
        row.loads.push((await page.evaluate(READ)) as Record<string, number | null>);
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const med = (xs: (number | null)[]) => {
    const got = xs.filter((x): x is number => x !== null);
    return got.length ? median(got) : null;
  };
  return rows.map((r, i) => {
    const later = r.loads.slice(1);
    return {
      page: r.page,
      bytes: statSync(files[i]!).size,
      readabilityMs: med(r.loads.map((l) => l.readabilityMs ?? null)),
      meaningMs: med(later.map((l) => l.meaningMs ?? null)),
      firstMeaningMs: r.loads[0]?.meaningMs ?? null,
      longestTaskMs: Math.max(0, ...r.loads.map((l) => l.longestTaskMs ?? 0)),
      links: r.links,
      state: r.state,
    };
  });
}

/** Prints the table (each time beside Readability's in the same load). */
export function printMeaningLoads(rows: MeaningLoad[]): void {
  const ms = (x: number | null) => (x === null ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? '—' : `${(a / b).toFixed(1)}×`;
  console.log(
    '\nIn Chromium with the extension (corpus library; the two largest fixture pages, each rendering a source of three of its sentences, then the largest coverage pages; wall ms):',
  );
  console.log(
    'page (size) | Readability in the page | drawn → links through meaning (later loads) | first load (model and source vectors) | longest page task meanwhile | links added | pass',
  );
  for (const r of rows)
    console.log(
      `${r.page} (${Math.round(r.bytes / 1000)} KB) | ${ms(r.readabilityMs)} | ${ms(r.meaningMs)} (${ratio(r.meaningMs, r.readabilityMs)} Readability) | ${ms(r.firstMeaningMs)} (${ratio(r.firstMeaningMs, r.readabilityMs)}) | ${ms(r.longestTaskMs)} | ${r.links} | ${r.state}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureMeaningInBrowser()
    .then((rows) => {
      if (!rows) console.log('Skipped: ../shared/fixtures/coverage-dev is absent.');
      else printMeaningLoads(rows);
    })
    .catch((e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    });
}
