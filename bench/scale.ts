/**
 * Library scale: synthetic libraries of many source articles, recombined from the sentences of
 * unrelated real articles (the readability fixtures) plus the corpus sources, so real matches exist
 * and every other source is distinct filler. Measures index build time, per-page matching time over
 * the coverage pages, heap and stored size per source.
 */
import { extractArticle } from '../lib/extract';
import { extractSourceActors, findActors } from '../lib/actors/index';
import { createLibrary, detailsDerived, type Library, snapshotIndex } from '../lib/library';
import { matchText } from '../lib/match/index';
import { parseDocument } from '../lib/node/dom';
import type { Source } from '../lib/types';
import { readUtf8 } from './fixtures';
import { seededRandom } from './stats';

/** One library size's figures. */
export interface ScaleRow {
  sources: number;
  indexMs: number;
  /**
   * Building the library from its stored index instead (what a waking service worker does): a
   * structured clone of the snapshot, as IndexedDB hands it back, plus `createLibrary` with it.
   */
  restoreMs: number;
  /** Mean over the pages of each page's median time over five passes (details cached). */
  matchMsPerPage: number;
  /**
   * The same pages' cost against the smallest library, timed in passes taken in turn with this
   * size's: the two sizes' ratio is then not moved by the machine's speed drifting between the
   * sections (it moved 1.1-1.8 between runs of the same code).
   */
  referenceMsPerPage: number | null;
  /** Slowest page at this size. */
  matchMsMaxPage: number;
  /**
   * First pass over the pages, right after the build: each source that becomes a candidate has its
   * details (tokens, sentences, quotes) derived then; `matchMsPerPage` is the pass after.
   */
  coldMatchMsPerPage: number;
  /** Sources whose details the cold pass derived. */
  detailsDerived: number;
  /** Heap used by the whole process after building (MB, after GC). */
  heapMB: number;
  /** Heap the prepared library itself takes (MB, after GC). */
  libraryHeapMB: number;
  /** The same after matching every page, with the details of candidate sources cached (MB, after GC). */
  libraryHeapAfterMatchMB: number;
  /** Bytes of the stem index's typed arrays per source: exact, where heap figures depend on when GC frees buffers. */
  indexArrayBytesPerSource: number;
  /** What IndexedDB keeps per source: the JSON of the `Source` record (bytes, mean). */
  storedBytesPerSource: number;
  /** Matches found over all pages: the corpus sources must still be found among the filler. */
  matches: number;
  /** Extracting every source's actors (what the CLI does on its first page, and the extension once per rules version). */
  actorExtractMs: number;
  /** First `findActors` when the actors come stored with the sources (the extension's background): merge and matcher. */
  actorIndexMs: number;
}

/** Sentences of the article text of `files`, for recombination. */
export function sentencePool(files: string[]): string[] {
  const pool: string[] = [];
  for (const f of files) {
    const text = extractArticle(parseDocument(readUtf8(f))).text;
    for (const line of text.split('\n')) {
      for (const s of line.split(/(?<=[.!?])\s+(?=\p{Lu})/u)) {
        if (s.length >= 40 && s.length <= 400) pool.push(s.trim());
      }
    }
  }
  return pool;
}

/** `count` distinct synthetic sources: 4-10 paragraphs of 2-5 sentences drawn from the pool. */
export function syntheticSources(pool: string[], count: number, seed = 7): Source[] {
  const rand = seededRandom(seed);
  const pick = () => pool[Math.floor(rand() * pool.length)]!;
  const out: Source[] = [];
  for (let i = 0; i < count; i++) {
    const paragraphs: string[] = [];
    const np = 4 + Math.floor(rand() * 7);
    for (let j = 0; j < np; j++) {
      const ns = 2 + Math.floor(rand() * 4);
      paragraphs.push(Array.from({ length: ns }, pick).join(' '));
    }
    out.push({
      id: `synthetic-${i}`,
      title: `Synthetic source ${i}`,
      outlet: `Outlet ${i % 50}`,
      url: `https://example.invalid/${i}`,
      published: '2025-06-18',
      language: 'en',
      text: paragraphs.join('\n'),
    });
  }
  return out;
}

