/**
 * Actor recognition: the people and organisations the library's sources name, found in a page.
 * Each source's actors are extracted once (`extractSourceActors`, stored with the source by the
 * library), merged across sources (`createActorIndex`), corrected by the user
 * (`applyCorrections`) and searched in the page (`findActors`).
 */
import type { Library } from '../library';
import { normalizedWords } from '../text/normalize';
import type { ActorHit, Source } from '../types';
import { applyCorrections, resolveActor } from './corrections';
import { compatibleGiven, extractSourceActors } from './extract';
import { createMatcher, findMentions, type ActorMatcher } from './find';
import type { ActorCorrections, LibraryActor, SourceActor } from './model';
import { sameNameWord } from './phonetic';

export { applyCorrections, checkCorrections } from './corrections';
export { ACTOR_RULES_VERSION, extractSourceActors } from './extract';
export type { ActorCorrections, LibraryActor, SourceActor } from './model';

const bareKey = (s: string) => normalizedWords(s.replace(/^the\s+/i, ''));

/**
 * Merges per-source actor lists into one list for the library: a person named by two sources
 * (same surname up to transliteration, compatible given names) or an organisation written the
 * same way (name or alias) becomes one actor listing both sources.
 */
export function mergeSourceActors(lists: SourceActor[][]): LibraryActor[] {
  const out: LibraryActor[] = [];
  for (const sa of lists.flat()) {
    const into = out.find((a) =>
      a.type !== sa.type
        ? false
        : a.type === 'person'
          ? a.surname !== null && sa.surname !== null && sameNameWord(a.surname, sa.surname) && compatibleGiven(a.givenNames, sa.givenNames)
          : [a.name, ...a.aliases].some((x) => [sa.name, ...sa.aliases].some((y) => bareKey(x) === bareKey(y))),
    );
    if (!into) {
      const { sourceId, ...rest } = sa;
      out.push({
        ...rest,
        aliases: [...sa.aliases],
        descriptors: [...sa.descriptors],
        qualifiers: [...sa.qualifiers],
        id: `${sa.type}:${bareKey(sa.name)}`,
        sourceIds: [sourceId],
        blockedAliases: [],
      });
      continue;
    }
    if (!into.sourceIds.includes(sa.sourceId)) into.sourceIds.push(sa.sourceId);
    if (sa.givenNames.length > into.givenNames.length) {
      into.givenNames = sa.givenNames;
      into.name = sa.name;
    }
    into.role = into.role ?? sa.role;
    for (const [k, v] of [['aliases', sa.aliases], ['descriptors', sa.descriptors], ['qualifiers', sa.qualifiers]] as const) {
      for (const x of v) if (!into[k].includes(x)) into[k].push(x);
    }
  }
  return out;
}

/** Builds the library-wide actor list from sources (for callers that do not keep per-source lists). */
export function createActorIndex(sources: Source[]): LibraryActor[] {
  return mergeSourceActors(sources.map(extractSourceActors));
}

interface Prepared {
  actors: LibraryActor[];
  matchers: WeakMap<object, ActorMatcher>;
  plain?: ActorMatcher;
}
const cache = new WeakMap<Library, Prepared>();

function prepared(library: Library): Prepared {
  let p = cache.get(library);
  if (!p) {
    // Actors the library was given (stored with each source) save extracting them again: at
    // 10,000 sources, extraction takes seconds.
    const lists = library.sources.map((s) => library.sourceActors?.get(s.source.id) ?? extractSourceActors(s.source));
    p = { actors: mergeSourceActors(lists), matchers: new WeakMap() };
    cache.set(library, p);
  }
  return p;
}

/** The library's actors after the user's corrections (cached per library object). */
export function libraryActors(library: Library, corrections?: ActorCorrections): LibraryActor[] {
  const p = prepared(library);
  return corrections ? applyCorrections(p.actors, corrections) : p.actors;
}

/** Finds the library's actors named in `pageText`, with every mention's offsets. */
export function findActors(pageText: string, library: Library, corrections?: ActorCorrections): ActorHit[] {
  const p = prepared(library);
  let matcher: ActorMatcher | undefined;
  if (!corrections) matcher = p.plain ??= createMatcher(p.actors);
  else {
    matcher = p.matchers.get(corrections);
    if (!matcher) p.matchers.set(corrections, (matcher = createMatcher(applyCorrections(p.actors, corrections))));
  }
  return findMentions(pageText, matcher);
}

/** The merged actor a popover shows for a name from an `ActorHit` (role, sources, aliases); undefined when unknown. */
export function actorByName(library: Library, name: string, corrections?: ActorCorrections): LibraryActor | undefined {
  return resolveActor(libraryActors(library, corrections), name);
}
