/**
 * Which sources a page in another language may render, from evidence that survives translation:
 * the names and numbers page and source share. A page translated from a source keeps its people,
 * places and figures ("Khamenei", "Pezeshkian", "1,060" as "1.060"), while its words change, so
 * the lexical matches that otherwise say which sources a page covers are missing. Names are
 * capitalised words not opening a sentence (any script with case), compared without accents and
 * case; numbers of two digits or more, compared without separators. A shared anchor counts by how
 * rare it is in the user's library (a name every source mentions says nothing), so the evidence
 * needs no word list and no language knowledge.
 */
import type { Library, PreparedSource } from '../library';

/** Anchors a page must share with a source, at least. */
const MIN_SHARED = 2;
/**
 * Weight an anchor in every source still carries (log of sources over sources naming it, plus
 * this): enough that two shared names or figures count, never enough for one.
 */
const FLOOR = 0.1;

const MARKS = /\p{M}/gu;
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*|\d(?:[\d.,\u00a0\u202f ]*\d)?/gu;

/** A text's names and numbers, as comparable keys (`n:1060`, `w:khamenei`). */
export function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let sentenceStart = true;
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const between = text.slice(last, m.index);
    if (/[.!?\n:“"«]/.test(between)) sentenceStart = true;
    last = m.index + m[0].length;
    const word = m[0];
    if (/^\d/.test(word)) {
      const digits = word.replace(/\D/g, '');
      if (digits.length >= 2) out.add(`n:${digits}`);
    } else if (!sentenceStart && word.length >= 3 && /^\p{Lu}/u.test(word)) {
      out.add(`w:${word.normalize('NFD').replace(MARKS, '').toLowerCase()}`);
    }
    sentenceStart = false;
  }
  return out;
}

const libraryAnchors = new WeakMap<Library, { bySource: Set<string>[]; df: Map<string, number> }>();
function anchorsOf(library: Library) {
  let found = libraryAnchors.get(library);
  if (!found) {
    const bySource = library.sources.map((p) => anchors(p.source.text));
    const df = new Map<string, number>();
    for (const set of bySource) for (const a of set) df.set(a, (df.get(a) ?? 0) + 1);
    found = { bySource, df };
    libraryAnchors.set(library, found);
  }
  return found;
}

/**
 * The source that shares the most (rarity-weighted) names and numbers with the page, if it shares
 * at least MIN_SHARED and no other source shares as much: the one source a translated page may
 * render. Ties give none (when unsure, no candidate).
 */
export function anchoredSources(pageText: string, library: Library): PreparedSource[] {
  const page = anchors(pageText);
  if (page.size < MIN_SHARED) return [];
  const { bySource, df } = anchorsOf(library);
  const n = library.sources.length;
  const scored = bySource.map((set, i) => {
    let shared = 0;
    let weight = 0;
    for (const a of page)
      if (set.has(a)) {
        shared++;
        weight += Math.log(n / df.get(a)!) + FLOOR;
      }
    return { i, shared, weight };
  });
  scored.sort((a, b) => b.weight - a.weight);
  const [best, next] = scored;
  if (!best || best.shared < MIN_SHARED || (next && next.weight >= best.weight)) return [];
  return [library.sources[best.i]!];
}
