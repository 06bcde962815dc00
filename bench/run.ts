/**
 * `npm run bench`: extraction vs matching vs highlighting per large page, library scale, and the
 * browser's load-to-highlights time and longest task. Prints tables and writes bench/results.json.
 *
 * Options: --no-browser (Node only), --build (rebuild the extension first), --sizes=10,1000,10000,
 * --scale-only (only the library scale section; results.json is then not written).
 * Needs ../shared for the real pages and the scale section; without it only the demo and invented
 * pages are measured, and the scale section says why it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticle } from '../lib/extract';
import { createLibrary } from '../lib/library';
import { matchText } from '../lib/match/index';
import { parseDocument } from '../lib/node/dom';
import { writeGeneratedPages } from '../testkit/hostile-pages';
import { BREAKDOWN_KEYS, ensureBuild, measureInBrowser, type BrowserTiming } from './browser';
import { type ColdWorkerRow, measureColdWorker, printColdWorker } from './cold-worker';
import { measureNodePages, type NodePageTiming } from './extraction';
import {
  allReadabilityFiles,
  benchSources,
  biggestReadabilityPages,
  corpusSources,
  coveragePages,
  DEMO_PAGES_DIR,
  READABILITY_DIR,
  readUtf8,
  ROOT,
  SHARED,
  demoPages,
  type BenchPage,
} from './fixtures';
import { measureScale, sentencePool, syntheticSources, type ScaleRow } from './scale';
import { round, table } from './stats';
import { type ExtractionRow, floors, printFloors, printTargets, targets } from './targets';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const sizesArg = args.find((a) => a.startsWith('--sizes='));
const SIZES = sizesArg ? sizesArg.slice(8).split(',').map(Number) : [10, 1_000, 10_000];
const optionValue = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
/** --pages=wikipedia-2,wire-copy: only pages whose name ends with one of these (a quick look; results.json is then not written). */
const ONLY = optionValue('pages')?.split(',') ?? null;
const PASSES = Number(optionValue('passes') ?? 5);

/** Heap figures need `gc()`: rerun this script under node --expose-gc when it is missing. */
function ensureGc(): boolean {
  if ((globalThis as { gc?: unknown }).gc) return true;
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...args], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  process.exitCode = r.status ?? 1;
  return false;
}

