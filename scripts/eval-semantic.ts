/**
 * `npx tsx scripts/eval-semantic.ts`: what the semantic stage adds to lexical matching, measured
 * honestly. The dev pages (coverage-dev, topical-dev, readability-pages) are split in two folds by
 * outlet (scripts/eval-score.ts's folds; readability pages alternately by name); the thresholds of
 * lib/semantic/verify.ts are chosen on one fold (the most links such that precision stays ≥ 95%,
 * distractors linked ≤ 5% and no match on a negative page) and reported on the other, both ways.
 * Then the shipped defaults are reported on every page, and on the demo pages (held out).
 * Scoring follows coverage-dev/README.md, as scripts/eval.ts does.
 *
 * Flags: --float (the unquantized model `npm run model` leaves in .cache/model/onnx, to measure
 * what quantization costs), --model=DIR|FILE|e5 (one more model evaluated in the same run after
 * the shipped one, and compared with it at the end: a model folder such as public/model-e5 (`e5`
 * for short), or an ONNX file with the shipped model's vocabulary; repeatable), --json (print the
 * figures as JSON), --crosslingual (pages no lexical match ties to a source are compared with the
 * source they share the most rare names and numbers with: lib/semantic/anchors.ts). Every model
 * gets the same threshold grid, chosen by the folds.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createLibrary, type Library } from '../lib/library';
import { matchText } from '../lib/match/index';
import { loadSources } from '../lib/node/load-sources';
import { loadPage } from '../lib/node/pages';
import type { SentenceEncoder } from '../lib/semantic/encoder';
import {
  diskEmbeddings,
  e5ModelDir,
  loadNodeModel,
  modelBuilt,
  modelDir,
} from '../lib/semantic/node';
import { anchoredSources } from '../lib/semantic/anchors';
import {
  coveredSources,
  decide,
  semanticCandidates,
  type SemanticCandidate,
} from '../lib/semantic/stage';
import { DEFAULT_THRESHOLDS, refuse, type SemanticThresholds } from '../lib/semantic/verify';
import type { Antonyms } from '../lib/semantic/antonyms';
import type { Match } from '../lib/types';
import { assignFolds, demoPages, FOLDS, labelledPages, sharesHalf } from './eval-score';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared');
const KINDS = ['verbatim', 'variant', 'paraphrase', 'reuse', 'crosslingual'] as const;

interface Link {
  kind: string;
  sourceId: string;
  start: number;
  end: number;
  pageSpan: string;
}
interface Page {
  file: string;
  group: string;
  links: Link[];
  distractors: string[];
  negative: boolean;
  lexical: Match[];
  candidates: SemanticCandidate[];
}

const hits = (m: Match, l: Link) =>
  m.sourceId === l.sourceId &&
  m.sourceStart < l.end &&
  l.start < m.sourceEnd &&
  sharesHalf(m.pageText, l.pageSpan);

/** Figures of a set of pages under one choice of thresholds. */
interface Figures {
  links: Record<string, { total: number; found: number; bySemantic: number }>;
  hits: number;
  wrong: number;
  distractors: number;
  distractorsLinked: number;
  negativeMatches: number;
  semanticMatches: number;
  semanticWrong: string[];
}

