import { useState } from 'preact/hooks';
import type { ActorListEntry } from '../../lib/messages';
import { aliasChips } from './actor-edits';

/** Props of one actor in the Actors list: the actor, the others it may merge into, and the edits. */
export interface ActorRowProps {
  actor: ActorListEntry;
  /** Actors this one can be merged into (every other listed actor). */
  others: ActorListEntry[];
  busy: boolean;
  /** Each edit resolves true when it was saved, false when it failed (the page shows why). */
  onRename: (name: string) => Promise<boolean>;
  onHidden: (hidden: boolean) => Promise<boolean>;
  onAddAlias: (alias: string) => Promise<boolean>;
  onRemoveAlias: (alias: string) => Promise<boolean>;
  onMerge: (keep: ActorListEntry) => Promise<boolean>;
}

/** Source titles listed per actor; an actor named by hundreds of sources gets a count for the rest. */
const TITLES = 5;

const typeWords = (a: ActorListEntry) => (a.type === 'person' ? 'Person' : 'Organisation');

/** One actor: what the sources say about them, and rename, hide/show, aliases and merge controls. */
export function ActorRow({
  actor,
  others,
  busy,
  onRename,
  onHidden,
  onAddAlias,
  onRemoveAlias,
  onMerge,
}: ActorRowProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [alias, setAlias] = useState('');
  const [mergeInto, setMergeInto] = useState<string | null>(null);
  const chips = aliasChips(actor);
  const headingId = `actor-${actor.id.replace(/[^\w-]+/g, '-')}`;

  return (
    <li
      class={`actor${actor.hidden ? ' hidden-actor' : ''}`}
      data-testid="actor-row"
      data-actor-id={actor.id}
      data-hidden={String(actor.hidden)}
      aria-labelledby={headingId}
    >
      <div class="actor-head">
        {renaming === null ? (
          <strong id={headingId} class="actor-name" data-testid="actor-name">
            {actor.name}
          </strong>
        ) : (
          <form
            class="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await onRename(renaming)) setRenaming(null);
            }}
          >
            <input
              id={headingId}
              aria-label={`New name for ${actor.name}`}
              data-testid="actor-rename-input"
              value={renaming}
              onInput={(e) => setRenaming((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
            />
            <button type="submit" data-testid="actor-rename-save" disabled={busy}>
              Save name
            </button>
            <button type="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        )}
        <span class="tag">{typeWords(actor)}</span>
        {actor.hidden && (
          <span class="tag hidden-tag" data-testid="actor-hidden">
            Hidden
          </span>
        )}
      </div>
      {actor.role && <span class="muted actor-role">{actor.role}</span>}
      <span class="muted" data-testid="actor-sources">
        Named in {actor.sources.length === 1 ? '1 source' : `${actor.sources.length} sources`}:{' '}
        {actor.sources
          .slice(0, TITLES)
          .map((s) => s.title)
          .join(' · ')}
        {actor.sources.length > TITLES && ` and ${actor.sources.length - TITLES} more`}
      </span>

      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a form border and legend the chips do not need. */}
      <div class="chips" aria-label={`Names pages may use for ${actor.name}`} role="group">
        {chips.length === 0 && actor.descriptors.length === 0 && (
          <span class="muted">No other names.</span>
        )}
        {[
          ...chips.map((c) => ['alias', c] as const),
          ...actor.descriptors.map((d) => ['title', d] as const),
        ].map(([kind, name]) => (
          <span class={`chip ${kind}`} key={`${kind}:${name}`} data-testid="actor-alias">
            <span class="chip-text">{name}</span>
            <button
              type="button"
              class="chip-remove"
              data-testid="actor-alias-remove"
              aria-label={`Remove the ${kind === 'alias' ? 'alias' : 'title'} “${name}” of ${actor.name}`}
              title={`Stop finding ${actor.name} by “${name}”`}
              disabled={busy}
              onClick={() => void onRemoveAlias(name)}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      {actor.removedAliases.length > 0 && (
        <span class="muted">Never matched: {actor.removedAliases.join(' · ')}</span>
      )}

      <div class="row-actions">
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (alias.trim() && (await onAddAlias(alias))) setAlias('');
          }}
        >
          <input
            aria-label={`Another name for ${actor.name}`}
            placeholder="Another name…"
            data-testid="actor-alias-input"
            value={alias}
            onInput={(e) => setAlias((e.target as HTMLInputElement).value)}
          />
          <button
            type="submit"
            data-testid="actor-alias-add"
            disabled={busy || !alias.trim()}
            aria-label={`Add alias to ${actor.name}`}
          >
            Add alias
          </button>
        </form>
        <button
          type="button"
          data-testid="actor-rename"
          disabled={busy || renaming !== null}
          aria-label={`Rename ${actor.name}`}
          onClick={() => setRenaming(actor.name)}
        >
          Rename
        </button>
        <button
          type="button"
          data-testid="actor-hide"
          disabled={busy}
          aria-label={`${actor.hidden ? 'Show' : 'Hide'} ${actor.name}`}
          aria-pressed={actor.hidden}
          onClick={() => void onHidden(!actor.hidden)}
        >
          {actor.hidden ? 'Show' : 'Hide'}
        </button>
        {mergeInto === null ? (
          <button
            type="button"
            data-testid="actor-merge"
            disabled={busy || others.length === 0}
            aria-label={`Merge into… another actor: ${actor.name}`}
            onClick={() => setMergeInto(others[0]?.id ?? '')}
          >
            Merge into…
          </button>
        ) : (
          <form
            class="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              const keep = others.find((o) => o.id === mergeInto);
              if (keep && (await onMerge(keep))) setMergeInto(null);
            }}
          >
            <label>
              Merge into{' '}
              <select
                data-testid="actor-merge-target"
                aria-label={`Actor to merge ${actor.name} into`}
                value={mergeInto}
                onChange={(e) => setMergeInto((e.target as HTMLSelectElement).value)}
              >
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} ({typeWords(o).toLowerCase()}
                    {o.hidden ? ', hidden' : ''})
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" data-testid="actor-merge-confirm" disabled={busy}>
              Merge
            </button>
            <button type="button" onClick={() => setMergeInto(null)}>
              Cancel
            </button>
          </form>
        )}
      </div>
    </li>
  );
}
