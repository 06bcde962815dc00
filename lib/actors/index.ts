/**
 * Actor recognition entry point. The foundation reports no actors; the actors issue fills this in
 * (actor lists derived from each source, mentions found in the page).
 */
import type { Library } from '../library';
import type { ActorHit } from '../types';

/** Finds the library's actors named in `pageText`. */
export function findActors(_pageText: string, _library: Library): ActorHit[] {
  return [];
}
