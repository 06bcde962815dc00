import { useState } from 'preact/hooks';
import type { ActorList, ActorListEntry } from '../../lib/messages';
import { actorMatchesQuery } from './actor-edits';
import { ActorRow } from './ActorRow';
import { SearchBox } from './SearchBox';

/** Props of the Actors section; every edit goes through a callback that saves it (and offers Undo). */
export interface ActorsSectionProps {
  /** null while loading. */
  list: ActorList | null;
  busy: boolean;
  onRename: (actor: ActorListEntry, name: string) => Promise<boolean>;
  onHidden: (actor: ActorListEntry, hidden: boolean) => Promise<boolean>;
  onAddAlias: (actor: ActorListEntry, alias: string) => Promise<boolean>;
  onRemoveAlias: (actor: ActorListEntry, alias: string) => Promise<boolean>;
  onMerge: (absorb: ActorListEntry, keep: ActorListEntry) => Promise<boolean>;
}

/** Long lists render this many rows; the search narrows them (a library of thousands of sources names thousands of actors). */
const SHOWN = 150;

const byName = (a: ActorListEntry, b: ActorListEntry) =>
  Number(a.hidden) - Number(b.hidden) || a.name.localeCompare(b.name);

/** The options page "Actors": a searchable list of the people and organisations the sources name, with corrections. */
export function ActorsSection({
  list,
  busy,
  onRename,
  onHidden,
  onAddAlias,
  onRemoveAlias,
  onMerge,
}: ActorsSectionProps) {
  const [query, setQuery] = useState('');
  const actors = list ? [...list.actors].sort(byName) : [];
  const found = actors.filter((a) => actorMatchesQuery(a, query));
  const hiddenCount = actors.filter((a) => a.hidden).length;

  return (
    <section aria-labelledby="actors-heading">
      <h2 id="actors-heading">
        Actors{' '}
        <span class="muted" data-testid="actor-count">
          {list ? actors.length : '…'}
        </span>
      </h2>
      <p class="muted">
        The people and organisations your sources name; pages that mention them are highlighted.
        Rename an actor, add or remove the names pages may use, merge two entries that are the same
        actor, or hide one you do not want highlighted. Each change applies to the next page you
        open and can be undone.
        {hiddenCount > 0 && ` ${hiddenCount} hidden.`}
      </p>
      {list === null ? (
        <p class="muted" role="status">
          Loading actors…
        </p>
      ) : actors.length === 0 ? (
        <p class="muted" data-testid="actors-empty">
          No actors yet: once your library has sources, the people and organisations they name
          appear here.
        </p>
      ) : (
        <>
          <SearchBox
            label="Search actors"
            placeholder="Search actors: name, alias, role, source…"
            testId="actor-search"
            value={query}
            onInput={setQuery}
          />
          {found.length === 0 && (
            <p class="muted" data-testid="actors-empty">
              No actor matches this search.
            </p>
          )}
          <ul class="actors">
            {found.slice(0, SHOWN).map((a) => (
              <ActorRow
                key={a.id}
                actor={a}
                others={actors.filter((o) => o.id !== a.id)}
                busy={busy}
                onRename={(name) => onRename(a, name)}
                onHidden={(hidden) => onHidden(a, hidden)}
                onAddAlias={(alias) => onAddAlias(a, alias)}
                onRemoveAlias={(alias) => onRemoveAlias(a, alias)}
                onMerge={(keep) => onMerge(a, keep)}
              />
            ))}
          </ul>
          {found.length > SHOWN && (
            <p class="muted" data-testid="actors-more">
              Showing {SHOWN} of {found.length} actors: search to find the others.
            </p>
          )}
        </>
      )}
    </section>
  );
}