function score(pages: Page[], antonyms: Antonyms, t: SemanticThresholds | null): Figures {
  const f: Figures = {
    links: Object.fromEntries(KINDS.map((k) => [k, { total: 0, found: 0, bySemantic: 0 }])),
    hits: 0,
    wrong: 0,
    distractors: 0,
    distractorsLinked: 0,
    negativeMatches: 0,
    semanticMatches: 0,
    semanticWrong: [],
  };
  for (const p of pages) {
    const semantic = t ? decide(p.candidates, antonyms, t) : [];
    const all = [...p.lexical, ...semantic];
    f.semanticMatches += semantic.length;
    if (p.negative) {
      f.negativeMatches += all.length;
      for (const m of semantic) f.semanticWrong.push(`${p.group}: ${m.pageText.slice(0, 90)}`);
    }
    for (const l of p.links) {
      const b = f.links[l.kind]!;
      b.total++;
      if (all.some((m) => hits(m, l))) {
        b.found++;
        if (!p.lexical.some((m) => hits(m, l))) b.bySemantic++;
      }
    }
    for (const m of all) {
      if (p.links.some((l) => hits(m, l))) f.hits++;
      else if (
        p.distractors.some((d) => sharesHalf(m.pageText, d)) ||
        p.links.some((l) => sharesHalf(m.pageText, l.pageSpan))
      ) {
        f.wrong++;
        if (m.via)
          f.semanticWrong.push(
            `${p.group}: ${m.pageText.slice(0, 90)} → ${m.sourceText.slice(0, 60)}`,
          );
      }
    }
    f.distractors += p.distractors.length;
    f.distractorsLinked += p.distractors.filter((d) =>
      all.some((m) => sharesHalf(m.pageText, d)),
    ).length;
  }
  return f;
}

const linked = (f: Figures) => Object.values(f.links).reduce((a, b) => a + b.found, 0);
/**
 * The floors, on what meaning adds to lexical matching (lexical matching alone misses some floors on
 * these pages; the semantic stage must not make that worse): its links are right at least 95% of
 * the time, it links no distractor and nothing on a negative page.
 */
const ok = (f: Figures, lexical: Figures) => {
  const added = f.hits - lexical.hits;
  const wrong = f.wrong - lexical.wrong;
  return (
    wrong <= 0.05 * (added + wrong) &&
    f.negativeMatches === lexical.negativeMatches &&
    f.distractorsLinked === lexical.distractorsLinked
  );
};

/**
 * The grid the folds choose from: coarse steps, the same for every page and every model. Above
 * 0.85 it is finer, because models differ in where their scale sits (multilingual-e5 rates
 * unrelated sentences about 0.75, MiniLM about 0.1); the steps below are those MiniLM's
 * thresholds were chosen on.
 */
function grid(): SemanticThresholds[] {
  const levels = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.875, 0.9, 0.925, 0.95, 0.975];
  const out: SemanticThresholds[] = [];
  for (const s of levels)
    for (const extra of [0, 0.05, 0.1, 0.15, 1])
      for (const margin of [0, 0.02, 0.05])
        for (const narrativeWords of [1, 2, 3])
          out.push({
            similarity: s,
            bareSimilarity: Math.min(1.01, +(s + extra).toFixed(3)),
            margin,
            narrativeWords,
          });
  return out;
}

/** The thresholds that link the most on `pages` within the floors (ties: the stricter). */
function tune(pages: Page[], antonyms: Antonyms): SemanticThresholds {
  let best: SemanticThresholds = {
    similarity: 1.01,
    bareSimilarity: 1.01,
    margin: 0,
    narrativeWords: 99,
  };
  let bestLinked = -1;
  const lexical = score(pages, antonyms, null);
  for (const t of grid()) {
    const f = score(pages, antonyms, t);
    if (ok(f, lexical) && linked(f) > bestLinked) {
      best = t;
      bestLinked = linked(f);
    }
  }
  return best;
}

function lines(name: string, f: Figures): string[] {
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '-');
  const out = [`${name}`];
  for (const k of KINDS) {
    const b = f.links[k]!;
    if (b.total)
      out.push(
        `  ${k.padEnd(12)} ${b.found}/${b.total} ${pct(b.found, b.total)} (${b.bySemantic} through meaning)`,
      );
  }
  out.push(`  precision    ${f.hits}/${f.hits + f.wrong} ${pct(f.hits, f.hits + f.wrong)}`);
  out.push(
    `  distractors  ${f.distractorsLinked}/${f.distractors} ${pct(f.distractorsLinked, f.distractors)}`,
  );
  out.push(
    `  negatives    ${f.negativeMatches} matches on negative pages; ${f.semanticMatches} links through meaning in all`,
  );
  for (const w of f.semanticWrong) out.push(`    wrong through meaning: ${w}`);
  return out;
}

