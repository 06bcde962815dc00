/**
 * `npx tsx bench/semantic.ts` (also run by `npm run bench`): what matching through meaning costs, in
 * Node with the same runtime and model the extension ships (onnxruntime-web's WASM backend, one
 * thread). Prints, each beside Readability's time measured in the same run:
 * - the model's cold load (a fresh process each time: module, WASM compile, session);
 * - embedding time per page sentence;
 * - the extra time per page on the largest fixture pages (the stage as it runs, and with every
 *   passage embedded, as if the page covered a source);
 * - the whole semantic pass on a 100-sentence article;
 * - the size the model adds to each build;
 * - in Chromium with the extension (bench/semantic-browser.ts; `--no-browser` skips it), the time
 *   from the lexical highlights to the links through meaning on the largest coverage pages.
 * Writes bench/semantic-results.json. Skips with a reason when the model step has not run.
 *
 * `--model=DIR` (or `--model=e5` for public/model-e5): compares that model with the shipped one
 * instead, back to back in the same run (cold load, ms per page sentence, the whole pass on the
 * 100-sentence article, size on disk), and writes bench/semantic-models.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { extractArticle } from '../lib/extract';
import { createLibrary } from '../lib/library';
import { matchText } from '../lib/match/index';
import { parseDocument } from '../lib/node/dom';
import { loadSources } from '../lib/node/load-sources';
import { e5ModelDir, loadNodeModel, modelBuilt, modelDir } from '../lib/semantic/node';
import { embedSource, semanticMatches, type SourceEmbeddings } from '../lib/semantic/stage';
import { pageUnits } from '../lib/semantic/units';
import type { PreparedSource } from '../lib/library';
import { type MeaningLoad, measureMeaningInBrowser, printMeaningLoads } from './semantic-browser';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared');
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** CPU time this process spent (ms): on a shared machine, wall time mostly measures the neighbours. */
let lastCpuMs = 0;
async function time<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  lastCpuMs = (c.user + c.system) / 1000;
  return [r, performance.now() - t0];
}

/** Median wall and CPU time of `runs` calls. */
async function measure(
  runs: number,
  f: () => Promise<unknown> | unknown,
): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    wall.push((await time(f))[1]);
    cpu.push(lastCpuMs);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Readability's CPU time on an HTML string (linkedom parse + extraction), median of RUNS. */
function readabilityMs(html: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    extractArticle(parseDocument(html));
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return median(times);
}

