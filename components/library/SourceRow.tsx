import { useState } from 'preact/hooks';
import type { SourceChanges, SourceSummary } from '../../lib/messages';

/** Props of a library row: the source and what the user can do with it. */
export interface SourceRowProps {
  source: SourceSummary;
  onSave: (changes: SourceChanges) => Promise<void>;
  onRemove: () => void;
}

const FIELDS = [
  ['title', 'Title'],
  ['outlet', 'Outlet'],
  ['url', 'URL'],
  ['published', 'Published'],
  ['language', 'Language'],
] as const;

/** One source in the library list, with inline editing of its metadata. */
export function SourceRow({ source, onSave, onRemove }: SourceRowProps) {
  const [editing, setEditing] = useState<SourceChanges | null>(null);
  const [saving, setSaving] = useState(false);
  if (editing) {
    return (
      <li class="source editing" data-testid="source-row" data-source-id={source.id}>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setSaving(true);
            try {
              await onSave(editing);
              setEditing(null);
            } finally {
              setSaving(false);
            }
          }}
        >
          {FIELDS.map(([key, label]) => (
            <label key={key}>
              {label}
              <input
                data-testid={`source-edit-${key}`}
                value={editing[key] ?? ''}
                onInput={(e) =>
                  setEditing({ ...editing, [key]: (e.target as HTMLInputElement).value })
                }
              />
            </label>
          ))}
          <div class="row-actions">
            <button type="submit" data-testid="source-save" disabled={saving}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li class="source" data-testid="source-row" data-source-id={source.id}>
      <div class="source-main">
        <strong class="source-title">{source.title}</strong>
        <span class="muted">
          {[
            source.outlet,
            source.published,
            `${source.textLength.toLocaleString()} characters`,
            source.origin === 'default' ? 'default library' : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        {source.url && (
          <a href={source.url} target="_blank" rel="noreferrer noopener" class="muted">
            {source.url}
          </a>
        )}
      </div>
      <div class="row-actions">
        <button
          type="button"
          data-testid="source-edit"
          onClick={() =>
            setEditing({
              title: source.title,
              outlet: source.outlet ?? '',
              url: source.url ?? '',
              published: source.published ?? '',
              language: source.language,
            })
          }
        >
          Edit
        </button>
        <button type="button" data-testid="source-remove" onClick={onRemove}>
          Remove
        </button>
      </div>
    </li>
  );
}
