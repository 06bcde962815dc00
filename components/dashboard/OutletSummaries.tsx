/**
 * Per-outlet summary for one source: what each outlet cut, changed or gave to someone else, which
 * numbers differ, which actors it names, and when it published.
 */
import type { OutletColumn, RowNote, SourceCoverage } from '../../lib/coverage/index';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

function Notes({ label, notes }: { label: string; notes: RowNote[] }) {
  if (notes.length === 0) return null;
  return (
    <li>
      <strong>{label}:</strong>{' '}
      {notes.map((n, i) => (
        <span key={i} class="note">
          {i > 0 ? '; ' : ''}“{n.pageText}” <span class="muted">({n.detail})</span>
        </span>
      ))}
    </li>
  );
}

function Outlet({ col, rows }: { col: OutletColumn; rows: number }) {
  const s = col.summary;
  return (
    <article class="outlet" data-testid="outlet-summary" data-outlet={col.name}>
      <h3>{col.name}</h3>
      <p class="muted">
        {col.domains.join(', ') || 'no domain'}
        {col.published ? ` · published ${col.published}` : ''} · {col.pages.length} page
        {col.pages.length === 1 ? '' : 's'}
      </p>
      <p>
        Carried {s.carried} of {rows} rows ({s.counts.verbatim} verbatim, {s.counts.variant}{' '}
        variant, {s.counts.paraphrase} paraphrase, {s.counts.reuse} copied) · faithfulness{' '}
        {pct(s.faithfulness)}
      </p>
      <ul>
        <Notes label="Quotes cut" notes={s.quotesCut} />
        <Notes label="Quotes changed" notes={s.quotesChanged} />
        <Notes label="Attributed to someone else" notes={s.misattributed} />
        <Notes label="Numbers differ" notes={s.numberDivergences} />
        {col.actors.length > 0 && (
          <li>
            <strong>Names:</strong> {col.actors.join(', ')}
          </li>
        )}
      </ul>
      <ul class="pages">
        {col.pages.map((p, i) => (
          <li key={i}>
            {p.url ? (
              <a href={p.url} target="_blank" rel="noreferrer noopener">
                {p.title ?? p.url}
              </a>
            ) : (
              (p.title ?? 'untitled page')
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}

/** Renders one summary card per outlet column. */
export function OutletSummaries({ coverage: sc }: { coverage: SourceCoverage }) {
  return (
    <div class="outlets">
      {sc.columns.map((col) => (
        <Outlet key={col.id} col={col} rows={sc.rows.length} />
      ))}
    </div>
  );
}