async function main(): Promise<void> {
  const dirArg = process.argv.find((a) => a.startsWith('--dir='))?.slice('--dir='.length);
  if (process.argv.includes('--cold-load')) {
    const [, t] = await time(() => loadNodeModel(dirArg));
    console.log(JSON.stringify({ loadMs: t, cpuMs: lastCpuMs }));
    return;
  }
  const other = process.argv.find((a) => a.startsWith('--model='))?.slice('--model='.length);
  if (other) {
    await compareModels(other === 'e5' ? e5ModelDir() : resolve(other));
    return;
  }
  if (!modelBuilt()) {
    console.log(`Semantic bench skipped: ${modelDir()} is missing (run npm run model first).`);
    return;
  }
  const biggest = readdirSync(join(SHARED, 'fixtures/readability-pages'))
    .map((n) => join(SHARED, 'fixtures/readability-pages', n, 'source.html'))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .slice(0, 4);
  if (biggest.length === 0) {
    console.log('Semantic bench skipped: ../shared/fixtures is absent.');
    return;
  }

  // 1. Cold load, each in a fresh process.
  const loads: number[] = [];
  const loadsCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/semantic.ts', '--cold-load'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
    loads.push(got.loadMs);
    loadsCpu.push(got.cpuMs);
  }
  const bigHtml = readFileSync(biggest[0]!, 'utf8');
  const readBig = readabilityMs(bigHtml);
  console.log(
    `All times are CPU time of this process (wall time in brackets; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores when this started), medians of ${RUNS}; Readability = linkedom parse + extraction, CPU time.\n` +
      `Model load, cold (fresh process): ${ms(median(loadsCpu))} ms [wall ${ms(median(loads))}] (${ratio(median(loadsCpu), readBig)} Readability on ${biggest[0]!.split('/').at(-2)}, ${ms(readBig)} ms)`,
  );

  const model = await loadNodeModel();
  const corpus = createLibrary(loadSources(join(SHARED, 'corpus')));
  const stored = new Map<PreparedSource, SourceEmbeddings>();
  for (const p of corpus.sources) stored.set(p, await embedSource(p, model.encoder));
  const ctx = {
    encoder: model.encoder,
    antonyms: model.antonyms,
    embeddingsOf: async (p: PreparedSource) => stored.get(p)!,
  };

  // 2. Embedding time per sentence, on the biggest page's sentences (warm session).
  const bigText = extractArticle(parseDocument(bigHtml)).text;
  const sentences = pageUnits(bigText)
    .filter((u) => !u.quote)
    .slice(0, 96)
    .map((u) => bigText.slice(u.start, u.end));
  await model.encoder.embed(sentences.slice(0, 16));
  const embedRun = await measure(RUNS, () => model.encoder.embed(sentences));
  const perSentence = embedRun.cpu / sentences.length;
  const readPerSentence = readBig / sentences.length;
  console.log(
    `Embedding: ${ms(perSentence)} ms per page sentence [wall ${ms(embedRun.wall / sentences.length)}] (${sentences.length} sentences a run; ${ratio(embedRun.cpu, readBig)} Readability on that page)`,
  );

  // 3. Extra time per page on the largest fixture pages.
  console.log('\nExtra time per page (medians):');
  console.log('page | Readability | stage as it runs | every passage embedded | passages');
  const pages: Record<string, unknown>[] = [];
  for (const file of biggest) {
    const html = readFileSync(file, 'utf8');
    const text = extractArticle(parseDocument(html)).text;
    const read = readabilityMs(html);
    const lexical = matchText(text, corpus);
    const units = pageUnits(text);
    const asRuns = await measure(RUNS, () => semanticMatches(text, corpus, lexical, ctx));
    // One run: on the biggest page this is minutes on a busy machine.
    const forced = await measure(1, () =>
      model.encoder.embed(units.map((u) => text.slice(u.start, u.end))),
    );
    const name = file.split('/').at(-2)!;
    console.log(
      `${name} | ${ms(read)} ms | ${ms(asRuns.cpu)} ms (${ratio(asRuns.cpu, read)}) | ${ms(forced.cpu)} ms [wall ${ms(forced.wall)}] (${ratio(forced.cpu, read)}) | ${units.length}`,
    );
    pages.push({
      page: name,
      readabilityMs: read,
      stage: asRuns,
      allPassages: forced,
      passages: units.length,
    });
  }

  // 4. The whole pass on a 100-sentence article that covers a source (so every passage is compared).
  const anchor = corpus.sources[0]!.source.text.split('\n')[0]!;
  const body = sentences.concat(sentences).slice(0, 99);
  const article = [anchor, ...body].join('\n');
  const articleHtml = `<html><head><title>Bench article</title></head><body><article><h1>Bench article</h1>${[anchor, ...body].map((s) => `<p>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('')}</article></body></html>`;
  const readArticle = readabilityMs(articleHtml);
  const lexical = matchText(article, corpus);
  const whole = await measure(RUNS, () => semanticMatches(article, corpus, lexical, ctx));
  console.log(
    `\nWhole semantic pass, 100-sentence article (${pageUnits(article).length} passages compared): ${ms(whole.cpu)} ms [wall ${ms(whole.wall)}] (${ratio(whole.cpu, readArticle)} Readability on it, ${ms(readArticle)} ms); target under 1 s`,
  );

  // 5. Bundle size: what each build ships of public/model (its JavaScript glue is bundled instead).
  const files = readdirSync(modelDir())
    .filter((f) => !f.endsWith('.mjs'))
    .map((f) => ({ f, size: statSync(join(modelDir(), f)).size }));
  const total = files.reduce((a, b) => a + b.size, 0);
  console.log(
    `\nAdded to each build (model/): ${(total / 1e6).toFixed(1)} MB — ${files.map((x) => `${x.f} ${(x.size / 1e6).toFixed(2)} MB`).join(', ')}`,
  );

  // 6. In Chromium with the extension.
  let browser: MeaningLoad[] | null = null;
  if (!process.argv.includes('--no-browser')) {
    browser = await measureMeaningInBrowser();
    if (browser) printMeaningLoads(browser);
    else console.log('\nChromium part skipped: ../shared/fixtures/coverage-dev is absent.');
  }
  writeFileSync(
    join(ROOT, 'bench/semantic-results.json'),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? null },
        command: 'npx tsx bench/semantic.ts',
        loadAverage: loadavg(),
        coldLoadMs: { wall: loads, cpu: loadsCpu },
        readabilityBiggestMs: readBig,
        embedMsPerSentence: perSentence,
        readabilityMsPerSentenceOfThatPage: readPerSentence,
        pages,
        article100: { pass: whole, readabilityMs: readArticle },
        bundleBytes: total,
        browser,
      },
      null,
      2,
    )}\n`,
  );
}