/** A model to evaluate: its name in the report and how to load it. */
interface ModelChoice {
  name: string;
  load: () => ReturnType<typeof loadNodeModel>;
}

/** The models of this run: the shipped one (or its float twin), then each --model. */
function modelChoices(argv: string[]): ModelChoice[] | string {
  const first: ModelChoice = argv.includes('--float')
    ? {
        name: 'float model (.cache/model/onnx)',
        load: () => loadNodeModel(modelDir(), join(ROOT, '.cache/model/onnx/encoder.float.onnx')),
      }
    : { name: `shipped model (${modelDir()})`, load: () => loadNodeModel() };
  const out = [first];
  for (const arg of argv.filter((a) => a.startsWith('--model='))) {
    const given = arg.slice('--model='.length);
    const path = given === 'e5' ? e5ModelDir() : resolve(given);
    if (!existsSync(path)) return `${given}: no such model folder or file`;
    if (statSync(path).isDirectory()) {
      if (!modelBuilt(path)) return `${given}: the model folder is incomplete (run npm run model)`;
      out.push({ name: given, load: () => loadNodeModel(path) });
    } else out.push({ name: given, load: () => loadNodeModel(modelDir(), path) });
  }
  return out;
}

/** The stricter of two threshold settings, setting by setting. */
const stricter = (a: SemanticThresholds, b: SemanticThresholds): SemanticThresholds => ({
  similarity: Math.max(a.similarity, b.similarity),
  bareSimilarity: Math.max(a.bareSimilarity, b.bareSimilarity),
  margin: Math.max(a.margin, b.margin),
  narrativeWords: Math.max(a.narrativeWords, b.narrativeWords),
});

async function main(argv: string[]): Promise<number> {
  if (!existsSync(join(SHARED, 'fixtures'))) {
    console.log('Skipping: ../shared/fixtures is absent.');
    return 0;
  }
  if (!modelBuilt()) {
    console.error('The sentence model is missing: run npm run model first.');
    return 2;
  }
  const choices = modelChoices(argv);
  if (typeof choices === 'string') {
    console.error(choices);
    return 2;
  }
  const out: string[] = [];
  const reports: Record<string, unknown> = {};
  const summary: string[] = [];
  for (const choice of choices) {
    const { lines, report, heldOut } = await evaluate(choice, argv);
    if (choices.length > 1) out.push(`\n=== ${choice.name} ===`);
    out.push(...lines);
    reports[choice.name] = report;
    summary.push(...heldOut);
  }
  if (choices.length > 1)
    out.push(
      '\nHeld-out folds side by side (thresholds chosen on the other fold; lexical + meaning):',
      'model | fold | paraphrase | variant | crosslingual | precision | distractors | on negatives | via meaning',
      ...summary,
    );
  const report = choices.length > 1 ? reports : reports[choices[0]!.name];
  console.log(argv.includes('--json') ? JSON.stringify(report, null, 2) : out.join('\n'));
  return 0;
}

