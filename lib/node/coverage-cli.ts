/**
 * The `sourcelight coverage` command: the dashboard's comparison for saved pages, in batch. Loads
 * every page (folders are searched for .html/.htm/.txt), runs the same core as the extension on
 * each, and prints the matrix as a table, CSV or JSON.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  buildCoverage,
  coverageToCsv,
  coverageToJson,
  type CellKind,
  type Coverage,
  type CoverageCell,
  type CoverageVisit,
  type SourceCoverage,
} from '../coverage/index';
import type { Library } from '../library';
import { ABSENT_LOOK, DIFFERS_LOOK, KIND_LOOK } from '../kinds';
import { UserError } from './files';
import { loadPage, reportPage } from './pages';

/** Usage lines of the command, for the CLI's help. */
export const COVERAGE_USAGE = `  sourcelight coverage <pages or folders...> [--sources <dir|file.json>] [--csv|--json]

Compares how each outlet rendered each source: rows are the source's quotes and key claims,
columns the outlets of the pages (pages of one outlet are merged by site name and domain).
  --csv             one line per row and outlet, for spreadsheets
  --json            the whole comparison as one JSON document
`;

/** Options the CLI parsed for the command. */
export interface CoverageCommand {
  paths: string[];
  library: Library;
  format: 'table' | 'csv' | 'json';
  stdin: () => Uint8Array;
}

const PAGE_FILE = /\.(?:html?|txt)$/i;

/** Expands folders (recursively) into their page files, in a stable order; files pass through. */
export function collectPages(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push(path);
      continue;
    }
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      throw new UserError(`${path}: no such file or folder`);
    }
    if (!stat.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = walk(path);
    if (found.length === 0)
      throw new UserError(`${path}: no .html, .htm or .txt pages in this folder`);
    files.push(...found);
  }
  return [...new Set(files)];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (PAGE_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * The visit of a saved page, as the extension would record it. A page with neither a site name
 * nor a URL is its own outlet, named after its file.
 */
export function visitFromFile(
  file: string,
  library: Library,
  stdin: () => Uint8Array,
): CoverageVisit {
  const page = loadPage(file, stdin);
  const report = reportPage(page, library);
  const { article } = page;
  const fallback = article.siteName || article.url ? null : basename(file).replace(PAGE_FILE, '');
  return {
    url: article.url,
    outlet: article.siteName ?? fallback,
    title: article.title,
    published: article.published,
    visitedAt: null,
    matches: report.matches,
    actors: report.actors.map((a) => a.name),
  };
}

/** Runs the command; returns what to print. */
export function runCoverage(cmd: CoverageCommand): string {
  const files = collectPages(cmd.paths);
  if (files.length === 0)
    throw new UserError('coverage: name at least one page or folder of pages');
  const visits = files.map((f) => visitFromFile(f, cmd.library, cmd.stdin));
  const coverage = buildCoverage(cmd.library, visits);
  if (cmd.format === 'csv') return coverageToCsv(coverage);
  if (cmd.format === 'json') return coverageToJson(coverage);
  return formatCoverage(coverage, files.length);
}

/** Table symbols (lib/kinds.ts); each is one column wide in a terminal. */
export const CELL_SYMBOL: Record<CellKind, string> = {
  verbatim: KIND_LOOK.verbatim.symbol,
  variant: KIND_LOOK.variant.symbol,
  paraphrase: KIND_LOOK.paraphrase.symbol,
  reuse: KIND_LOOK.reuse.symbol,
  absent: ABSENT_LOOK.symbol,
};

const LEGEND = `Legend: ${(['verbatim', 'variant', 'paraphrase', 'reuse'] as const)
  .map((k) => `${KIND_LOOK[k].symbol} ${KIND_LOOK[k].name.toLowerCase()}`)
  .join(
    '  ',
  )}  ${ABSENT_LOOK.symbol} absent  ${DIFFERS_LOOK.symbol} number/speaker differs  ✂ quote cut`;

function flag(cell: CoverageCell): string {
  if (cell.divergences.length > 0 || cell.misattributed) return '!';
  if (cell.cut) return '✂';
  return ' ';
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** The readable table: one matrix per source, a legend, and a summary per outlet. */
export function formatCoverage(coverage: Coverage, pageCount: number): string {
  const lines: string[] = [];
  if (coverage.sources.length === 0) {
    lines.push(`No page of the ${pageCount} read renders any of your sources.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(LEGEND, '');
  for (const sc of coverage.sources) lines.push(...formatSource(sc), '');
  return lines.join('\n');
}

function formatSource(sc: SourceCoverage): string[] {
  const { source } = sc;
  const lines = [
    `${source.title}${source.outlet ? ` (${source.outlet}${source.published ? `, ${source.published}` : ''})` : ''} [${source.id}]`,
  ];
  const width = Math.max(2, String(sc.columns.length).length) + 1;
  const idWidth = Math.max(...sc.rows.map((r) => shortId(r.id).length), 3);
  lines.push(
    `  ${'row'.padEnd(idWidth)} ${sc.columns
      .map((_, c) =>
        String(c + 1)
          .padStart(width - 1)
          .padEnd(width),
      )
      .join('')} text`,
  );
  sc.rows.forEach((row, r) => {
    const cells = sc.cells[r]!.map(
      (cell) => ' '.repeat(width - 2) + CELL_SYMBOL[cell.kind] + flag(cell),
    ).join('');
    const label = row.kind === 'quote' ? `“${clip(row.text, 70)}”` : clip(row.text, 72);
    lines.push(`  ${shortId(row.id).padEnd(idWidth)} ${cells} ${label}`);
  });
  lines.push('  Outlets:');
  sc.columns.forEach((col, c) => {
    const s = col.summary;
    const carried = `${s.carried}/${sc.rows.length} rows`;
    const head = `  ${String(c + 1).padStart(width - 1)} ${col.name}${col.domains.length ? ` (${col.domains.join(', ')})` : ''}`;
    lines.push(
      `${head}: ${carried}, faithfulness ${pct(s.faithfulness)}${col.published ? `, published ${col.published}` : ''}, ${col.pages.length} page${col.pages.length === 1 ? '' : 's'}`,
    );
    const note = (label: string, items: { unitId: string; detail: string }[]) => {
      if (items.length > 0)
        lines.push(
          `      ${label}: ${items.map((i) => `${shortId(i.unitId)} (${clip(i.detail, 60)})`).join('; ')}`,
        );
    };
    note('quotes cut', s.quotesCut);
    note(
      'quotes changed',
      s.quotesChanged.map((n) => ({ unitId: n.unitId, detail: n.pageText })),
    );
    note('other speaker', s.misattributed);
    note('numbers differ', s.numberDivergences);
    if (col.actors.length > 0) lines.push(`      names: ${col.actors.join(', ')}`);
  });
  return lines;
}

const shortId = (id: string) => id.slice(id.indexOf('#') + 1);
