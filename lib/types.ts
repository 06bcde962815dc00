/**
 * Shared types of the Sourcelight core. Everything here is plain data, so it crosses the
 * extension's message boundary, IndexedDB and the CLI's JSON output unchanged.
 */

/** A source article in the user's library. */
export interface Source {
  /** Stable id: the file name without `.txt` for folder imports. */
  id: string;
  title: string;
  outlet: string | null;
  url: string | null;
  /** ISO date (`2025-06-18`) or partial date (`2025-07`) as the publisher gave it. */
  published: string | null;
  /** BCP 47 language tag, `en` when unknown. */
  language: string;
  /** Article body as loaded, one paragraph per line. Offsets in matches index into this string. */
  text: string;
}

/** How a page passage renders a source passage. */
export type MatchKind = 'verbatim' | 'variant' | 'paraphrase' | 'reuse';

/** A number or date in a matched claim that differs between page and source. */
export interface Divergence {
  page: string;
  source: string;
  /** Plain words for the reader, e.g. "number differs" or "date differs". */
  what: string;
}

/** Who is said to have spoken, on each side; null when no attribution is found. */
export interface Speaker {
  page: string | null;
  source: string | null;
}

/** One link from a page passage to a source passage. */
export interface Match {
  kind: MatchKind;
  /** UTF-16 offsets into the page's article text (see `ExtractedArticle.text`). */
  pageStart: number;
  pageEnd: number;
  /** The page's words as they stand in its article text. */
  pageText: string;
  sourceId: string;
  /** UTF-16 offsets into `Source.text` as loaded. */
  sourceStart: number;
  sourceEnd: number;
  sourceText: string;
  /** Confidence in [0, 1]. */
  score: number;
  speaker: Speaker;
  divergences: Divergence[];
  /** Set when the link was made through meaning only (the sentence model; `score` is the similarity). */
  via?: 'meaning';
}

export type ActorType = 'person' | 'organization';

/** Where an actor is named in the page's article text. */
export interface ActorMention {
  text: string;
  start: number;
  end: number;
}

/** A person or organisation named by the sources, with the page's mentions of them. */
export interface ActorHit {
  name: string;
  type: ActorType;
  role: string | null;
  sourceIds: string[];
  mentions: ActorMention[];
}

/** What the article extractor found in a page. */
export interface ExtractedArticle {
  title: string | null;
  url: string | null;
  byline: string | null;
  siteName: string | null;
  published: string | null;
  lang: string | null;
  /** Whether the page looks like an article (Readability's readerable check and a usable extraction). */
  isArticle: boolean;
  /** Article text with one paragraph per line; all page offsets index into it. */
  text: string;
}

/** The result of analysing one page against the library. */
export interface PageReport {
  page: { title: string | null; url: string | null; isArticle: boolean; textLength: number };
  matches: Match[];
  actors: ActorHit[];
}
