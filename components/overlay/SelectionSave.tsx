/**
 * Annotating any passage the user selects in the article: a small "Annotate" button next to the
 * selection, which opens a form for a note and tags. A view: the container decides where it shows,
 * what the selection is and does the saving; only the typed note and tags live here, so a failed
 * save keeps them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SelectionSaveModel } from './types';

/** Props of the selection annotator. */
export interface SelectionSaveProps {
  model: SelectionSaveModel;
  onOpen: () => void;
  /** `tags` as typed: comma-separated. */
  onSave: (note: string, tags: string) => void;
  onCancel: () => void;
}

/** The button, or the open form. */
export function SelectionSave({ model, onOpen, onSave, onCancel }: SelectionSaveProps) {
  const [note, setNote] = useState('');
  const [tags, setTags] = useState('');
  const noteField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (model.open) noteField.current?.focus();
  }, [model.open]);
  const where = { top: `${model.top}px`, left: `${model.left}px` };

  if (!model.open) {
    return (
      <button
        type="button"
        class="adder"
        style={where}
        title="Save the selected text as an annotation, with a note and tags (Alt+Shift+S)"
        // Pressing the button must not clear the page selection it is about.
        onMouseDown={(e) => e.preventDefault()}
        onClick={onOpen}
      >
        Annotate
      </button>
    );
  }
  const busy = model.status === 'saving' || model.status === 'saved';
  const quote = model.quote.length > 160 ? `${model.quote.slice(0, 157)}…` : model.quote;
  return (
    <div
      class="annotate"
      role="dialog"
      aria-label="Annotate the selected text"
      style={where}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onSave(note, tags);
        }}
      >
        <blockquote class="quote">{quote}</blockquote>
        <label>
          Note
          <textarea
            ref={noteField}
            rows={3}
            value={note}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          Tags <span class="muted">(comma-separated)</span>
          <input
            type="text"
            value={tags}
            onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <footer>
          <button type="submit" disabled={busy}>
            {model.status === 'saved' ? 'Saved' : model.status === 'saving' ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          {model.status === 'failed' && (
            <span class="error" role="alert">
              Could not save: {model.error}
            </span>
          )}
        </footer>
      </form>
    </div>
  );
}
