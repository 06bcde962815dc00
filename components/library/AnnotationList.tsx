import { noteOf, quoteSelector, tagsOf } from '../../lib/anchoring/model';
import { MERGED_FROM } from '../../lib/sync/docs';
import type { WebAnnotation } from '../../lib/messages';
import { SearchBox } from './SearchBox';

/** Props of the annotations list. */
export interface AnnotationListProps {
  annotations: WebAnnotation[];
  query: string;
  onQuery: (query: string) => void;
  onDelete: (annotation: WebAnnotation) => void;
}

/** All saved annotations, newest first, with a search over quote, note, tags, title and URL. */
export function AnnotationList({ annotations, query, onQuery, onDelete }: AnnotationListProps) {
  return (
    <div>
      <SearchBox
        label="Search annotations"
        placeholder="Search annotations: words of the quote, note, tag, page…"
        testId="annotation-search"
        value={query}
        onInput={onQuery}
      />
      {annotations.length === 0 ? (
        <p class="muted" data-testid="annotations-empty">
          {query
            ? 'No annotation matches this search.'
            : 'No annotations yet: select text on a page, or use Save in a highlight’s popover.'}
        </p>
      ) : (
        <ul class="annotations">
          {annotations.map((a) => (
            <li key={a.id} data-testid="annotation-row">
              <blockquote>{quoteSelector(a)?.exact}</blockquote>
              {a['sourcelight:orphanedAt'] && (
                <p class="orphan" data-testid="annotation-orphan">
                  Not found on the page at the last visit (
                  {new Date(a['sourcelight:orphanedAt']).toLocaleDateString()}): the page may have
                  changed. The annotation is kept.
                </p>
              )}
              {noteOf(a) && <p class="note">{noteOf(a)}</p>}
              {mergedEdits(a) > 1 && (
                <p class="merged" data-testid="annotation-merged">
                  Merged from {mergedEdits(a)} edits made at the same time by your team; every note
                  is kept above.
                </p>
              )}
              <p class="muted">
                {tagsOf(a).map((t) => (
                  <span class="tag" key={t}>
                    {t}
                  </span>
                ))}
                <a href={a.target.source} target="_blank" rel="noreferrer noopener">
                  {a['sourcelight:pageTitle'] || a.target.source}
                </a>{' '}
                · {new Date(a.modified).toLocaleString()}
              </p>
              <button type="button" data-testid="annotation-delete" onClick={() => onDelete(a)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** How many conflicting edits team sync merged into this annotation (0 when none). */
function mergedEdits(a: object): number {
  return Number((a as Record<string, unknown>)[MERGED_FROM]) || 0;
}
