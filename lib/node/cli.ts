/**
 * The `sourcelight` command line. `main()` takes its arguments and streams as parameters and
 * returns the exit code, so tests run it in-process.
 */
import { readFileSync } from 'node:fs';
import { KIND_LOOK } from '../kinds';
import { createLibrary, type Library } from '../library';
import type { Match, PageReport } from '../types';
import { COVERAGE_USAGE, runCoverage } from './coverage-cli';
import { UserError } from './files';
import { IMPORT_USAGE, runImportDryRun } from './import-cli';
import { DEMO_LIBRARY_DIR, loadSourcesFrom } from './load-sources';
import { loadPage, reportPage } from './pages';
import { nodeSemanticSession, withMeaning } from './semantic';
import { statusWords } from '../semantic/session';

/** Where the CLI writes and reads; replaced in tests. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: () => Uint8Array;
}

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stdin: () => readFileSync(0),
};

const USAGE = `Usage:
  sourcelight match <page.html|page.txt|-> [more pages...] [--sources <dir|file.json>] [--json]

Finds the passages of each page that come from your source articles, and the actors they name.
  --sources <path>  a folder of .txt files (with optional sources.json), a JSON file of sources,
                    or a team's CouchDB database (https://host:port/database; credentials in
                    SOURCELIGHT_SYNC_USER and SOURCELIGHT_SYNC_PASSWORD);
                    default: the demo library that ships with Sourcelight
  --json            one JSON document per page (JSON Lines for several pages)
  --meaning         also link passages through meaning (the sentence model of npm run model;
                    without it, a one-line notice and word matching only)
  -h, --help        this help

${COVERAGE_USAGE}
${IMPORT_USAGE}`;

interface Parsed {
  command: string | null;
  pages: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['--sources']);
const BOOL_FLAGS = new Set(['--json', '--csv', '--meaning', '--help', '-h', '--dry-run']);

function parseArgs(argv: string[]): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--') && arg.includes('=')) {
      const [name, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
      if (!VALUE_FLAGS.has(name))
        throw new UserError(`unknown option ${name} (see sourcelight --help)`);
      flags.set(name, value);
    } else if (VALUE_FLAGS.has(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new UserError(`${arg} needs a value`);
      flags.set(arg, value);
    } else if (BOOL_FLAGS.has(arg)) {
      flags.set(arg, true);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UserError(`unknown option ${arg} (see sourcelight --help)`);
    } else {
      positional.push(arg);
    }
  }
  return { command: positional[0] ?? null, pages: positional.slice(1), flags };
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.has('--help') || args.flags.has('-h') || args.command === null) {
      io.out(USAGE);
      return args.command === null && !args.flags.has('--help') && !args.flags.has('-h') ? 2 : 0;
    }
    if (args.command === 'coverage') {
      if (args.flags.has('--csv') && args.flags.has('--json'))
        throw new UserError('coverage: choose one of --csv and --json');
      const from = args.flags.get('--sources');
      io.out(
        runCoverage({
          paths: args.pages,
          library: createLibrary(
            await loadSourcesFrom(typeof from === 'string' ? from : DEMO_LIBRARY_DIR),
          ),
          format: args.flags.has('--csv') ? 'csv' : args.flags.has('--json') ? 'json' : 'table',
          stdin: io.stdin,
        }),
      );
      return 0;
    }
    if (args.command === 'import') {
      io.out(runImportDryRun(args.pages, args.flags.has('--dry-run')));
      return 0;
    }
    if (args.command !== 'match')
      throw new UserError(`unknown command "${args.command}" (see sourcelight --help)`);
    if (args.pages.length === 0)
      throw new UserError(
        'match: name at least one page (a .html or .txt file, or - for standard input)',
      );
    const sourcesPath = args.flags.get('--sources');
    const library = createLibrary(
      await loadSourcesFrom(typeof sourcesPath === 'string' ? sourcesPath : DEMO_LIBRARY_DIR),
    );
    const json = args.flags.has('--json');
    const meaning = args.flags.has('--meaning') ? nodeSemanticSession() : null;
    let warned = false;
    for (const file of args.pages) {
      const page = loadPage(file, io.stdin);
      const report = reportPage(page, library);
      if (meaning) {
        report.matches = await withMeaning(meaning, page.article.text, library, report.matches);
        if (meaning.status().state === 'unavailable' && !warned) {
          warned = true;
          io.err(`sourcelight: ${statusWords(meaning.status())}\n`);
        }
      }
      io.out(
        json
          ? `${JSON.stringify(toJson(page.file, report))}\n`
          : formatReport(page.file, report, library),
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`sourcelight: ${e.message}\n`);
      return 2;
    }
    // A fault of ours, not of the input: still one line, never a stack trace.
    io.err(`sourcelight: internal error: ${oneLine(e)} (please report this)\n`);
    return 1;
  }
}

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .slice(0, 300);
}

/** The CLI's JSON document for one page: the contract other tools rely on. */
export function toJson(file: string, report: PageReport) {
  return {
    file,
    page: report.page,
    matches: report.matches.map((m: Match) => ({
      kind: m.kind,
      pageText: m.pageText,
      sourceId: m.sourceId,
      sourceStart: m.sourceStart,
      sourceEnd: m.sourceEnd,
      sourceText: m.sourceText,
      score: round(m.score),
      speaker: m.speaker,
      divergences: m.divergences,
      ...(m.via ? { via: m.via } : {}),
    })),
    actors: report.actors.map((a) => ({
      name: a.name,
      type: a.type,
      role: a.role,
      sourceIds: a.sourceIds,
      mentions: a.mentions,
    })),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

const KIND_WORDS: Record<Match['kind'], string> = {
  verbatim: KIND_LOOK.verbatim.name.toLowerCase(),
  variant: KIND_LOOK.variant.name.toLowerCase(),
  paraphrase: KIND_LOOK.paraphrase.name.toLowerCase(),
  reuse: KIND_LOOK.reuse.name.toLowerCase(),
};

function clip(s: string, n = 100): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/** The human-readable report for one page. */
export function formatReport(file: string, report: PageReport, library: Library): string {
  const lines: string[] = [];
  const { page } = report;
  lines.push(`${file}${page.title ? `: ${page.title}` : ''}`);
  if (!page.isArticle)
    lines.push('  (this page does not look like an article; results may be thin)');
  if (report.matches.length === 0) lines.push('  No passage from your sources.');
  else
    lines.push(
      `  ${report.matches.length} passage${report.matches.length === 1 ? '' : 's'} from your sources:`,
    );
  for (const m of report.matches) {
    const src = library.byId.get(m.sourceId)?.source;
    lines.push(
      `  • ${KIND_WORDS[m.kind]}${m.via ? ' through meaning only' : ''} (${Math.round(m.score * 100)}%): “${clip(m.pageText)}”`,
    );
    lines.push(
      `      from ${src?.outlet ? `${src.outlet}, ` : ''}“${clip(src?.title ?? m.sourceId, 70)}” [${m.sourceId}:${m.sourceStart}-${m.sourceEnd}]`,
    );
    if (
      m.sourceText.replace(/\W+/g, ' ').toLowerCase() !==
      m.pageText.replace(/\W+/g, ' ').toLowerCase()
    ) {
      lines.push(`      source: “${clip(m.sourceText)}”`);
    }
    if (m.speaker.page || m.speaker.source) {
      lines.push(
        `      speaker: page ${m.speaker.page ?? '?'} / source ${m.speaker.source ?? '?'}`,
      );
    }
    for (const d of m.divergences)
      lines.push(`      ⚠ ${d.what}: page “${d.page}”, source “${d.source}”`);
  }
  if (report.actors.length > 0) {
    lines.push(
      `  Actors: ${report.actors.map((a) => `${a.name} (${a.mentions.length})`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
