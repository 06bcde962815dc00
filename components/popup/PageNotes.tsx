/**
 * The popup's notes about the current page: notes on the whole page (imported from Hypothesis or a
 * W3C collection) and the replies of its threads. Props only; page text is shown as text.
 */
import { noteOf, tagsOf, type WebAnnotation } from '../../lib/anchoring/model';

/** Props of the page notes list. */
export interface PageNotesProps {
  notes: WebAnnotation[];
  replies: WebAnnotation[];
  /** Replies whose annotation is no longer there. */
  unanswered: string[];
}

/** Page notes, then replies (a reply to a deleted annotation says so). Nothing when there are none. */
export function PageNotes({ notes, replies, unanswered }: PageNotesProps) {
  if (notes.length === 0 && replies.length === 0) return null;
  const orphaned = new Set(unanswered);
  return (
    <section aria-labelledby="page-notes-heading" data-testid="page-notes">
      <h2 id="page-notes-heading">Notes on this page</h2>
      <ul class="notes">
        {notes.map((n) => (
          <li key={n.id} data-testid="page-note">
            {noteOf(n)}
            {tagsOf(n).length > 0 && <span class="muted"> · {tagsOf(n).join(', ')}</span>}
          </li>
        ))}
        {replies.map((r) => (
          <li key={r.id} data-testid="page-reply">
            <span class="muted">
              {orphaned.has(r.id) ? 'Reply to a deleted annotation: ' : 'Reply: '}
            </span>
            {noteOf(r)}
          </li>
        ))}
      </ul>
    </section>
  );
}
