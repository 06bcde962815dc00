/**
 * A library prepared for matching: each source's matchable body (boilerplate excluded), its
 * tokens, and a token index across sources. Built once per library change, reused for every page.
 */
import { findBoilerplateStart } from './sources';
import { tokenize, type Token } from './text/normalize';
import type { Source } from './types';

/** A source with the derived data matching needs. */
export interface PreparedSource {
  source: Source;
  /** End of the matchable body: trailing publisher boilerplate starts here. */
  bodyEnd: number;
  /** Tokens of the body, in order. */
  tokens: Token[];
}

/** Sources prepared for matching, with an index from normalised word to its occurrences. */
export interface Library {
  sources: PreparedSource[];
  byId: Map<string, PreparedSource>;
  /** word → list of [source index, token index] pairs, flattened. */
  postings: Map<string, number[]>;
}

/** Prepares one source: finds its boilerplate and tokenises the body. */
export function prepareSource(source: Source): PreparedSource {
  const bodyEnd = findBoilerplateStart(source.text, source.outlet);
  return { source, bodyEnd, tokens: tokenize(source.text, 0, bodyEnd) };
}

/** Builds a library from sources. */
export function createLibrary(sources: Source[]): Library {
  const prepared = sources.map(prepareSource);
  const postings = new Map<string, number[]>();
  prepared.forEach((p, si) => {
    p.tokens.forEach((t, ti) => {
      let list = postings.get(t.norm);
      if (!list) postings.set(t.norm, (list = []));
      list.push(si, ti);
    });
  });
  return { sources: prepared, byId: new Map(prepared.map((p) => [p.source.id, p])), postings };
}
