/**
 * The coverage matrix of one source as an SVG heat map: rows are the source's quotes and claims,
 * columns the outlets, each cell coloured and marked by how the outlet rendered the row. Cells are
 * focusable; hovering or focusing one reports it so the detail panel can show the wording and diff.
 */
import type { CoverageCell, SourceCoverage } from '../../lib/coverage/index';
import { DIVERGENCE_COLOUR, KIND_STYLE } from './kinds';

/** A cell the user points at. */
export interface CellRef {
  sourceId: string;
  row: number;
  column: number;
}

const CELL = 30;
const GAP = 2;
const LABEL_WIDTH = 400;
const HEADER_HEIGHT = 130;
const LABEL_CHARS = 54;

const clip = (s: string, n: number) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

/** Whether a cell needs a fact-checker's look: a number, the speaker or the length of the quote differs. */
const flagged = (cell: CoverageCell) =>
  cell.divergences.length > 0 || cell.misattributed || cell.cut;

/** Plain-words description of a cell, for its tooltip and screen readers. */
export function describeCell(sc: SourceCoverage, row: number, column: number): string {
  const cell = sc.cells[row]![column]!;
  const parts = [`${sc.columns[column]!.name}: ${KIND_STYLE[cell.kind].label}`];
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
}

/** Renders the matrix of one source. */
export function HeatMap({ coverage: sc, selected, onSelect }: HeatMapProps) {
  // Room on the right for the last column's slanted name.
  const width = LABEL_WIDTH + sc.columns.length * (CELL + GAP) + 120;
  const height = HEADER_HEIGHT + sc.rows.length * (CELL + GAP) + 4;
  const select = (row: number, column: number) => onSelect({ sourceId: sc.source.id, row, column });
  return (
    <svg
      class="heatmap"
      data-testid="coverage-matrix"
      data-source-id={sc.source.id}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="grid"
      aria-label={`How each outlet rendered “${sc.source.title}”`}
    >
      {sc.columns.map((col, c) => {
        const x = LABEL_WIDTH + c * (CELL + GAP) + CELL / 2;
        return (
          <text
            key={col.id}
            class="col-label"
            transform={`translate(${x + 4}, ${HEADER_HEIGHT - 6}) rotate(-55)`}
            data-testid="coverage-column"
          >
            <title>{`${col.name}${col.domains.length ? ` (${col.domains.join(', ')})` : ''}`}</title>
            {clip(col.name, 22)}
          </text>
        );
      })}
      {sc.rows.map((row, r) => {
        const y = HEADER_HEIGHT + r * (CELL + GAP);
        return (
          <g key={row.id} role="row">
            <text
              class={`row-label ${row.kind}`}
              x={LABEL_WIDTH - 8}
              y={y + CELL / 2 + 4}
              text-anchor="end"
            >
              <title>{row.text}</title>
              {row.kind === 'quote'
                ? `“${clip(row.text, LABEL_CHARS - 2)}”`
                : clip(row.text, LABEL_CHARS)}
            </text>
            {sc.cells[r]!.map((cell, c) => {
              const x = LABEL_WIDTH + c * (CELL + GAP);
              const style = KIND_STYLE[cell.kind];
              const isSelected =
                selected?.sourceId === sc.source.id && selected.row === r && selected.column === c;
              const label = describeCell(sc, r, c);
              return (
                <g
                  key={c}
                  class={`cell${isSelected ? ' selected' : ''}`}
                  role="gridcell"
                  tabIndex={0}
                  aria-label={label}
                  data-testid="coverage-cell"
                  data-row-id={row.id}
                  data-outlet={sc.columns[c]!.name}
                  data-kind={cell.kind}
                  data-flagged={flagged(cell) ? 'true' : 'false'}
                  onMouseEnter={() => select(r, c)}
                  onFocus={() => select(r, c)}
                  onClick={() => select(r, c)}
                >
                  <title>{label}</title>
                  <rect x={x} y={y} width={CELL} height={CELL} rx={3} fill={style.fill} />
                  <text
                    x={x + CELL / 2}
                    y={y + CELL / 2 + 5}
                    text-anchor="middle"
                    class="symbol"
                    fill={style.ink}
                  >
                    {style.symbol}
                  </text>
                  {flagged(cell) && (
                    <path
                      d={`M${x + CELL - 11} ${y} H${x + CELL - 3} Q${x + CELL} ${y} ${x + CELL} ${y + 3} V${y + 11} Z`}
                      fill={DIVERGENCE_COLOUR}
                    />
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
