/**
 * The coverage matrix of one source: rows are the source's quotes and claims, columns the outlets,
 * each cell coloured and marked by how the outlet rendered the row. An ARIA grid: the matrix is one
 * Tab stop, arrow keys (and Home / End, Ctrl+Home / Ctrl+End) move between cells, and pointing at,
 * focusing or clicking a cell reports it so its details open next to it.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CoverageCell, SourceCoverage } from '../../lib/coverage/index';
import { KIND_STYLE } from './kinds';

/** A cell the user points at. */
export interface CellRef {
  sourceId: string;
  row: number;
  column: number;
}

/** Whether a cell needs a fact-checker's look: a number, the speaker or the length of the quote differs. */
const flagged = (cell: CoverageCell) =>
  cell.divergences.length > 0 || cell.misattributed || cell.cut;

/** Plain-words description of a cell, for its tooltip and screen readers. */
export function describeCell(sc: SourceCoverage, row: number, column: number): string {
  const cell = sc.cells[row]![column]!;
  const parts = [`${sc.columns[column]!.name}: ${KIND_STYLE[cell.kind].label}`];
  if (cell.match?.via === 'meaning') parts.push('linked through meaning only');
  if (cell.cut) parts.push('quote cut');
  if (cell.misattributed) parts.push('attributed to someone else');
  for (const d of cell.divergences) parts.push(`${d.what}: ${d.page} vs ${d.source}`);
  return parts.join('; ');
}

/** Props of the heat map. */
export interface HeatMapProps {
  coverage: SourceCoverage;
  selected: CellRef | null;
  onSelect: (cell: CellRef) => void;
  /** Escape in the grid: close the details. */
  onClear: () => void;
}

/** The cell a key moves to from (row, column) in a rows × columns grid; null for other keys. */
export function gridStep(
  key: string,
  ctrl: boolean,
  at: { row: number; column: number },
  rows: number,
  columns: number,
): { row: number; column: number } | null {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowRight':
      return { row: at.row, column: clamp(at.column + 1, columns) };
    case 'ArrowLeft':
      return { row: at.row, column: clamp(at.column - 1, columns) };
    case 'ArrowDown':
      return { row: clamp(at.row + 1, rows), column: at.column };
    case 'ArrowUp':
      return { row: clamp(at.row - 1, rows), column: at.column };
    case 'Home':
      return ctrl ? { row: 0, column: 0 } : { row: at.row, column: 0 };
    case 'End':
      return ctrl ? { row: rows - 1, column: columns - 1 } : { row: at.row, column: columns - 1 };
    default:
      return null;
  }
}

/** Renders the matrix of one source. */
export function HeatMap({ coverage: sc, selected, onSelect, onClear }: HeatMapProps) {
  const mine = selected?.sourceId === sc.source.id ? selected : null;
  // The one cell in the Tab order: the last one visited, else the first.
  const [active, setActive] = useState({ row: 0, column: 0 });
  const moved = useRef(false);
  const table = useRef<HTMLTableElement>(null);
  const at = {
    row: Math.min(active.row, sc.rows.length - 1),
    column: Math.min(active.column, sc.columns.length - 1),
  };
  // Focus follows the arrow keys as soon as the new cell is rendered.
  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    table.current?.querySelector<HTMLElement>(`[data-cell="${at.row}:${at.column}"]`)?.focus();
  });
  const select = (row: number, column: number) => {
    setActive({ row, column });
    onSelect({ sourceId: sc.source.id, row, column });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      onClear();
      return;
    }
    const next = gridStep(e.key, e.ctrlKey || e.metaKey, at, sc.rows.length, sc.columns.length);
    if (!next) return;
    e.preventDefault();
    moved.current = true;
    select(next.row, next.column);
  };
  return (
    <table
      ref={table}
      class="matrix"
      role="grid"
      data-testid="coverage-matrix"
      data-source-id={sc.source.id}
      aria-label={`How each outlet rendered “${sc.source.title}”`}
      onKeyDown={onKeyDown}
    >
      <thead>
        <tr>
          <th scope="col" class="row-head">
            Source quote or claim
          </th>
          {sc.columns.map((col) => (
            <th
              key={col.id}
              scope="col"
              class="col-label"
              data-testid="coverage-column"
              title={`${col.name}${col.domains.length ? ` (${col.domains.join(', ')})` : ''}`}
            >
              <span>{col.name}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sc.rows.map((row, r) => (
          <tr key={row.id}>
            <th scope="row" class={`row-label ${row.kind}`}>
              {row.kind === 'quote' ? `“${row.text}”` : row.text}
            </th>
            {sc.cells[r]!.map((cell, c) => {
              const style = KIND_STYLE[cell.kind];
              const isSelected = mine?.row === r && mine.column === c;
              const label = describeCell(sc, r, c);
              return (
                <td
                  key={c}
                  class={`cell${isSelected ? ' selected' : ''}`}
                  role="gridcell"
                  tabIndex={at.row === r && at.column === c ? 0 : -1}
                  aria-label={label}
                  aria-selected={isSelected}
                  title={label}
                  data-cell={`${r}:${c}`}
                  data-testid="coverage-cell"
                  data-row-id={row.id}
                  data-outlet={sc.columns[c]!.name}
                  data-kind={cell.kind}
                  data-flagged={flagged(cell) ? 'true' : 'false'}
                  onMouseEnter={() => select(r, c)}
                  onFocus={() => select(r, c)}
                >
                  <span class="box" style={{ background: style.fill, color: style.ink }}>
                    {style.symbol}
                    {flagged(cell) && <span class="flag" />}
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
