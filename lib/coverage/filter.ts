/**
 * Filters over a coverage comparison, shared by the dashboard and anyone exporting a narrowed view:
 * by source, by cell kind, by outlet name or domain, and to the rows where something diverges.
 */
import type { CellKind, Coverage, CoverageCell, SourceCoverage } from './model';

/** What the user narrowed the view to; every field is optional. */
export interface CoverageFilter {
  /** Only this source. */
  sourceId?: string | null;
  /** Keep rows with at least one visible cell of these kinds (empty or absent: all rows). */
  kinds?: CellKind[];
  /** Case-insensitive text an outlet's name or one of its domains contains. */
  outlet?: string;
  /** Keep rows where a visible cell has a number divergence, a misattribution or a cut quote. */
  onlyDivergences?: boolean;
}

/** Whether a cell shows something a fact-checker would want to look at. */
export function cellDiverges(cell: CoverageCell): boolean {
  return cell.divergences.length > 0 || cell.misattributed || cell.cut;
}

/** Applies a filter: drops sources, columns and rows, keeping the matrix rectangular. */
export function filterCoverage(coverage: Coverage, filter: CoverageFilter): Coverage {
  const query = filter.outlet?.trim().toLowerCase() ?? '';
  const kinds = filter.kinds && filter.kinds.length > 0 ? new Set(filter.kinds) : null;
  const sources: SourceCoverage[] = [];
  for (const sc of coverage.sources) {
    if (filter.sourceId && sc.source.id !== filter.sourceId) continue;
    const colIdx = sc.columns
      .map((c, i) => ({ c, i }))
      .filter(
        ({ c }) =>
          query === '' ||
          c.name.toLowerCase().includes(query) ||
          c.domains.some((d) => d.includes(query)),
      )
      .map(({ i }) => i);
    const rowIdx = sc.rows
      .map((_, r) => r)
      .filter((r) => {
        const visible = colIdx.map((i) => sc.cells[r]![i]!);
        if (kinds && !visible.some((cell) => kinds.has(cell.kind))) return false;
        if (filter.onlyDivergences && !visible.some(cellDiverges)) return false;
        return true;
      });
    sources.push({
      source: sc.source,
      rows: rowIdx.map((r) => sc.rows[r]!),
      columns: colIdx.map((i) => sc.columns[i]!),
      cells: rowIdx.map((r) => colIdx.map((i) => sc.cells[r]![i]!)),
    });
  }
  return { sources, outlets: coverage.outlets };
}
