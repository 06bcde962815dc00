/**
 * The coverage comparison: for each source article, which outlet carried which of its quotes and
 * key claims, and how faithfully. Pure: it takes the sources and the page visits (recorded by the
 * extension's background, or built by the CLI from saved pages) and returns plain data that the
 * dashboard draws, the CLI prints and the exporters write.
 */
import { sameNamed } from '../actors/same-name';
import type { Library } from '../library';
import { tokenize } from '../text/normalize';
import type { Divergence, MatchKind, Source, Speaker } from '../types';
import { identifyOutlets, type OutletIdentity } from './outlet';
import { sourceUnits, type SourceUnit } from './units';

/** One match as a visit records it: `Match` without page offsets, with optional details. */
export interface CoverageMatch {
  kind: MatchKind;
  sourceId: string;
  sourceStart: number;
  sourceEnd: number;
  pageText: string;
  sourceText?: string;
  score: number;
  speaker?: Speaker | null;
  divergences?: Divergence[];
  /** Set when the link was made through meaning only (the sentence model). */
  via?: 'meaning';
}

/**
 * One page the user read (or the CLI loaded), with what matching found on it. Structurally the
 * page visit the background stores, so the dashboard can pass visits through unchanged.
 */
export interface CoverageVisit {
  url: string | null;
  host?: string | null;
  /** Site name metadata of the page. */
  outlet?: string | null;
  title?: string | null;
  published?: string | null;
  /** When the user read it: epoch milliseconds or an ISO string. */
  visitedAt?: number | string | null;
  matches: CoverageMatch[];
  /** Actors the page names: canonical names, or actor hits with a `name`. */
  actors?: (string | { name: string })[];
}

/** What a cell shows: the best rendering of the row in the outlet's pages, or none. */
export type CellKind = MatchKind | 'absent';

/** Strength order of cell kinds: a verbatim rendering outranks a variant, and so on. */
export const KIND_RANK: Record<CellKind, number> = {
  verbatim: 4,
  variant: 3,
  paraphrase: 2,
  reuse: 1,
  absent: 0,
};

/** One cell of the matrix. */
export interface CoverageCell {
  kind: CellKind;
  /** The match behind the cell; null when absent. */
  match: CoverageMatch | null;
  /** URL of the page the match is on. */
  pageUrl: string | null;
  /** A quote carried only in part (a strict part of the source quote). */
  cut: boolean;
  /** The page gives the words to someone else than the source does. */
  misattributed: boolean;
  divergences: Divergence[];
  /** This cell's part in the outlet's faithfulness (see `cellFaithfulness`); null when absent. */
  faithfulness: number | null;
}

/** A page of an outlet, as listed in its column. */
export interface OutletPage {
  url: string | null;
  title: string | null;
  published: string | null;
  visitedAt: number | string | null;
}

/** A finding about one row in one outlet, for the per-outlet summary. */
export interface RowNote {
  unitId: string;
  pageText: string;
  detail: string;
}

/** What one outlet did with one source. */
export interface OutletSummary {
  /** Rows rendered in any way. */
  carried: number;
  counts: Record<CellKind, number>;
  /** Quotes carried only in part. */
  quotesCut: RowNote[];
  /** Quotes carried reworded (variant). */
  quotesChanged: RowNote[];
  /** Quotes or claims given to another speaker. */
  misattributed: RowNote[];
  /** Numbers and dates that differ from the source. */
  numberDivergences: RowNote[];
  /**
   * Mean of `cellFaithfulness` over the rows the outlet carried, in [0, 1]; null when it carried
   * none. It says how faithfully, not how much: see `carried` for how much.
   */
  faithfulness: number | null;
}

/** A column: one outlet and its pages that render this source. */
export interface OutletColumn extends OutletIdentity {
  pages: OutletPage[];
  /** Earliest publication date its pages give, as given. */
  published: string | null;
  /** Actors its pages name, most named first. */
  actors: string[];
  summary: OutletSummary;
}

/** The matrix of one source. */
export interface SourceCoverage {
  source: Omit<Source, 'text'>;
  rows: SourceUnit[];
  columns: OutletColumn[];
  /** `cells[row][column]`. */
  cells: CoverageCell[][];
}

/** The whole comparison. */
export interface Coverage {
  sources: SourceCoverage[];
  /** Every outlet seen in the visits, including those that matched no source. */
  outlets: OutletIdentity[];
}

/** Options for `buildCoverage`. */
export interface CoverageOptions {
  /** Also list sources no visited page rendered (an empty matrix each). Default false. */
  includeUnmatched?: boolean;
}

