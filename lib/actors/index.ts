/**
 * Actor recognition: the people and organisations the library's sources name, found in a page.
 * Each source's actors are extracted once (`extractSourceActors`, stored with the source by the
 * library), merged across sources (`createActorIndex`), corrected by the user
 * (`applyCorrections`) and searched in the page (`findActors`).
 */
import { normalizedWords } from '../text/normalize';
import type { ActorHit, Source } from '../types';
import { applyCorrections, resolveActor } from './corrections';
import { compatibleGiven, extractSourceActors } from './extract';
import { createMatcher, findMentions, type ActorMatcher } from './find';
import type { ActorCorrections, LibraryActor, SourceActor } from './model';
import { memo } from '../memo';
import { keysClose, phoneticKey } from './phonetic';

export { applyCorrections, checkCorrections } from './corrections';
export { ACTOR_RULES_VERSION, extractSourceActors } from './extract';
export type { ActorCorrections, LibraryActor, SourceActor } from './model';

/**
 * What actor recognition reads of a prepared library (lib/library.ts's `Library` fits): its sources,
 * and the actors stored with each. Declared here so actors need nothing from the library module,
 * which itself stores actors.
 */
export interface ActorLibrary {
  sources: readonly { source: Source }[];
  sourceActors?: ReadonlyMap<string, SourceActor[]>;
}

const bareKey = (s: string) => normalizedWords(s.replace(/^the\s+/i, ''));

/**
 * Merges per-source actor lists into one list for the library: a person named by two sources
 * (same surname up to transliteration, compatible given names) or an organisation written the
 * same way (name or alias) becomes one actor listing both sources. Each source actor joins the
 * first merged actor it matches.
 *
 * Merged actors are indexed by their keys (an organisation's written forms; a person's surname
 * key and, for long keys, the key less one letter, which any key one edit away shares), so a
 * library of 10,000 sources compares each source actor with a few candidates, not every actor.
 */
export function mergeSourceActors(lists: SourceActor[][]): LibraryActor[] {
  const out: LibraryActor[] = [];
  const bare = memo(bareKey);
  const phonetic = memo(phoneticKey);
  // Key → indices into `out` (ascending) of the actors that have it.
  const orgIndex = new Map<string, number[]>();
  const personIndex = new Map<string, number[]>();
  const index = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i && !list.includes(i)) list.push(i);
  };
  const orgKeys = (a: { name: string; aliases: string[] }) => [a.name, ...a.aliases].map(bare);
  const members = new Map<
    LibraryActor,
    {
      at: number;
      sourceIds: Set<string>;
      aliases: Set<string>;
      descriptors: Set<string>;
      qualifiers: Set<string>;
    }
  >();
  for (const sa of lists.flat()) {
    let into: LibraryActor | undefined;
    if (sa.type === 'person') {
      if (sa.surname !== null) {
        const key = phonetic(sa.surname);
        for (const i of candidatesOf(personIndex, nameKeyVariants(key))) {
          const a = out[i]!;
          if (
            a.surname !== null &&
            keysClose(phonetic(a.surname), key) &&
            compatibleGiven(a.givenNames, sa.givenNames)
          ) {
            into = a;
            break;
          }
        }
      }
    } else {
      const keys = new Set(orgKeys(sa));
      for (const i of candidatesOf(orgIndex, keys)) {
        if (orgKeys(out[i]!).some((k) => keys.has(k))) {
          into = out[i]!;
          break;
        }
      }
    }
    if (!into) {
      const { sourceId, ...rest } = sa;
      const actor: LibraryActor = {
        ...rest,
        aliases: [...sa.aliases],
        descriptors: [...sa.descriptors],
        qualifiers: [...sa.qualifiers],
        id: `${sa.type}:${bare(sa.name)}`,
        sourceIds: [sourceId],
        blockedAliases: [],
      };
      const i = out.push(actor) - 1;
      members.set(actor, {
        at: i,
        sourceIds: new Set([sourceId]),
        aliases: new Set(actor.aliases),
        descriptors: new Set(actor.descriptors),
        qualifiers: new Set(actor.qualifiers),
      });
      if (actor.type === 'person') {
        // A person's surname never changes once merged: its keys are indexed once.
        if (actor.surname !== null)
          for (const v of nameKeyVariants(phonetic(actor.surname))) index(personIndex, v, i);
      } else for (const k of orgKeys(actor)) index(orgIndex, k, i);
      continue;
    }
    const m = members.get(into)!;
    if (!m.sourceIds.has(sa.sourceId)) {
      m.sourceIds.add(sa.sourceId);
      into.sourceIds.push(sa.sourceId);
    }
    if (sa.givenNames.length > into.givenNames.length) {
      into.givenNames = sa.givenNames;
      into.name = sa.name;
    }
    into.role = into.role ?? sa.role;
    for (const [k, v] of [
      ['aliases', sa.aliases],
      ['descriptors', sa.descriptors],
      ['qualifiers', sa.qualifiers],
    ] as const) {
      for (const x of v) {
        if (m[k].has(x)) continue;
        m[k].add(x);
        into[k].push(x);
      }
    }
    if (into.type === 'organization') for (const k of orgKeys(into)) index(orgIndex, k, m.at);
  }
  return out;
}