/** One model's figures: the two folds, every dev page, the demo pages. */
async function evaluate(
  choice: ModelChoice,
  argv: string[],
): Promise<{ lines: string[]; report: Record<string, unknown>; heldOut: string[] }> {
  const loaded = await choice.load();
  const { antonyms } = loaded;
  const encoder = argv.includes('--no-cache') ? loaded.encoder : cachedEncoder(loaded.encoder);
  const corpus = createLibrary(loadSources(join(SHARED, 'corpus')));
  const embeddingsOf = diskEmbeddings(encoder);
  const pages: Page[] = [];
  const load = async (
    file: string,
    group: string,
    links: Link[],
    distractors: string[],
    negative: boolean,
    library: Library,
  ) => {
    const text = loadPage(file, () => new Uint8Array()).article.text;
    const lexical = matchText(text, library);
    const candidates = await semanticCandidates(text, library, lexical, {
      allCandidates: true,
      encoder,
      antonyms,
      embeddingsOf,
      sources: crossSources(argv, text, library, lexical),
    });
    pages.push({ file, group, links, distractors, negative, lexical, candidates });
  };
  const t0 = performance.now();
  const fold = new Map<string, number>();
  for (const set of ['coverage-dev', 'topical-dev'] as const) {
    const labelled = labelledPages(SHARED, set);
    const folds = assignFolds(labelled, FOLDS.outlet);
    for (const p of labelled) {
      fold.set(p.file, folds.get(p) === 'A' ? 0 : 1);
      await load(p.file, p.outlet, p.links, p.distractors, p.negative, corpus);
    }
  }
  const negDir = join(SHARED, 'fixtures/readability-pages');
  const names = readdirSync(negDir)
    .filter((n) => existsSync(join(negDir, n, 'source.html')))
    .sort();
  for (const [i, n] of names.entries()) {
    fold.set(join(negDir, n, 'source.html'), i % 2);
    await load(join(negDir, n, 'source.html'), n, [], [], true, corpus);
  }
  const ms = performance.now() - t0;

  const folds = [
    pages.filter((p) => fold.get(p.file) === 0),
    pages.filter((p) => fold.get(p.file) === 1),
  ];
  const out: string[] = [
    `${pages.length} dev pages, ${pages.reduce((a, p) => a + p.candidates.length, 0)} page passages compared by meaning (${(ms / pages.length).toFixed(0)} ms/page with lexical matching and embedding)`,
  ];
  const report: Record<string, unknown> = {};
  const heldOut: string[] = [];
  const chosen: SemanticThresholds[] = [];
  for (const [tuneOn, reportOn] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const t = tune(folds[tuneOn]!, antonyms);
    chosen.push(t);
    const name = reportOn === 0 ? 'A' : 'B';
    out.push(`\nTuned on fold ${tuneOn === 0 ? 'A' : 'B'}: ${JSON.stringify(t)}`);
    const lexicalOnly = score(folds[reportOn]!, antonyms, null);
    const f = score(folds[reportOn]!, antonyms, t);
    out.push(
      ...lines(
        `fold ${name} (held out, ${folds[reportOn]!.length} pages), lexical only`,
        lexicalOnly,
      ),
    );
    out.push(...lines(`fold ${name} (held out), lexical + meaning`, f));
    report[`tunedOn${tuneOn === 0 ? 'A' : 'B'}`] = { thresholds: t, heldOut: f, lexicalOnly };
    heldOut.push(summaryRow(choice.name, name, f));
  }
  const strict = stricter(chosen[0]!, chosen[1]!);
  const shipped = choice.name.startsWith('shipped') || choice.name.startsWith('float');
  const all = score(pages, antonyms, shipped ? DEFAULT_THRESHOLDS : strict);
  out.push(
    shipped
      ? `\nShipped thresholds ${JSON.stringify(DEFAULT_THRESHOLDS)} on all dev pages:`
      : `\nThe stricter of the two folds' thresholds ${JSON.stringify(strict)} on all dev pages:`,
  );
  out.push(...lines('all dev pages, lexical + meaning', all));
  out.push(...lines('all dev pages, lexical only', score(pages, antonyms, null)));
  report.shipped = all;

  const demoLibrary = createLibrary(loadSources(join(ROOT, 'assets/demo/library')));
  const demo: Page[] = [];
  for (const p of demoPages(ROOT, demoLibrary)) {
    const text = loadPage(p.file, () => new Uint8Array()).article.text;
    const lexical = matchText(text, demoLibrary);
    const candidates = await semanticCandidates(text, demoLibrary, lexical, {
      allCandidates: true,
      encoder,
      antonyms,
      embeddingsOf,
      sources: crossSources(argv, text, demoLibrary, lexical),
    });
    demo.push({ ...p, group: p.file, negative: false, lexical, candidates });
  }
  const demoFigures = score(demo, antonyms, shipped ? DEFAULT_THRESHOLDS : strict);
  out.push(...lines('\ndemo pages (held out), lexical + meaning', demoFigures));
  report.demo = demoFigures;
  if (argv.includes('--why')) out.push(...diagnose(pages, antonyms));
  return { lines: out, report, heldOut };
}