/**
 * Builds the comparison. Columns of a source are the outlets with at least one page rendering it;
 * rows are its quotes and key claims plus any other sentence a page rendered.
 */
export function buildCoverage(
  sources: Source[] | Library,
  visits: CoverageVisit[],
  options: CoverageOptions = {},
): Coverage {
  const list = Array.isArray(sources) ? sources : sources.sources.map((p) => p.source);
  const identities = identifyOutlets(
    visits.map((v) => ({ siteName: v.outlet ?? null, url: v.url ?? v.host ?? null })),
  );
  const outlets = [...new Map(identities.map((o) => [o.id, o])).values()];
  const result: SourceCoverage[] = [];
  for (const source of list) {
    const touching = visits
      .map((visit, i) => ({
        visit,
        outlet: identities[i]!,
        matches: visit.matches.filter((m) => m.sourceId === source.id),
      }))
      .filter((v) => v.matches.length > 0);
    if (touching.length === 0 && !options.includeUnmatched) continue;
    const rows = sourceUnits(
      source,
      touching.flatMap((v) => v.matches.map((m) => ({ start: m.sourceStart, end: m.sourceEnd }))),
    );
    const quoteRanges = rows.filter((r) => r.kind === 'quote');
    const columnOrder = [...new Map(touching.map((v) => [v.outlet.id, v.outlet])).values()];
    const columns: OutletColumn[] = [];
    const cellsByColumn: CoverageCell[][] = [];
    for (const outlet of columnOrder) {
      const mine = touching.filter((v) => v.outlet.id === outlet.id);
      const cells = rows.map((row) => bestCell(source, row, quoteRanges, mine));
      cellsByColumn.push(cells);
      columns.push({
        ...outlet,
        pages: mine.map(({ visit }) => ({
          url: visit.url ?? null,
          title: visit.title ?? null,
          published: visit.published ?? null,
          visitedAt: visit.visitedAt ?? null,
        })),
        published: earliest(mine.map((v) => v.visit.published ?? null)),
        actors: rankActors(mine.flatMap((v) => v.visit.actors ?? [])),
        summary: summarize(rows, cells),
      });
    }
    const { text: _text, ...meta } = source;
    result.push({
      source: meta,
      rows,
      columns,
      cells: rows.map((_, r) => cellsByColumn.map((col) => col[r]!)),
    });
  }
  return { sources: result, outlets };
}