/** Cold loads of a model folder, each in a fresh process: medians of CPU and wall ms. */
function coldLoads(dir: string): { cpu: number[]; wall: number[] } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/semantic.ts', '--cold-load', `--dir=${dir}`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
    cpu.push(got.cpuMs);
    wall.push(got.loadMs);
  }
  return { cpu, wall };
}

/** Bytes of a model folder's own files (without onnxruntime's WASM, which public/model holds once). */
function folderBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('ort-wasm'))
    .reduce((a, f) => a + statSync(join(dir, f)).size, 0);
}

/** The shipped model and another, measured back to back in this run. */
async function compareModels(otherDir: string): Promise<void> {
  const dirs = [modelDir(), otherDir];
  for (const d of dirs)
    if (!modelBuilt(d)) {
      console.log(`Model comparison skipped: ${d} is missing (run npm run model first).`);
      return;
    }
  const biggest = readdirSync(join(SHARED, 'fixtures/readability-pages'))
    .map((n) => join(SHARED, 'fixtures/readability-pages', n, 'source.html'))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile())
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!biggest) {
    console.log('Model comparison skipped: ../shared/fixtures is absent.');
    return;
  }
  const html = readFileSync(biggest, 'utf8');
  const readBig = readabilityMs(html);
  const bigText = extractArticle(parseDocument(html)).text;
  const sentences = pageUnits(bigText)
    .filter((u) => !u.quote)
    .slice(0, 96)
    .map((u) => bigText.slice(u.start, u.end));
  const corpus = createLibrary(loadSources(join(SHARED, 'corpus')));
  const anchor = corpus.sources[0]!.source.text.split('\n')[0]!;
  const article = [anchor, ...sentences.concat(sentences).slice(0, 99)].join('\n');
  const lexical = matchText(article, corpus);
  console.log(
    `Models back to back (CPU ms of this process, wall in brackets; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores; medians of ${RUNS}). Readability on ${biggest.split('/').at(-2)}: ${ms(readBig)} ms.`,
  );
  console.log(
    'model | size on disk | cold load | ms per page sentence | 100-sentence article pass',
  );
  const rows: Record<string, unknown>[] = [];
  const results = [];
  for (const dir of dirs) {
    const loads = coldLoads(dir);
    const model = await loadNodeModel(dir);
    const stored = new Map<PreparedSource, SourceEmbeddings>();
    for (const p of corpus.sources.filter((p) => lexical.some((m) => m.sourceId === p.source.id)))
      stored.set(p, await embedSource(p, model.encoder));
    const ctx = {
      encoder: model.encoder,
      antonyms: model.antonyms,
      embeddingsOf: async (p: PreparedSource) => stored.get(p) ?? embedSource(p, model.encoder),
    };
    await model.encoder.embed(sentences.slice(0, 16));
    results.push({ dir, loads, model, ctx });
  }
  // Interleaved, so both models see the same neighbours on the machine.
  const embed = results.map(() => [] as { wall: number; cpu: number }[]);
  const pass = results.map(() => [] as { wall: number; cpu: number }[]);
  for (let r = 0; r < RUNS; r++)
    for (const [i, x] of results.entries()) {
      embed[i]!.push(await measure(1, () => x.model.encoder.embed(sentences)));
      pass[i]!.push(await measure(1, () => semanticMatches(article, corpus, lexical, x.ctx)));
    }
  const med = (xs: { wall: number; cpu: number }[]) => ({
    wall: median(xs.map((x) => x.wall)),
    cpu: median(xs.map((x) => x.cpu)),
  });
  const base = med(embed[0]!).cpu / sentences.length;
  for (const [i, x] of results.entries()) {
    const e = med(embed[i]!);
    const p = med(pass[i]!);
    const bytes = folderBytes(x.dir);
    const perSentence = e.cpu / sentences.length;
    console.log(
      `${x.dir.split('/').at(-1)} | ${(bytes / 1e6).toFixed(1)} MB | ${ms(median(x.loads.cpu))} ms [wall ${ms(median(x.loads.wall))}] | ${ms(perSentence)} ms [wall ${ms(e.wall / sentences.length)}] (${ratio(perSentence, base)} the shipped model; ${ratio(e.cpu, readBig)} Readability) | ${ms(p.cpu)} ms [wall ${ms(p.wall)}]`,
    );
    rows.push({
      dir: x.dir,
      bytes,
      coldLoadMs: x.loads,
      embedMsPerSentence: perSentence,
      article100: p,
    });
  }
  writeFileSync(
    join(ROOT, 'bench/semantic-models.json'),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? null },
        command: `npx tsx bench/semantic.ts --model=${otherDir}`,
        loadAverage: loadavg(),
        readabilityBiggestMs: readBig,
        sentences: sentences.length,
        models: rows,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
