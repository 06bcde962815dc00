/**
 * The typed protocol between the extension's parts. The background service worker owns the
 * database and the prepared library; the content script, popup, options page and dashboard send
 * it requests and never open IndexedDB themselves (a content script's IndexedDB would be the news
 * site's). Each request name maps to its payload and its response.
 *
 * Article text crosses this boundary only inside the extension (runtime messaging); it is never
 * sent over the network.
 */
import type { ActorHit, Match, PageReport, Source } from './types';

/** Source metadata without its (possibly long) text, for lists. */
export type SourceSummary = Omit<Source, 'text'> & { textLength: number; addedAt: number };

/** What the content script knows about the page it analyses. */
export interface PageInfo {
  url: string;
  title: string | null;
  siteName: string | null;
  published: string | null;
  byline: string | null;
  lang: string | null;
}

/** The background's answer to an analysis request. */
export interface AnalyzeResult {
  report: PageReport;
  /** Metadata of every source a match or actor refers to, by id. */
  sources: Record<string, SourceSummary>;
  /** Keys of matches the user dismissed on this page ("Not a match"), already removed from `report`. */
  dismissed: string[];
  /** Whether the overlay is enabled for this site. */
  enabled: boolean;
}

/** A stable key for a match on a page, used to remember "Not a match". */
export function matchKey(m: Pick<Match, 'sourceId' | 'sourceStart' | 'sourceEnd' | 'pageText'>): string {
  return `${m.sourceId}:${m.sourceStart}-${m.sourceEnd}:${m.pageText.toLowerCase().replace(/\W+/g, ' ').trim()}`;
}

/** Request name → [payload, response]. The background implements every entry. */
export interface Protocol {
  /** Match an article against the library; records a page visit for the coverage dashboard. */
  'page.analyze': [{ page: PageInfo; text: string }, AnalyzeResult];
  /** A source with its text, for popover context. */
  'source.get': [{ id: string }, Source | null];
  /** The actor's quotes in the sources and how many sources name them. */
  'actor.details': [{ name: string }, { actor: ActorHit | null; quotes: { sourceId: string; text: string; start: number; end: number }[]; sourceCount: number }];
  /** Remember a dismissed match for a page. */
  'match.dismiss': [{ url: string; key: string }, void];
  'site.setEnabled': [{ host: string; enabled: boolean }, void];
  'site.isEnabled': [{ host: string }, boolean];
}

export type RequestName = keyof Protocol;
export type Payload<K extends RequestName> = Protocol[K][0];
export type Response<K extends RequestName> = Protocol[K][1];

/** The envelope sent over runtime messaging. */
export interface Envelope<K extends RequestName = RequestName> {
  sourcelight: K;
  payload: Payload<K>;
}

/** The reply envelope: errors travel as messages, never as thrown objects across the boundary. */
export type Reply<K extends RequestName = RequestName> = { ok: true; value: Response<K> } | { ok: false; error: string };
