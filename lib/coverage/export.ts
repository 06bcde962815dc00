/**
 * Exports of a coverage comparison: CSV (one line per source row and outlet, for spreadsheets) and
 * JSON (the whole comparison, for scripts). Pure functions returning strings; the dashboard turns
 * them into downloads and the CLI prints them.
 */
import type { Coverage } from './model';

/** Columns of the CSV export, in order. */
export const CSV_HEADER = [
  'source_id',
  'source_title',
  'row_id',
  'row_kind',
  'row_text',
  'outlet',
  'outlet_domains',
  'cell',
  'score',
  'page_text',
  'page_url',
  'speaker_page',
  'speaker_source',
  'misattributed',
  'cut',
  'divergences',
  'outlet_faithfulness',
] as const;

/**
 * Quotes one CSV field (RFC 4180). A field a spreadsheet would run as a formula (=, +, -, @ at the
 * start and not a plain number) gets a leading apostrophe, since page text is untrusted.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(?:\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const round = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Math.round(x * 1000) / 1000;

/** The comparison as CSV with a header line; absent cells are listed too, so the file is the full matrix. */
export function coverageToCsv(coverage: Coverage): string {
  const lines = [CSV_HEADER.join(',')];
  for (const sc of coverage.sources) {
    sc.rows.forEach((row, r) => {
      sc.columns.forEach((col, c) => {
        const cell = sc.cells[r]![c]!;
        const m = cell.match;
        lines.push(
          [
            sc.source.id,
            sc.source.title,
            row.id,
            row.kind,
            row.text,
            col.name,
            col.domains.join(' '),
            cell.kind,
            round(m?.score),
            m?.pageText,
            cell.pageUrl,
            m?.speaker?.page,
            m?.speaker?.source,
            cell.misattributed,
            cell.cut,
            cell.divergences.map((d) => `${d.what}: ${d.page} vs ${d.source}`).join('; '),
            round(col.summary.faithfulness),
          ]
            .map(csvField)
            .join(','),
        );
      });
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The comparison as a JSON document with a format version, for scripts that read it back. */
export function coverageToJson(coverage: Coverage): string {
  return `${JSON.stringify({ format: 'sourcelight-coverage', version: 1, ...coverage }, null, 2)}\n`;
}