/**
 * Index keys of a surname key: the key, and for keys long enough to match one edit away
 * (`keysClose`), the key less each letter in turn. Two keys one substitution apart share a
 * deletion; one insertion apart, the shorter is a deletion of the longer.
 */
function nameKeyVariants(key: string): string[] {
  const out = [key];
  if (key.length >= 6)
    for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/** Indices (ascending, once each) of the actors indexed under any of `keys`. */
function candidatesOf(map: Map<string, number[]>, keys: Iterable<string>): number[] {
  const found = new Set<number>();
  for (const k of keys) for (const i of map.get(k) ?? []) found.add(i);
  return [...found].sort((x, y) => x - y);
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
const cache = new WeakMap<ActorLibrary, Prepared>();

function prepared(library: ActorLibrary): Prepared {
  let p = cache.get(library);
  if (!p) {
    // Actors the library was given (stored with each source) save extracting them again: at
    // 10,000 sources, extraction takes seconds.
    const lists = library.sources.map(
      (s) => library.sourceActors?.get(s.source.id) ?? extractSourceActors(s.source),
    );
    p = { actors: mergeSourceActors(lists), matchers: new WeakMap() };
    cache.set(library, p);
  }
  return p;
}

/**
 * Gives `library` its merged actor list as stored with it (`libraryActors` of the library it was
 * built from, read back): a waking worker then does not merge every source's actors again (about
 * 1 s of the first page with 10,000 sources). Ignored when the library has its actors already.
 */
export function adoptLibraryActors(library: ActorLibrary, actors: LibraryActor[]): void {
  if (!cache.has(library)) cache.set(library, { actors, matchers: new WeakMap() });
}

/** The library's actors after the user's corrections (cached per library object). */
export function libraryActors(
  library: ActorLibrary,
  corrections?: ActorCorrections,
): LibraryActor[] {
  const p = prepared(library);
  return corrections ? applyCorrections(p.actors, corrections) : p.actors;
}

/** Finds the library's actors named in `pageText`, with every mention's offsets. */
export function findActors(
  pageText: string,
  library: ActorLibrary,
  corrections?: ActorCorrections,
): ActorHit[] {
  const p = prepared(library);
  let matcher: ActorMatcher | undefined;
  if (!corrections) matcher = p.plain ??= createMatcher(p.actors);
  else {
    matcher = p.matchers.get(corrections);
    if (!matcher)
      p.matchers.set(
        corrections,
        (matcher = createMatcher(applyCorrections(p.actors, corrections))),
      );
  }
  return findMentions(pageText, matcher);
}

/** The merged actor a popover shows for a name from an `ActorHit` (role, sources, aliases); undefined when unknown. */
export function actorByName(
  library: ActorLibrary,
  name: string,
  corrections?: ActorCorrections,
): LibraryActor | undefined {
  return resolveActor(libraryActors(library, corrections), name);
}
