import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { CSV_HEADER, type SourceCoverage } from '../../lib/coverage/index';
import { describeShared, sharedPath } from '../helpers/shared';

/** Runs the CLI in-process and captures what it prints. */
const run = (args: string[]) => runCli(args);

const tmp = mkdtempSync(join(tmpdir(), 'sourcelight-coverage-'));
const DEMO_PAGES = join(import.meta.dirname, '../../assets/demo/pages');

describe('coverage command: input errors', () => {
  it('says in one line when a folder holds no pages', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.md'), '# not a page');
    const r = await run(['coverage', empty]);
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/empty: no \.html, \.htm or \.txt pages/);
  });

  it('names a missing path and refuses two output formats', async () => {
    const missing = await run(['coverage', join(tmp, 'nowhere')]);
    expect(missing.err).toMatch(/nowhere: no such file or folder/);
    const both = await run(['coverage', DEMO_PAGES, '--csv', '--json']);
    expect(both.code).not.toBe(0);
    expect(both.err).toMatch(/choose one of --csv and --json/);
    const none = await run(['coverage']);
    expect(none.err).toMatch(/name at least one page or folder/);
  });

  it('tells the user when no page renders a source', async () => {
    const page = join(tmp, 'plain.txt');
    writeFileSync(page, 'A note about the weather in a town nobody has written about.\n');
    const r = await run(['coverage', page]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No page of the 1 read renders any of your sources/);
  });
});

describe('coverage command on the demo pages (default library)', () => {
  it('prints a matrix per source with a legend and one column per outlet', async () => {
    const r = await run(['coverage', DEMO_PAGES]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Legend: ✓ verbatim quote');
    // The unrelated page renders nothing, so it is nobody's column.
    expect(r.out).not.toContain('Harwick Gazette');
    expect(r.out).toContain('The Northgate Post');
  });

  it('writes JSON that names the outlets by site name and CSV with the full matrix', async () => {
    const json = JSON.parse((await run(['coverage', DEMO_PAGES, '--json'])).out);
    const sources: SourceCoverage[] = json.sources;
    expect(sources.length).toBeGreaterThan(0);
    const outletNames = new Set(sources.flatMap((s) => s.columns.map((c) => c.name)));
    expect(outletNames.has('The Northgate Post')).toBe(true);
    const csv = (await run(['coverage', DEMO_PAGES, '--csv'])).out.trimEnd().split('\r\n');
    expect(csv[0]).toBe(CSV_HEADER.join(','));
    expect(csv.length - 1).toBe(sources.reduce((n, s) => n + s.rows.length * s.columns.length, 0));
  });
});

interface GoldLink {
  unit: string;
  kind: string;
}
interface GoldPage {
  page: string;
  outlet: string;
  links: GoldLink[];
}
interface Unit {
  id: string;
  seed: string;
  start: number;
  end: number;
}

describeShared('coverage command on coverage-dev pages', () => {
  const pagesDir = () => sharedPath('fixtures/coverage-dev/pages');

  it('merges the two NewsX pages into one outlet and lists every page read', async () => {
    const r = await run(['coverage', pagesDir(), '--sources', sharedPath('corpus'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const newsx = json.outlets.filter((o: { name: string }) => o.name === 'NewsX');
    expect(newsx).toHaveLength(1);
    // 40 pages, 39 site names: only NewsX has two pages.
    expect(json.outlets).toHaveLength(39);
  });

  it('puts each match in the row of the source passage it renders, and measures agreement with the hand labels', async () => {
    const json = JSON.parse(
      (await run(['coverage', pagesDir(), '--sources', sharedPath('corpus'), '--json'])).out,
    );
    const units = JSON.parse(readFileSync(sharedPath('fixtures/coverage-dev/units.json'), 'utf8'));
    const files: Record<string, string> = units.files;
    const allUnits: Unit[] = [...units.quotes, ...units.sentences];
    const gold: GoldPage[] = readFileSync(sharedPath('fixtures/coverage-dev/gold.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
    let cells = 0;
    let labelled = 0;
    let agreeing = 0;
    let linksOnRows = 0;
    let linksFound = 0;
    for (const sc of json.sources as SourceCoverage[]) {
      const seed = Object.keys(files).find((k) => files[k]!.replace(/\.txt$/, '') === sc.source.id);
      sc.rows.forEach((row, r) => {
        // Hand-labelled units that this row stands for (same kind, overlapping range).
        const rowUnits = allUnits.filter(
          (u) =>
            u.seed === seed &&
            u.start < row.end &&
            u.end > row.start &&
            /-Q\d/.test(u.id) === (row.kind === 'quote'),
        );
        sc.columns.forEach((col, c) => {
          const cell = sc.cells[r]![c]!;
          const pages = gold.filter((g) => col.pages.some((p) => samePage(g, p.url)));
          const links = pages
            .flatMap((g) => g.links)
            .filter((l) => rowUnits.some((u) => u.id === l.unit) && l.kind !== 'crosslingual');
          if (links.length > 0) {
            linksOnRows++;
            if (cell.kind !== 'absent') linksFound++;
          }
          if (cell.kind === 'absent' || !cell.match) return;
          cells++;
          // Structural: the match behind a cell overlaps the row it sits in.
          expect(
            Math.min(cell.match.sourceEnd, row.end) > Math.max(cell.match.sourceStart, row.start),
          ).toBe(true);
          if (rowUnits.length > 0) {
            labelled++;
            if (links.length > 0) agreeing++;
          }
        });
      });
    }
    expect(cells).toBeGreaterThan(0);
    console.log(
      `coverage-dev matrix: ${cells} filled cells; ${agreeing}/${labelled} filled cells on labelled rows have a hand link ` +
        `(precision ${(agreeing / Math.max(1, labelled)).toFixed(2)}); ${linksFound}/${linksOnRows} labelled (row, outlet) pairs filled ` +
        `(recall ${(linksFound / Math.max(1, linksOnRows)).toFixed(2)})`,
    );
  });
});

/** Whether a gold page is the page at `url` (gold carries the page's own URL). */
function samePage(g: GoldPage & { url?: string }, url: string | null): boolean {
  if (!url || !g.url) return false;
  const norm = (u: string) => u.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
  return norm(g.url) === norm(url);
}
