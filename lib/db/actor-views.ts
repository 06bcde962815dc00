/** The actor views the popover and the options page ask for, read from the prepared library. */
import { type ActorCorrections, actorByName, libraryActors } from '../actors/index';
import type { Library } from '../library';
import { sourceQuotes } from '../match/index';
import type { ActorList } from '../messages';
import type { ActorHit } from '../types';

/**
 * An actor's details for the popover: the merged actor (role, sources) and the source quotes whose
 * attributed speaker is one of the actor's names.
 */
export function actorDetails(library: Library, name: string, corrections?: ActorCorrections) {
  const found = actorByName(library, name, corrections) ?? null;
  const actor: ActorHit | null = found
    ? {
        name: found.name,
        type: found.type,
        role: found.role,
        sourceIds: found.sourceIds,
        mentions: [],
      }
    : null;
  // A speaker counts as the actor when it contains one of the actor's distinctive names.
  const keys = new Set(
    [found?.surname, found?.name ?? name, ...(found?.aliases ?? [])]
      .filter((k): k is string => !!k && k.length > 2)
      .map((k) => k.toLowerCase()),
  );
  // A set: an actor of a large library may be named by thousands of its sources.
  const namedBy = new Set(actor?.sourceIds ?? []);
  const naming = library.sources.filter((p) => namedBy.has(p.source.id));
  const quotes: { sourceId: string; text: string; start: number; end: number }[] = [];
  for (const p of naming) {
    for (const q of sourceQuotes(p)) {
      const speaker = q.speaker?.toLowerCase();
      if (speaker && [...keys].some((k) => speaker.includes(k) || k.includes(speaker))) {
        quotes.push({ sourceId: p.source.id, text: q.text, start: q.start, end: q.end });
      }
    }
  }
  return { actor, quotes, sourceCount: naming.length };
}

/**
 * The actor list the options page edits: every actor after the corrections, with the ones the
 * user hid still listed (flagged), so a hidden actor can be shown again.
 */
export function listActors(library: Library, corrections: ActorCorrections): ActorList {
  // Everything but hiding applied, then hiding on its own: the difference is the hidden actors.
  const all = libraryActors(library, { ...corrections, hidden: [] });
  const visible = new Set(libraryActors(library, corrections).map((a) => a.id));
  const titles = new Map(library.sources.map((p) => [p.source.id, p.source.title]));
  return {
    actors: all.map((a) => ({
      id: a.id,
      name: a.name,
      type: a.type,
      role: a.role,
      sources: a.sourceIds.map((id) => ({ id, title: titles.get(id) ?? id })),
      aliases: [...a.aliases],
      descriptors: [...a.descriptors],
      removedAliases: [...a.blockedAliases],
      hidden: !visible.has(a.id),
    })),
    corrections,
  };
}