/** The strongest rendering of a row among an outlet's pages. */
function bestCell(
  source: Source,
  row: SourceUnit,
  quotes: SourceUnit[],
  pages: { visit: CoverageVisit; matches: CoverageMatch[] }[],
): CoverageCell {
  let best: { match: CoverageMatch; url: string | null } | null = null;
  for (const { visit, matches } of pages) {
    for (const m of matches) {
      if (!renders(m, row, quotes)) continue;
      if (
        !best ||
        KIND_RANK[m.kind] > KIND_RANK[best.match.kind] ||
        (m.kind === best.match.kind && m.score > best.match.score)
      ) {
        best = { match: m, url: visit.url ?? null };
      }
    }
  }
  if (!best)
    return {
      kind: 'absent',
      match: null,
      pageUrl: null,
      cut: false,
      misattributed: false,
      divergences: [],
      faithfulness: null,
    };
  const m = best.match;
  const cut =
    row.kind === 'quote' &&
    (m.kind === 'verbatim' || m.kind === 'variant') &&
    coveredWords(source.text, row, m) < row.words;
  const misattributed = differentSpeakers(m.speaker);
  const divergences = m.divergences ?? [];
  const cell: CoverageCell = {
    kind: m.kind,
    match: m,
    pageUrl: best.url,
    cut,
    misattributed,
    divergences,
    faithfulness: null,
  };
  cell.faithfulness = cellFaithfulness(cell);
  return cell;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Whether a match renders a row. A quote row takes any match on at least half of it, or lying
 * mostly inside it (a trimmed quote). A sentence row takes matches on its own (unquoted) words:
 * half of them, or a passage lying inside them; a match on a quote within the sentence belongs to
 * the quote's row, not to the sentence's.
 */
function renders(m: CoverageMatch, row: SourceUnit, quotes: SourceUnit[]): boolean {
  const len = Math.max(1, m.sourceEnd - m.sourceStart);
  const ov = overlap(m.sourceStart, m.sourceEnd, row.start, row.end);
  if (ov === 0) return false;
  if (row.kind === 'quote') return ov * 2 >= row.end - row.start || ov * 2 >= len;
  const inside = quotes.filter((q) => q.start < row.end && q.end > row.start);
  const quotedInRow = inside.reduce((n, q) => n + overlap(q.start, q.end, row.start, row.end), 0);
  const quotedInMatch = inside.reduce(
    (n, q) =>
      n +
      overlap(q.start, q.end, Math.max(row.start, m.sourceStart), Math.min(row.end, m.sourceEnd)),
    0,
  );
  const free = row.end - row.start - quotedInRow;
  const ownOverlap = ov - quotedInMatch;
  if (free <= 0) return ov * 2 >= row.end - row.start;
  return ownOverlap * 2 >= free || (ownOverlap >= 20 && ownOverlap >= 0.6 * len);
}

function coveredWords(text: string, row: SourceUnit, m: CoverageMatch): number {
  const from = Math.max(row.start, m.sourceStart);
  const to = Math.min(row.end, m.sourceEnd);
  if (to <= from) return 0;
  return tokenize(text, from, to).filter((t) => t.start >= from).length;
}

/**
 * Whether page and source name different speakers. Names agree when the shorter one's words are
 * all in the longer one ("Khamenei" and "Ayatollah Ali Khamenei"), spelled alike by the actors'
 * transliteration rule ("Haltursunov" and "Khaltursunov"); unknown on either side agrees.
 */
export function differentSpeakers(speaker: Speaker | null | undefined): boolean {
  if (!speaker?.page || !speaker.source) return false;
  const a = tokenize(speaker.page);
  const b = tokenize(speaker.source);
  if (a.length === 0 || b.length === 0) return false;
  return !sameNamed(speaker.page, speaker.source);
}

/**
 * A carried row's contribution to faithfulness: verbatim 1; variant and reuse 0.5 + 0.5 × match
 * score (mostly the source's words); paraphrase 0.5 (the claim survives, the wording does not).
 * Halved when a number or date diverges, and halved again when the words go to another speaker.
 */
export function cellFaithfulness(
  cell: Pick<CoverageCell, 'kind' | 'match' | 'divergences' | 'misattributed'>,
): number | null {
  if (cell.kind === 'absent' || !cell.match) return null;
  const score = Math.min(1, Math.max(0, cell.match.score));
  let f = cell.kind === 'verbatim' ? 1 : cell.kind === 'paraphrase' ? 0.5 : 0.5 + 0.5 * score;
  if (cell.divergences.length > 0) f *= 0.5;
  if (cell.misattributed) f *= 0.5;
  return f;
}

function summarize(rows: SourceUnit[], cells: CoverageCell[]): OutletSummary {
  const counts: Record<CellKind, number> = {
    verbatim: 0,
    variant: 0,
    paraphrase: 0,
    reuse: 0,
    absent: 0,
  };
  const summary: OutletSummary = {
    carried: 0,
    counts,
    quotesCut: [],
    quotesChanged: [],
    misattributed: [],
    numberDivergences: [],
    faithfulness: null,
  };
  let total = 0;
  cells.forEach((cell, i) => {
    const row = rows[i]!;
    counts[cell.kind]++;
    if (!cell.match) return;
    summary.carried++;
    total += cell.faithfulness ?? 0;
    const note = (detail: string): RowNote => ({
      unitId: row.id,
      pageText: cell.match!.pageText,
      detail,
    });
    if (cell.cut) summary.quotesCut.push(note(`${row.words} words in the source`));
    if (row.kind === 'quote' && cell.kind === 'variant')
      summary.quotesChanged.push(note(`source: ${row.text}`));
    if (cell.misattributed)
      summary.misattributed.push(
        note(`page: ${cell.match.speaker?.page}; source: ${cell.match.speaker?.source}`),
      );
    for (const d of cell.divergences)
      summary.numberDivergences.push(note(`${d.what}: ${d.page} vs ${d.source}`));
  });
  summary.faithfulness = summary.carried > 0 ? total / summary.carried : null;
  return summary;
}

/** Earliest of some dates as given; ISO-like strings compare in time order. */
function earliest(dates: (string | null)[]): string | null {
  const known = dates.filter((d): d is string => !!d && d.trim() !== '');
  if (known.length === 0) return null;
  return known.reduce((a, b) => (toTime(b) < toTime(a) ? b : a));
}

function toTime(date: string): number {
  const t = Date.parse(date);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

function rankActors(actors: (string | { name: string })[]): string[] {
  const counts = new Map<string, number>();
  for (const a of actors) {
    const name = typeof a === 'string' ? a : a?.name;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([n]) => n);
}
