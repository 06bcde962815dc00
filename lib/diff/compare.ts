/**
 * What two passages share and where they part, for a reader: the popover and the dashboard show a
 * word-by-word diff only when most words are the same; for a paraphrase they show the claim's words,
 * names and figures both passages carry, and the names, figures and telling words only one side has.
 * Words are judged by the matcher's own measures (rarity in English, stems, spelling variants and
 * shared WordNet senses, lib/text/words.ts), so function words never show as findings.
 */
import { matchTokens, type MatchToken, wordSimilarity } from '../text/words';
import type { DiffPart } from './word-diff';

/** What a term is, so the view can set names and figures apart from other words. */
export type TermKind = 'name' | 'figure' | 'word';

/** A run of words one side has, in that side's own wording. */
export interface Term {
  text: string;
  kind: TermKind;
}

/** Words both passages carry: the page's wording, the source's, and whether they are the same word. */
export interface SharedTerm extends Term {
  source: string;
  /** False when the two sides use a related word (harm / damage) or another spelling. */
  same: boolean;
}

/** The comparison of a page passage with its source passage. */
export interface PassageComparison {
  /** Share of the page's content words (weighted by rarity) the source also carries, in [0, 1]. */
  overlap: number;
  shared: SharedTerm[];
  pageOnly: Term[];
  sourceOnly: Term[];
}

/** A word carries part of a claim at this rarity (the matcher's content-word weight). */
const CONTENT = 0.2;
/** Words only one side has are listed when this rare: common words say little about meaning. */
const TELLING = 0.5;
/** Most terms a list shows: the popover is a glance, not a concordance. */
const MAX_TERMS = 10;

const isFigure = (t: MatchToken) => /^\p{N}/u.test(t.norm);

function kindOf(tokens: MatchToken[], i: number, text: string): TermKind {
  const t = tokens[i]!;
  if (isFigure(t)) return 'figure';
  // A capital that does not open a sentence marks a name; at a sentence start only a rare word does.
  const opens = i === 0 || /[.!?:"“”]\s*$/.test(text.slice(tokens[i - 1]!.end, t.start));
  if (t.cap && (!opens || t.weight >= 0.99)) return 'name';
  return 'word';
}

/** Which kind a joined term takes, and the order leftovers are listed in: figures, names, words. */
const RANK: Record<TermKind, number> = { figure: 0, name: 1, word: 2 };

const matters = (t: MatchToken) => isFigure(t) || t.weight >= CONTENT;

/**
 * Pairs each content word of the page with the most similar unused content word of the source,
 * figures only with the same figure, then reads the pairs and the leftovers as terms in each side's
 * order. Neighbouring words paired with neighbouring words become one term ("fishing boats").
 */
export function comparePassages(pageText: string, sourceText: string): PassageComparison {
  const page = matchTokens(pageText);
  const source = matchTokens(sourceText);
  const partner = new Array<number>(page.length).fill(-1);
  const used = new Set<number>();
  page.forEach((p, i) => {
    if (!matters(p)) return;
    let best = -1;
    let bestSim = 0;
    source.forEach((s, j) => {
      if (used.has(j) || !matters(s)) return;
      const sim = isFigure(p) || isFigure(s) ? (p.norm === s.norm ? 1 : 0) : wordSimilarity(p, s);
      if (sim > bestSim) [best, bestSim] = [j, sim];
    });
    if (best >= 0) {
      partner[i] = best;
      used.add(best);
    }
  });

  type Work = SharedTerm & { from: number; pageEnd: number; srcFrom: number; srcEnd: number };
  const shared: Work[] = [];
  let weightAll = 0;
  let weightShared = 0;
  for (let i = 0; i < page.length; i++) {
    const p = page[i]!;
    if (!matters(p)) continue;
    const w = Math.max(p.weight, CONTENT);
    weightAll += w;
    const j = partner[i]!;
    if (j < 0) continue;
    weightShared += w;
    const s = source[j]!;
    const kind = kindOf(page, i, pageText);
    const same = p.stem === s.stem || p.norm === s.norm;
    const prev = shared[shared.length - 1];
    // Joined with the term before when both sides continue it word for word ("March 19").
    if (prev?.same && same && prev.pageEnd === i - 1 && prev.srcEnd === j - 1) {
      prev.text = pageText.slice(prev.from, p.end);
      prev.source = sourceText.slice(prev.srcFrom, s.end);
      if (RANK[kind] < RANK[prev.kind]) prev.kind = kind;
      prev.pageEnd = i;
      prev.srcEnd = j;
      continue;
    }
    shared.push({
      text: pageText.slice(p.start, p.end),
      kind,
      source: sourceText.slice(s.start, s.end),
      same,
      from: p.start,
      pageEnd: i,
      srcFrom: s.start,
      srcEnd: j,
    });
  }

  const leftovers = (tokens: MatchToken[], text: string, taken: (i: number) => boolean) => {
    const out: Term[] = [];
    // A word the other side has elsewhere in the pairing ("role" twice in the source) is not missing.
    const seen = new Set<string>([
      ...page.filter((_, i) => partner[i]! >= 0).map((t) => t.stem),
      ...source.filter((_, j) => used.has(j)).map((t) => t.stem),
    ]);
    tokens.forEach((t, i) => {
      if (taken(i) || !(isFigure(t) || t.weight >= TELLING) || seen.has(t.stem)) return;
      seen.add(t.stem);
      out.push({ text: text.slice(t.start, t.end), kind: kindOf(tokens, i, text) });
    });
    // Figures and names first: they are what a reader checks.
    return out.sort((a, b) => RANK[a.kind] - RANK[b.kind]).slice(0, MAX_TERMS);
  };

  return {
    overlap: weightAll === 0 ? 0 : weightShared / weightAll,
    shared: shared
      .map(({ text, kind, source: s, same }) => ({ text, kind, source: s, same }))
      .slice(0, MAX_TERMS * 2),
    pageOnly: leftovers(page, pageText, (i) => partner[i]! >= 0),
    sourceOnly: leftovers(source, sourceText, (j) => used.has(j)),
  };
}

/**
 * Whether a word-by-word diff reads well: at least three words in five are the same on both sides.
 * Below that a diff is mostly struck-out words, and the comparison of shared terms says more.
 */
export function diffReadable(parts: readonly DiffPart[]): boolean {
  const words = (s: string) => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length);
  let same = 0;
  let all = 0;
  for (const p of parts) {
    const n = Math.max(words(p.page), words(p.source));
    all += n;
    if (p.op === 'same') same += n;
  }
  return all > 0 && same / all >= 0.6;
}
