/**
 * Plain-JSON records of the actors module: what a source says about each actor (stored with the
 * source when it is added), the merged view across a library, and the user's corrections.
 */
import type { ActorType } from '../types';

/** An actor as one source names it. Plain JSON, so the library stores it with its source. */
export interface SourceActor {
  /** Display name: a person's full name as the source writes it, or the organisation's name. */
  name: string;
  type: ActorType;
  /** Role the source gives, in plain words ("foreign minister of Iran"); null when none is given. */
  role: string | null;
  sourceId: string;
  /** Every way the source writes this actor, titles included ("U.S. President Donald Trump", "Trump"). */
  aliases: string[];
  /** Titles the source uses on their own for this actor ("Supreme Leader"). */
  descriptors: string[];
  /** Given names of a person ("Ali"); empty when the source gives only a surname, and for organisations. */
  givenNames: string[];
  /** A person's surname; null for organisations. */
  surname: string | null;
  /** The place that qualifies a title or a body ("Iran" in "Iran's Supreme Leader"); null when none. */
  qualifiers: string[];
}

/** One actor across the whole library: the sources' records merged. */
export interface LibraryActor extends Omit<SourceActor, 'sourceId'> {
  /** Stable key that corrections refer to: type and normalised name as first extracted. */
  id: string;
  sourceIds: string[];
  /** Aliases the user removed: never matched, even when a rule would generate them. */
  blockedAliases: string[];
}

/**
 * What the user changed about the actor list. Stored with the library; actors are named by the
 * `id` of `LibraryActor` (or, for convenience, by their extracted name).
 */
export interface ActorCorrections {
  /** id → new display name. */
  renames?: Record<string, string>;
  /** Pairs [keep, absorb]: the second actor's names and sources are folded into the first. */
  merges?: Array<[string, string]>;
  /** id → extra surface forms to find in pages. */
  aliasesAdded?: Record<string, string[]>;
  /** id → surface forms never to report (a surname that is a common word on the user's beat, say). */
  aliasesRemoved?: Record<string, string[]>;
  /** ids of actors the user does not want to see. */
  hidden?: string[];
}