async function main(): Promise<void> {
  if (flag('scale-only')) {
    const f = floors([], scaleSection()).matchAtLargestLibraryAtMost3xSmallest;
    if (f.ratio !== null)
      console.log(
        `\nmatch time at ${f.largest} sources / at ${f.smallest}: ${f.ratio} (floor: at most 3)`,
      );
    return;
  }
  const started = performance.now();
  const generatedDir = mkdtempSync(join(tmpdir(), 'sourcelight-hostile-'));
  try {
    const generated = writeGeneratedPages(generatedDir)
      .filter((n) => n.startsWith('big') || n.startsWith('quote'))
      .map<BenchPage>((n) => ({
        name: `hostile/${n.replace(/\.html$/, '')}`,
        file: join(generatedDir, n),
        mount: '/hostile',
        path: `/${n}`,
      }));
    const pages = [...biggestReadabilityPages(6), ...demoPages(), ...generated].filter(
      (p) => !ONLY || ONLY.some((name) => p.name.endsWith(`/${name}`)),
    );
    if (!SHARED)
      console.log(
        '../shared is absent: measuring the demo and invented pages only; the scale section is skipped.\n',
      );

    // 1. Node: extraction vs matching per page.
    const library = createLibrary(benchSources());
    console.log(
      `Per page, in Node (linkedom + Readability, then matching against ${library.sources.length} sources); medians of 5 runs:`,
    );
    // --no-node (with --pages, a quick look at the browser): the Node figures are skipped.
    const node = flag('no-node') && ONLY ? [] : measureNodePages(pages, library);

    // 2. Browser: the same pages with the extension.
    let browser: BrowserTiming[] = [];
    if (!flag('no-browser')) {
      try {
        ensureBuild(flag('build'));
        const mounts: Record<string, string> = {
          '/demo': DEMO_PAGES_DIR,
          '/hostile': generatedDir,
        };
        if (READABILITY_DIR) mounts['/readability'] = READABILITY_DIR;
        // Hostile pages get a browser of their own: the 5 MB page's garbage and code paths would
        // otherwise weigh on the worker that then matches the real pages.
        const hostile = (p: BenchPage) => p.name.startsWith('hostile/');
        browser = [
          ...(await measureInBrowser(
            pages.filter((p) => !hostile(p)),
            mounts,
            PASSES,
          )),
          ...(pages.some(hostile)
            ? await measureInBrowser(pages.filter(hostile), mounts, PASSES)
            : []),
        ];
      } catch (e) {
        console.log(`browser part skipped: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    const extraction = node.map((n) =>
      mergeRow(
        n,
        browser.find((b) => b.page === n.page),
      ),
    );
    printExtraction(extraction);
    if (browser.length) {
      printBrowser(browser);
      printBreakdown(browser);
    }

    // 3. Library scale.
    const scale = ONLY ? [] : scaleSection();

    // 4. The first page after the service worker was stopped, with big libraries in IndexedDB.
    let coldWorker: ColdWorkerRow[] = [];
    if (!flag('no-browser') && !ONLY && SHARED) {
      try {
        // Seven warm/cold turns, not three: with three the ratio at 1,000 sources read 2.02x and
        // 3.35x in two runs an hour apart on a quiet machine (session 15).
        coldWorker = await measureColdWorker(
          SIZES.filter((n) => n >= 1_000),
          ['wire-copy'],
          7,
        );
        printColdWorker(coldWorker);
      } catch (e) {
        console.log(`cold worker part skipped: ${(e as Error).message.split('\n')[0]}`);
      }
    }

    const results = {
      generatedAt: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? null,
        platform: process.platform,
      },
      command: 'npm run bench',
      extraction,
      browser: browser.map((b) => roundAll(b)),
      scale: scale.map((s) => roundAll(s)),
      coldWorker: coldWorker.map((c) => roundAll(c)),
      floors: floors(extraction, scale),
      targets: targets(extraction, browser, scale, coldWorker),
      totalSeconds: round((performance.now() - started) / 1000),
    };
    printFloors(results.floors);
    printTargets(results.targets);
    if (ONLY) return;
    writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote bench/results.json in ${results.totalSeconds} s`);
  } finally {
    rmSync(generatedDir, { recursive: true, force: true });
  }
}

/** Library scale: synthetic libraries of each size, the coverage pages matched against them. */
function scaleSection(): ScaleRow[] {
  const scale: ScaleRow[] = [];
  if (!SHARED) return scale;
  const pool = sentencePool(allReadabilityFiles());
  const filler = syntheticSources(pool, Math.max(...SIZES));
  const pageTexts = coveragePages().map((f) => extractArticle(parseDocument(readUtf8(f))).text);
  // Warm up (lexicon tables, compiled code) so the first size is not charged for it.
  const warm = createLibrary(corpusSources());
  for (const text of pageTexts) matchText(text, warm);
  console.log(
    `\nLibrary scale: ${pool.length} sentences of the readability pages recombined into synthetic sources, plus the 2 corpus sources; ${pageTexts.length} coverage pages matched per size.`,
  );
  // The smallest library, matched in turn with each size's: the ratio of the two in the same passes.
  const smallest = Math.min(...SIZES);
  const reference = createLibrary([
    ...corpusSources(),
    ...filler.slice(0, Math.max(0, smallest - corpusSources().length)),
  ]);
  for (const size of SIZES) {
    scale.push(measureScale(size, corpusSources(), filler, pageTexts, reference));
    console.log(`  ${size} sources done`);
  }
  printScale(scale);
  return scale;
}

function mergeRow(n: NodePageTiming, b: BrowserTiming | undefined): ExtractionRow {
  const inBrowser = b?.readabilityMs != null && b.matcherMs != null;
  const extractMs = inBrowser ? b!.readabilityMs! : n.extractMs;
  const matchMs = inBrowser ? b!.matcherMs! : n.matchMs;
  return {
    page: n.page,
    bytes: n.bytes,
    extractMs: round(extractMs, 2),
    matchMs: round(matchMs, 2),
    highlightMs: b?.highlightMs == null ? null : round(b.highlightMs),
    measuredIn: inBrowser ? 'chromium' : 'node',
    matchShareOfExtract: round(matchMs / Math.max(extractMs, 1e-6), 3),
    firstLoadMatchShareOfExtract:
      inBrowser && b!.firstMatcherMs != null && b!.firstReadabilityMs != null
        ? round(b!.firstMatcherMs / Math.max(b!.firstReadabilityMs, 1e-6), 3)
        : null,
    matchShareOfExtractLoads:
      inBrowser && b!.shareRange ? [round(b!.shareRange[0], 3), round(b!.shareRange[1], 3)] : null,
    nodeExtractMs: round(n.extractMs, 2),
    nodeMatchMs: round(n.matchMs, 2),
    nodeMatchShareOfExtract: round(n.matchMs / Math.max(n.extractMs, 1e-6), 3),
    parseMs: round(n.parseMs),
    actorsMs: round(n.actorsMs, 2),
    textChars: n.textChars,
    matches: n.matches,
    hostile: n.page.startsWith('hostile/'),
  };
}

function roundAll<T extends object>(row: T): T {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? round(v, 2) : v]),
  ) as T;
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const msCell = (n: number | null) => (n === null ? null : n < 10 ? n.toFixed(2) : n.toFixed(0));

