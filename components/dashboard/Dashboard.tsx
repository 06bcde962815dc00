/**
 * The coverage dashboard view: filters, and per source a heat-map matrix, the detail of the pointed
 * cell, a faithfulness chart and per-outlet summaries. Gets the comparison as a prop and reports
 * exports through a callback; it never touches messaging or storage.
 */
import { useMemo, useState } from 'preact/hooks';
import {
  filterCoverage,
  type CellKind,
  type Coverage,
  type CoverageFilter,
} from '../../lib/coverage/index';
import { CellDetail, type ComparePassages } from './CellDetail';
import { FaithfulnessChart } from './FaithfulnessChart';
import { HeatMap, type CellRef } from './HeatMap';
import { KIND_STYLE, KINDS } from './kinds';
import { OutletSummaries } from './OutletSummaries';

/** Props of the dashboard. */
export interface DashboardProps {
  coverage: Coverage;
  /** Called with the comparison as filtered on screen. */
  onExport: (format: 'csv' | 'json', shown: Coverage) => void;
  /** Reads the reading history again (pages read since the dashboard opened). */
  onRefresh?: () => void;
  /** What a loose rendering shares with its source, for the cell details. */
  compare?: ComparePassages;
}

/** Renders the dashboard. */
export function Dashboard({ coverage, onExport, onRefresh, compare }: DashboardProps) {
  const [filter, setFilter] = useState<CoverageFilter>({
    sourceId: null,
    kinds: [],
    outlet: '',
    onlyDivergences: false,
  });
  const [selected, setSelected] = useState<CellRef | null>(null);
  const shown = useMemo(() => filterCoverage(coverage, filter), [coverage, filter]);
  const update = (patch: Partial<CoverageFilter>) => {
    setSelected(null);
    setFilter((f) => ({ ...f, ...patch }));
  };
  const toggleKind = (kind: CellKind, on: boolean) => {
    const kinds = new Set(filter.kinds);
    if (on) kinds.add(kind);
    else kinds.delete(kind);
    update({ kinds: KINDS.filter((k) => kinds.has(k)) });
  };

  return (
    <main class="dashboard">
      <header>
        <h1>Coverage across outlets</h1>
        <p class="muted">
          For each source in your library, how the pages you read rendered its quotes and key
          claims. Point at a cell, or move through the matrix with the arrow keys, to see the page's
          words next to it.
        </p>
      </header>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Source{' '}
          <select
            data-testid="filter-source"
            value={filter.sourceId ?? ''}
            onChange={(e) =>
              update({ sourceId: (e.currentTarget as HTMLSelectElement).value || null })
            }
          >
            <option value="">All sources</option>
            {coverage.sources.map((sc) => (
              <option key={sc.source.id} value={sc.source.id}>
                {sc.source.title}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Rows with</legend>
          {KINDS.map((k) => (
            <label key={k} class="kind-option">
              <input
                type="checkbox"
                data-testid={`filter-kind-${k}`}
                checked={filter.kinds?.includes(k) ?? false}
                onChange={(e) => toggleKind(k, (e.currentTarget as HTMLInputElement).checked)}
              />
              <span
                class="swatch"
                style={{ background: KIND_STYLE[k].fill, color: KIND_STYLE[k].ink }}
              >
                {KIND_STYLE[k].symbol}
              </span>{' '}
              {KIND_STYLE[k].label}
            </label>
          ))}
        </fieldset>
        <label>
          Outlet{' '}
          <input
            type="search"
            data-testid="filter-outlet"
            placeholder="name or domain"
            value={filter.outlet ?? ''}
            onInput={(e) => update({ outlet: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="filter-divergences"
            checked={filter.onlyDivergences ?? false}
            onChange={(e) =>
              update({ onlyDivergences: (e.currentTarget as HTMLInputElement).checked })
            }
          />{' '}
          Only rows where something differs
        </label>
        <span class="exports">
          {onRefresh && (
            <button
              type="button"
              data-testid="coverage-refresh"
              onClick={onRefresh}
              title="Read the pages visited since this dashboard opened"
            >
              Refresh
            </button>
          )}
          <button type="button" data-testid="export-csv" onClick={() => onExport('csv', shown)}>
            Export CSV
          </button>
          <button type="button" data-testid="export-json" onClick={() => onExport('json', shown)}>
            Export JSON
          </button>
        </span>
      </form>
      <p class="legend">
        {KINDS.map((k) => (
          <span key={k}>
            <span
              class="swatch"
              style={{ background: KIND_STYLE[k].fill, color: KIND_STYLE[k].ink }}
            >
              {KIND_STYLE[k].symbol}
            </span>{' '}
            {KIND_STYLE[k].label}
          </span>
        ))}
        <span>
          <span class="swatch flag">!</span> number, speaker or quote length differs
        </span>
      </p>
      {shown.sources.length === 0 && (
        <p data-testid="coverage-empty">No source matches these filters.</p>
      )}
      {shown.sources.map((sc) => (
        <section
          key={sc.source.id}
          class="source"
          data-testid="coverage-source"
          data-source-id={sc.source.id}
        >
          <h2>{sc.source.title}</h2>
          <p class="muted">
            {[sc.source.outlet, sc.source.published].filter(Boolean).join(', ')} · {sc.rows.length}{' '}
            rows · {sc.columns.length} outlet
            {sc.columns.length === 1 ? '' : 's'}
          </p>
          {sc.rows.length === 0 || sc.columns.length === 0 ? (
            <p>Nothing to show for this source with these filters.</p>
          ) : (
            <>
              <div class="matrix-wrap">
                <HeatMap
                  coverage={sc}
                  selected={selected}
                  onSelect={setSelected}
                  onClear={() => setSelected(null)}
                />
              </div>
              {selected?.sourceId === sc.source.id && sc.cells[selected.row]?.[selected.column] && (
                <CellDetail
                  coverage={sc}
                  row={selected.row}
                  column={selected.column}
                  compare={compare}
                  onClose={() => setSelected(null)}
                  anchor={() =>
                    [...document.querySelectorAll<HTMLElement>('[data-testid="coverage-matrix"]')]
                      .find((m) => m.dataset.sourceId === sc.source.id)
                      ?.querySelector(`[data-cell="${selected.row}:${selected.column}"] .box`) ??
                    null
                  }
                />
              )}
              <h3>Faithfulness per outlet</h3>
              <FaithfulnessChart coverage={sc} />
              <OutletSummaries coverage={sc} />
            </>
          )}
        </section>
      ))}
    </main>
  );
}