const TIMED_PASSES = 5;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
/** JS heap plus ArrayBuffer memory (typed arrays live outside the JS heap). */
const heapMB = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / (1024 * 1024);
};

/** Builds a library of `size` sources (corpus included) and matches every page text against it. */
export function measureScale(
  size: number,
  corpus: Source[],
  filler: Source[],
  pageTexts: string[],
  reference?: Library,
): ScaleRow {
  const sources = [...corpus, ...filler.slice(0, Math.max(0, size - corpus.length))];
  gc();
  const before = heapMB();
  const t0 = performance.now();
  const library = createLibrary(sources);
  const indexMs = performance.now() - t0;
  const snapshot = snapshotIndex(library);
  const r0 = performance.now();
  createLibrary(sources, { index: structuredClone(snapshot) });
  const restoreMs = performance.now() - r0;
  gc();
  const after = heapMB();
  // The cold pass derives candidate sources' details; the timed pass runs with them cached.
  const cold = performance.now();
  for (const text of pageTexts) matchText(text, library);
  const coldMatchMsPerPage = (performance.now() - cold) / Math.max(1, pageTexts.length);
  const derived = detailsDerived(library);
  // Timed passes: each page's median of five, so one stall of a shared machine does not decide a floor.
  const runs: number[][] = pageTexts.map(() => []);
  const referenceRuns: number[][] = pageTexts.map(() => []);
  let matches = 0;
  const timed = (text: string, lib: Library, into: number[]) => {
    const t = performance.now();
    const found = matchText(text, lib).length;
    into.push(performance.now() - t);
    return found;
  };
  for (let pass = 0; pass < TIMED_PASSES; pass++) {
    // A pass over every page with this size, then one with the smallest library: the page's own
    // analysis is cached for a few texts only, so a page matched twice in a row would be cheaper
    // the second time; between two passes over one page, 39 others push it out.
    pageTexts.forEach((text, i) => {
      const found = timed(text, library, runs[i]!);
      if (pass === 0) matches += found;
    });
    if (reference) pageTexts.forEach((text, i) => timed(text, reference, referenceRuns[i]!));
  }
  const median = (r: number[]) => r.sort((a, b) => a - b)[Math.floor(r.length / 2)]!;
  const perPage = runs.map(median);
  const referencePerPage = reference ? referenceRuns.map(median) : null;
  gc();
  const afterMatch = heapMB();
  const a0 = performance.now();
  const actorLists = new Map(sources.map((s) => [s.id, extractSourceActors(s)]));
  const actorExtractMs = performance.now() - a0;
  const withActors = createLibrary(sources, { sourceActors: actorLists });
  const a1 = performance.now();
  findActors(pageTexts[0] ?? '', withActors);
  const actorIndexMs = performance.now() - a1;
  const stored = sources.reduce(
    (n, s) => n + Buffer.byteLength(JSON.stringify({ ...s, addedAt: Date.now() })),
    0,
  );
  return {
    sources: sources.length,
    indexMs,
    restoreMs,
    matchMsPerPage: perPage.reduce((a, b) => a + b, 0) / Math.max(1, perPage.length),
    referenceMsPerPage: referencePerPage
      ? referencePerPage.reduce((a, b) => a + b, 0) / Math.max(1, referencePerPage.length)
      : null,
    matchMsMaxPage: perPage.length ? Math.max(...perPage) : 0,
    coldMatchMsPerPage,
    detailsDerived: derived,
    heapMB: after,
    libraryHeapMB: after - before,
    libraryHeapAfterMatchMB: afterMatch - before,
    indexArrayBytesPerSource:
      (library.stems.postings.byteLength +
        library.stems.offsets.byteLength +
        library.stems.sentenceBase.byteLength +
        library.stems.sentenceHash.byteLength) /
      sources.length,
    storedBytesPerSource: stored / sources.length,
    matches,
    actorExtractMs,
    actorIndexMs,
  };
}
