/**
 * The detail of the cell the user points at: the source row, the page's wording with a word diff
 * for reworded renderings, speakers on both sides and diverging numbers.
 */
import { wordDiff } from '../../lib/diff/word-diff';
import type { SourceCoverage } from '../../lib/coverage/index';
import { WordDiff } from '../overlay/WordDiff';
import { KIND_STYLE } from './kinds';

/** Props: the matrix and the cell's position in it. */
export interface CellDetailProps {
  coverage: SourceCoverage;
  row: number;
  column: number;
}

/** Renders the detail panel. Page and source text are rendered as text, never as HTML. */
export function CellDetail({ coverage: sc, row, column }: CellDetailProps) {
  const unit = sc.rows[row]!;
  const col = sc.columns[column]!;
  const cell = sc.cells[row]![column]!;
  const m = cell.match;
  // A quote is compared whole, so a cut shows as struck-out words; a claim against the passage matched.
  const sourceWords = unit.kind === 'quote' || !m?.sourceText ? unit.text : m.sourceText;
  return (
    <section class="cell-detail" data-testid="cell-detail" aria-live="polite">
      <h3>
        <span
          class="swatch"
          style={{ background: KIND_STYLE[cell.kind].fill, color: KIND_STYLE[cell.kind].ink }}
        >
          {KIND_STYLE[cell.kind].symbol}
        </span>{' '}
        {col.name}: {KIND_STYLE[cell.kind].label}
        {cell.cut ? ', quote cut' : ''}
      </h3>
      <p class="detail-source">
        <span class="detail-label">Source {unit.kind === 'quote' ? 'quote' : 'sentence'}:</span>{' '}
        {unit.text}
      </p>
      {m ? (
        <>
          <p class="detail-page">
            <span class="detail-label">Page ({Math.round(m.score * 100)}%):</span> {m.pageText}
          </p>
          {(m.kind !== 'verbatim' || cell.cut) && (
            <div data-testid="cell-diff">
              <WordDiff parts={wordDiff(m.pageText, sourceWords)} />
            </div>
          )}
          {(m.speaker?.page || m.speaker?.source) && (
            <p class={cell.misattributed ? 'warn' : undefined}>
              <span class="detail-label">Speaker:</span> page {m.speaker?.page ?? 'not named'},
              source {m.speaker?.source ?? 'not named'}
              {cell.misattributed ? ' (attributed to someone else)' : ''}
            </p>
          )}
          {cell.divergences.map((d, i) => (
            <p key={i} class="warn">
              {d.what}: page “{d.page}”, source “{d.source}”
            </p>
          ))}
          {cell.pageUrl && (
            <p>
              <a href={cell.pageUrl} target="_blank" rel="noreferrer noopener">
                Open the page
              </a>
            </p>
          )}
        </>
      ) : (
        <p>This outlet's pages do not render this passage.</p>
      )}
    </section>
  );
}
