/**
 * The options page's actor edits as pure functions from the current corrections to the next
 * ones. Each returns a new object (the old one is kept for Undo) and keeps the corrections
 * consistent, e.g. adding back an alias the user removed earlier lifts the removal, since
 * `applyCorrections` lets a removal win over an addition.
 */
import type { ActorCorrections } from '../../lib/actors/index';
import type { ActorListEntry } from '../../lib/messages';

/** Case, accents and spacing ignored, so "Oskelund" and " oskelund" are the same alias. */
const key = (s: string) =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

const without = (list: string[] | undefined, name: string) =>
  (list ?? []).filter((x) => key(x) !== key(name));

/** Sets `map[id]` to `list`, dropping the entry (and the map) when the list is empty. */
function withList(
  map: Record<string, string[]> | undefined,
  id: string,
  list: string[],
): Record<string, string[]> | undefined {
  const next = { ...map };
  if (list.length) next[id] = list;
  else delete next[id];
  return Object.keys(next).length ? next : undefined;
}

/** Drops keys whose value is undefined, so stored corrections stay small and readable. */
function tidy(c: ActorCorrections): ActorCorrections {
  return Object.fromEntries(
    Object.entries(c).filter(([, v]) => v !== undefined),
  ) as ActorCorrections;
}

/** Renames an actor; an empty name (or the extracted name again) removes the rename. */
export function renameActor(
  c: ActorCorrections,
  actor: ActorListEntry,
  name: string,
): ActorCorrections {
  const renames = { ...c.renames };
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean || (renames[actor.id] === undefined && clean === actor.name)) delete renames[actor.id];
  else renames[actor.id] = clean;
  return tidy({ ...c, renames: Object.keys(renames).length ? renames : undefined });
}

/** Hides an actor from every page, or shows it again. */
export function setActorHidden(
  c: ActorCorrections,
  actor: ActorListEntry,
  hidden: boolean,
): ActorCorrections {
  const rest = (c.hidden ?? []).filter((ref) => ref !== actor.id && key(ref) !== key(actor.name));
  const next = hidden ? [...rest, actor.id] : rest;
  return tidy({ ...c, hidden: next.length ? next : undefined });
}

/** Adds a name to find the actor by; lifts an earlier removal of the same name. */
export function addActorAlias(
  c: ActorCorrections,
  actor: ActorListEntry,
  alias: string,
): ActorCorrections {
  const clean = alias.trim().replace(/\s+/g, ' ');
  if (!clean) return c;
  const removed = without(c.aliasesRemoved?.[actor.id], clean);
  const added = [...without(c.aliasesAdded?.[actor.id], clean), clean];
  return tidy({
    ...c,
    aliasesAdded: withList(c.aliasesAdded, actor.id, added),
    aliasesRemoved: withList(c.aliasesRemoved, actor.id, removed),
  });
}

/** Stops finding the actor by a name (or title); undoes an earlier addition of the same name. */
export function removeActorAlias(
  c: ActorCorrections,
  actor: ActorListEntry,
  alias: string,
): ActorCorrections {
  const added = without(c.aliasesAdded?.[actor.id], alias);
  const removed = [...without(c.aliasesRemoved?.[actor.id], alias), alias];
  return tidy({
    ...c,
    aliasesAdded: withList(c.aliasesAdded, actor.id, added),
    aliasesRemoved: withList(c.aliasesRemoved, actor.id, removed),
  });
}

/** Folds `absorb` into `keep`: one actor with both names and sources, listed under `keep`. */
export function mergeActorInto(
  c: ActorCorrections,
  absorb: ActorListEntry,
  keep: ActorListEntry,
): ActorCorrections {
  if (absorb.id === keep.id) return c;
  return tidy({ ...c, merges: [...(c.merges ?? []), [keep.id, absorb.id]] });
}

/** Whether an actor matches the search words: name, aliases, titles, role, type or a source title. */
export function actorMatchesQuery(actor: ActorListEntry, query: string): boolean {
  const words = key(query).split(' ').filter(Boolean);
  if (!words.length) return true;
  const hay = key(
    [
      actor.name,
      actor.type === 'person' ? 'person' : 'organisation organization',
      actor.role ?? '',
      ...actor.aliases,
      ...actor.descriptors,
      ...actor.sources.map((s) => s.title),
    ].join(' \u0000 '),
  );
  return words.every((w) => hay.includes(w));
}

/** Aliases worth showing as chips: the display name itself is left out. */
export function aliasChips(actor: ActorListEntry): string[] {
  const seen = new Set([key(actor.name)]);
  return actor.aliases.filter((a) => {
    const k = key(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
