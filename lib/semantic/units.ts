/**
 * The passages the sentence model compares: on the page, its quotes and sentences; in a source,
 * its sentences (before trailing boilerplate) and its direct quotes, each with who says it.
 */
import type { PreparedSource } from '../library';
import { pageQuotes, isCreditLine } from '../match/page-quotes';
import { textSentences } from '../text/attribution';
import { tokenize } from '../text/normalize';

/** A passage given to the model. */
export interface SemanticUnit {
  start: number;
  end: number;
  /** A direct quote (its words are someone's), not a whole sentence. */
  quote: boolean;
}

/** Fewer words than this and a passage says too little for its meaning to be compared safely. */
export const MIN_QUOTE_WORDS = 4;
export const MIN_SENTENCE_WORDS = 6;
/**
 * Version of the cutting rules and of how vectors are computed (2: one sentence per run): stored
 * source vectors of another version are computed again.
 */
export const UNITS_VERSION = 2;

const wordCount = (text: string, start: number, end: number) => tokenize(text, start, end).length;

/** Trims spaces and opening/closing quote marks and dashes off a range. */
function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /[\s"'“”‘’«»„‚\u2013\u2014]/u.test(text[start]!)) start++;
  while (end > start && /[\s"'“”‘’«»„‚]/u.test(text[end - 1]!)) end--;
  return { start, end };
}

/** The page's quotes and sentences worth comparing by meaning. */
export function pageUnits(text: string): SemanticUnit[] {
  const units: SemanticUnit[] = [];
  for (const q of pageQuotes(text)) {
    if (isCreditLine(text, q.start, q.end)) continue;
    const r = trimmed(text, q.start, q.end);
    if (wordCount(text, r.start, r.end) >= MIN_QUOTE_WORDS) units.push({ ...r, quote: true });
  }
  for (const s of textSentences(text)) {
    const r = trimmed(text, s.start, s.end);
    if (wordCount(text, r.start, r.end) >= MIN_SENTENCE_WORDS) units.push({ ...r, quote: false });
  }
  return units;
}

/** A source's passages, in a fixed order (the order its stored vectors follow), with their speakers. */
export function sourceUnits(
  prepared: PreparedSource,
): (SemanticUnit & { speaker: string | null })[] {
  const text = prepared.source.text;
  const units: (SemanticUnit & { speaker: string | null })[] = [];
  prepared.sentences.forEach((s, k) => {
    if (s.start >= prepared.bodyEnd) return;
    const r = trimmed(text, s.start, Math.min(s.end, prepared.bodyEnd));
    if (wordCount(text, r.start, r.end) >= MIN_QUOTE_WORDS)
      units.push({ ...r, quote: false, speaker: prepared.sentenceSpeakers[k] ?? null });
  });
  for (const q of prepared.quotes) {
    if (q.start >= prepared.bodyEnd) continue;
    const r = trimmed(text, q.start, q.end);
    if (wordCount(text, r.start, r.end) >= MIN_QUOTE_WORDS)
      units.push({ ...r, quote: true, speaker: q.speaker });
  }
  return units;
}