/**
 * With --crosslingual: a page no lexical match ties to any source is compared with the one source
 * it shares the most rare names and numbers with (lib/semantic/anchors.ts), as a page translated
 * from it would; otherwise the stage's own choice.
 */
function crossSources(argv: string[], text: string, library: Library, lexical: Match[]) {
  if (!argv.includes('--crosslingual') || coveredSources(library, lexical).length > 0)
    return undefined;
  return anchoredSources(text, library);
}

/** One line of the side-by-side table. */
function summaryRow(model: string, fold: string, f: Figures): string {
  const kind = (k: string) => {
    const b = f.links[k]!;
    return b.total ? `${b.found}/${b.total}` : '-';
  };
  const precision = f.hits + f.wrong ? ((f.hits / (f.hits + f.wrong)) * 100).toFixed(1) : '-';
  return `${model} | ${fold} | ${kind('paraphrase')} | ${kind('variant')} | ${kind('crosslingual')} | ${precision}% | ${f.distractorsLinked}/${f.distractors} | ${f.negativeMatches} | ${f.semanticMatches}`;
}

/** For each gold link lexical matching misses: its closest candidate's similarity and what refused it. */
function diagnose(pages: Page[], antonyms: Antonyms): string[] {
  const out = ['\nLinks lexical matching misses, and the semantic candidate on their span:'];
  const open = { similarity: 0, bareSimilarity: 0, margin: -1, narrativeWords: 0 };
  for (const p of pages)
    for (const l of p.links) {
      if (p.lexical.some((m) => hits(m, l))) continue;
      const c = p.candidates.filter((c) => sharesHalf(c.pageText, l.pageSpan));
      if (c.length === 0) {
        out.push(`  [${l.kind}] no candidate: ${l.pageSpan.slice(0, 80)}`);
        continue;
      }
      for (const x of c) {
        const right =
          x.source.source.id === l.sourceId && x.target.start < l.end && l.start < x.target.end;
        out.push(
          `  [${l.kind}] sim ${x.similarity.toFixed(3)} runner-up ${x.runnerUp.toFixed(3)} ${right ? 'right' : 'WRONG'} unit; ${refuse(x, antonyms, open) ?? 'passes'} | ${x.pageText.slice(0, 70)} → ${x.sourceText.slice(0, 50)} [${x.pageSpeaker} / ${x.sourceSpeaker}]`,
        );
      }
    }
  const sims = pages.flatMap((p) =>
    p.candidates
      .filter((c) => !p.links.some((l) => sharesHalf(c.pageText, l.pageSpan)))
      .map((c) => c.similarity),
  );
  sims.sort((a, b) => b - a);
  out.push(
    `Unlabelled candidates: ${sims.length}, top similarities ${sims
      .slice(0, 15)
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  return out;
}

/** Page vectors kept between runs of this script (.cache/eval-semantic), keyed by model and text. */
function cachedEncoder(inner: SentenceEncoder): SentenceEncoder {
  const file = join(
    ROOT,
    '.cache/eval-semantic',
    `${createHash('sha256').update(inner.modelId).digest('hex').slice(0, 16)}.json`,
  );
  const memo = new Map<string, number[]>(
    existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [],
  );
  return {
    ...inner,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !memo.has(t)))];
      if (missing.length) {
        const got = await inner.embed(missing);
        missing.forEach((t, i) => memo.set(t, Array.from(got[i]!)));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify([...memo]));
      }
      return texts.map((t) => Float32Array.from(memo.get(t)!));
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
