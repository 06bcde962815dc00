import { annotationKind, noteOf, quoteSelector, tagsOf } from '../../lib/anchoring/model';
import { mergedEdits } from '../../lib/sync/docs';
import type { WebAnnotation } from '../../lib/messages';
import { SearchBox } from './SearchBox';

/** Props of the annotations list. */
export interface AnnotationListProps {
  annotations: WebAnnotation[];
  query: string;
  onQuery: (query: string) => void;
  onDelete: (annotation: WebAnnotation) => void;
}

/**
 * Threads: each reply goes under the first annotation of its thread; a reply whose thread is not
 * listed (deleted, or filtered out by the search) stands on its own.
 */
function threads(annotations: WebAnnotation[]): { top: WebAnnotation; replies: WebAnnotation[] }[] {
  const listed = new Set(annotations.map((a) => a.id));
  const under = new Map<string, WebAnnotation[]>();
  const top: WebAnnotation[] = [];
  for (const a of annotations) {
    const root = a['sourcelight:references']?.[0];
    if (annotationKind(a) === 'reply' && root && listed.has(root))
      under.set(root, [...(under.get(root) ?? []), a]);
    else top.push(a);
  }
  return top.map((t) => ({
    top: t,
    replies: (under.get(t.id) ?? []).sort((a, b) => a.created.localeCompare(b.created)),
  }));
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
          {threads(annotations).map(({ top: a, replies }) => (
            <li key={a.id} data-testid="annotation-row" data-kind={annotationKind(a)}>
              {quoteSelector(a) ? (
                <blockquote>{quoteSelector(a)?.exact}</blockquote>
              ) : (
                <p class="muted" data-testid="annotation-kind">
                  {annotationKind(a) === 'reply'
                    ? 'Reply to an annotation that is no longer here'
                    : annotationKind(a) === 'orphan'
                      ? 'Passage Sourcelight cannot find'
                      : 'Note on the whole page'}
                </p>
              )}
              {a['sourcelight:orphanReason'] && (
                <p class="orphan" data-testid="annotation-orphan-reason">
                  Kept from an import: {a['sourcelight:orphanReason']}.
                </p>
              )}
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
              {replies.length > 0 && (
                <ul class="replies" aria-label="Replies">
                  {replies.map((r) => (
                    <li key={r.id} data-testid="annotation-reply">
                      <p class="note">{noteOf(r)}</p>
                      <p class="muted">{new Date(r.modified).toLocaleString()}</p>
                      <button type="button" onClick={() => onDelete(r)}>
                        Delete
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