function printExtraction(rows: ExtractionRow[]): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    '\nExtraction vs matching vs drawing per page: Chromium (Readability on the live page, or in the offscreen document for a big page; matchText in the service worker) and Node (linkedom):',
  );
  console.log(
    table(
      [
        'page',
        'size',
        'extract ms',
        'match ms',
        'match/extract',
        'later loads',
        'first load',
        'highlight ms',
        'node extract ms',
        'node match ms',
        'node match/extract',
        'node actors ms',
        'matches',
      ],
      rows.map((r) => [
        `${r.page}${r.hostile ? ' (hardening)' : ''}`,
        kb(r.bytes),
        r.measuredIn === 'chromium' ? msCell(r.extractMs) : 'n/a',
        r.measuredIn === 'chromium' ? msCell(r.matchMs) : 'n/a',
        r.measuredIn === 'chromium' ? pct(r.matchShareOfExtract) : 'n/a',
        r.matchShareOfExtractLoads === null
          ? 'n/a'
          : `${pct(r.matchShareOfExtractLoads[0])}–${pct(r.matchShareOfExtractLoads[1])}`,
        r.firstLoadMatchShareOfExtract === null ? 'n/a' : pct(r.firstLoadMatchShareOfExtract),
        msCell(r.highlightMs),
        msCell(r.nodeExtractMs),
        msCell(r.nodeMatchMs),
        pct(r.nodeMatchShareOfExtract),
        msCell(r.actorsMs),
        r.matches,
      ]),
    ),
  );
}

function printBrowser(rows: BrowserTiming[]): void {
  const loads = Math.max(...rows.map((r) => r.loads));
  console.log(
    `\nIn Chromium with the extension (${loads} loads of each page, pass after pass: medians, and the longest task of any load; first = the first load's figures; read away = a big page serialised and read in the offscreen document, Readability included; matcher = matchText in the worker; round trip = the request with actors, storage and messaging):`,
  );
  console.log(
    table(
      [
        'page',
        'state',
        'highlights',
        'readability ms',
        'first',
        'read away ms',
        'extract + live text ms',
        'matcher ms',
        'first',
        'round trip ms',
        'highlight ms',
        'load→drawn ms',
        'longest task (ours) ms',
        'longest task (any) ms',
      ],
      rows.map((r) => [
        r.page,
        r.state ?? r.error ?? 'n/a',
        r.highlights,
        msCell(r.readabilityMs),
        msCell(r.firstReadabilityMs),
        r.readAwayMs === null ? 'in page' : msCell(r.readAwayMs),
        msCell(r.extractMs),
        msCell(r.matcherMs),
        msCell(r.firstMatcherMs),
        msCell(r.matchMs),
        msCell(r.highlightMs),
        msCell(r.loadToDrawnMs),
        msCell(r.longestTaskMs),
        msCell(r.longestTaskPageMs),
      ]),
    ),
  );
}

function printBreakdown(rows: BrowserTiming[]): void {
  console.log(
    "\nWhere load → drawn goes (ms from DOMContentLoaded; medians of each part over the loads; response→load = the page's HTML response to DOMContentLoaded, the page parsing, before it; bench/page-cost.ts compares it with the page without the extension): wait = until the content script runs (document_end); ask site = whether the overlay is on for the site; mount = the UI, and the page main thread before reading starts; serialise, messaging away = a big page sent to the offscreen document (less parsing and Readability there); readability = copy or parse + Readability; live text = finding the article in the live page; matching, actors, messaging = the round trip to the worker; gaps = the page and the browser between our short tasks:",
  );
  const cell = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(1));
  console.log(
    table(
      ['page', 'response→load', 'load→drawn', 'load event', ...BREAKDOWN_KEYS],
      rows.map((r) => [
        r.page,
        msCell(r.responseToLoadMs),
        msCell(r.loadToDrawnMs),
        msCell(r.loadEventMs),
        ...BREAKDOWN_KEYS.map((k) => cell(r.breakdown?.[k])),
      ]),
    ),
  );
}

function printScale(rows: ScaleRow[]): void {
  console.log(
    table(
      [
        'sources',
        'index ms',
        'from stored index ms',
        'match ms/page',
        'smallest library, same passes',
        'slowest page ms',
        'first pass ms/page',
        'details derived',
        'heap MB',
        'library heap MB',
        'heap KB/source',
        'KB/source after matching',
        'index arrays B/source',
        'stored B/source',
        'matches',
        'actor extraction ms',
        'actor index (stored) ms',
      ],
      rows.map((r) => [
        r.sources,
        r.indexMs.toFixed(0),
        r.restoreMs.toFixed(0),
        r.matchMsPerPage.toFixed(2),
        r.referenceMsPerPage === null ? '—' : r.referenceMsPerPage.toFixed(2),
        r.matchMsMaxPage.toFixed(1),
        r.coldMatchMsPerPage.toFixed(2),
        r.detailsDerived,
        r.heapMB.toFixed(0),
        r.libraryHeapMB.toFixed(1),
        ((r.libraryHeapMB * 1024) / r.sources).toFixed(1),
        ((r.libraryHeapAfterMatchMB * 1024) / r.sources).toFixed(1),
        r.indexArrayBytesPerSource.toFixed(0),
        r.storedBytesPerSource.toFixed(0),
        r.matches,
        r.actorExtractMs.toFixed(0),
        r.actorIndexMs.toFixed(0),
      ]),
    ),
  );
}

if (ensureGc()) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
