/**
 * A bar chart of faithfulness per outlet for one source: how closely each outlet's renderings keep
 * the source's words, numbers and speakers (see `cellFaithfulness`), with how many rows it carried.
 */
import type { SourceCoverage } from '../../lib/coverage/index';

const BAR = 18;
const GAP = 8;
const LABEL = 200;
const SCALE = 300;

/** Renders one bar per outlet, best first; outlets that carried nothing show an empty bar. */
export function FaithfulnessChart({ coverage: sc }: { coverage: SourceCoverage }) {
  const bars = sc.columns
    .map((col) => ({ col, f: col.summary.faithfulness }))
    .sort((a, b) => (b.f ?? -1) - (a.f ?? -1) || a.col.name.localeCompare(b.col.name));
  const height = bars.length * (BAR + GAP) + 24;
  const width = LABEL + SCALE + 150;
  return (
    <svg
      class="faithfulness"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Faithfulness per outlet"
    >
      {[0, 0.5, 1].map((t) => (
        <g key={t}>
          <line
            x1={LABEL + t * SCALE}
            x2={LABEL + t * SCALE}
            y1={0}
            y2={height - 18}
            class="tick"
          />
          <text
            x={LABEL + t * SCALE}
            y={height - 4}
            text-anchor="middle"
            class="tick-label"
          >{`${t * 100}%`}</text>
        </g>
      ))}
      {bars.map(({ col, f }, i) => {
        const y = i * (BAR + GAP);
        const pct = f === null ? '–' : `${Math.round(f * 100)}%`;
        return (
          <g
            key={col.id}
            data-testid="faithfulness-bar"
            data-outlet={col.name}
            data-value={f === null ? '' : f.toFixed(3)}
          >
            <title>{`${col.name}: faithfulness ${pct}, ${col.summary.carried} of ${sc.rows.length} rows carried`}</title>
            <text x={LABEL - 8} y={y + BAR - 4} text-anchor="end" class="bar-label">
              {col.name.length > 28 ? `${col.name.slice(0, 27)}…` : col.name}
            </text>
            <rect x={LABEL} y={y} width={SCALE} height={BAR} class="bar-track" />
            <rect x={LABEL} y={y} width={(f ?? 0) * SCALE} height={BAR} class="bar" />
            <text x={LABEL + SCALE + 8} y={y + BAR - 4} class="bar-value">
              {`${pct} · ${col.summary.carried}/${sc.rows.length} rows`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
