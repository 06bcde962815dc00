/**
 * The detail of the cell the user points at, shown next to that cell: the source row, the page's
 * wording with a word diff for close renderings or what both passages share for loose ones,
 * speakers on both sides and diverging numbers.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SourceCoverage } from '../../lib/coverage/index';
import { diffReadable, type PassageComparison } from '../../lib/diff/compare';
import { wordDiff } from '../../lib/diff/word-diff';
import { Comparison } from '../overlay/Comparison';
import { followAnchor } from '../overlay/popover-placement';
import { WordDiff } from '../overlay/WordDiff';
import { KIND_STYLE } from './kinds';

/** Compares a page passage with its source passage (the background holds the word tables). */
export type ComparePassages = (page: string, source: string) => Promise<PassageComparison>;

/** Props: the matrix, the cell's position in it, and the cell's element to sit next to. */
export interface CellDetailProps {
  coverage: SourceCoverage;
  row: number;
  column: number;
  anchor: () => Element | null;
  onClose: () => void;
  compare?: ComparePassages;
}

/** Renders the detail panel. Page and source text are rendered as text, never as HTML. */
export function CellDetail({
  coverage: sc,
  row,
  column,
  anchor,
  onClose,
  compare,
}: CellDetailProps) {
  const ref = useRef<HTMLElement>(null);
  const [comparison, setComparison] = useState<PassageComparison | null>(null);
  const unit = sc.rows[row]!;
  const col = sc.columns[column]!;
  const cell = sc.cells[row]![column]!;
  const m = cell.match;
  // A quote is compared whole, so a cut shows as struck-out words; a claim against the passage matched.
  const sourceWords = unit.kind === 'quote' || !m?.sourceText ? unit.text : m.sourceText;
  const diff = m ? wordDiff(m.pageText, sourceWords) : [];
  const readable = !m || m.kind === 'verbatim' || diffReadable(diff);
  useEffect(() => {
    setComparison(null);
    if (readable || !m || !compare) return;
    let live = true;
    compare(m.pageText, sourceWords).then(
      (c) => live && setComparison(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [sc.source.id, row, column]);
  // Next to its cell, below or above it, inside the viewport.
  useLayoutEffect(() => {
    const el = anchor();
    if (!el || !ref.current) return;
    return followAnchor(el, ref.current, {
      placement: 'bottom-start',
      fallbacks: ['top-start', 'right-start', 'left-start'],
      maxHeight: 420,
    });
  }, [sc.source.id, row, column]);
  return (
    <section
      ref={ref}
      class="cell-detail"
      data-testid="cell-detail"
      aria-live="polite"
      aria-label="Cell details"
    >
      <button type="button" class="close" aria-label="Close the details" onClick={onClose}>
        ×
      </button>
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
          {m.via === 'meaning' && (
            <p class="via-meaning" role="note">
              Linked through meaning only, similarity {m.score.toFixed(2)}: the words differ, but
              the on-device sentence model reads the same claim.
            </p>
          )}
          {(m.kind !== 'verbatim' || cell.cut) && (
            <div data-testid="cell-diff">
              {readable || !comparison ? (
                <WordDiff parts={diff} />
              ) : (
                <Comparison comparison={comparison} here="on the page" />
              )}
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
