/**
 * The typed protocol between the extension's parts. The background service worker owns the
 * database and the prepared library; the content script, popup, options page and dashboard send
 * it requests and never open IndexedDB themselves (a content script's IndexedDB would be the news
 * site's). Each request name maps to its payload and its response.
 *
 * Article text crosses this boundary only inside the extension (runtime messaging); it is never
 * sent over the network.
 */
import type { ActorCorrections } from './actors/model';
import type { AnalyzeTimings } from './analyze';
import type { AnnotationCollection, AnnotationDraft, WebAnnotation } from './anchoring/model';
import type { PassageComparison } from './diff/compare';
import type { OffPageArticle } from './extract-offpage';
import type { SemanticStatus } from './semantic/session';
import type { SyncProtocol, SyncRequestName } from './sync-protocol';
import type { ActorHit, ActorType, Match, PageReport, Source } from './types';

export type { AnnotationCollection, AnnotationDraft, WebAnnotation } from './anchoring/model';

/** How a source entered the library. */
export type SourceOrigin = 'default' | 'file' | 'paste' | 'page';

/** A source as stored, with bookkeeping. The derived match index is rebuilt in memory (it is cheap and version-dependent). */
export interface StoredSource {
  id: string;
  source: Source;
  origin: SourceOrigin;
  addedAt: number;
  updatedAt: number;
  /** Derived data computed at import time (e.g. the actors the source names), opaque to the database. */
  derived?: Record<string, unknown>;
}

/** One match on a visited page, without the source text (that stays in the library). */
export type VisitMatch = Pick<
  Match,
  | 'kind'
  | 'pageStart'
  | 'pageEnd'
  | 'pageText'
  | 'sourceId'
  | 'sourceStart'
  | 'sourceEnd'
  | 'score'
  | 'divergences'
  | 'speaker'
  | 'via'
>;

/** A page that rendered something from the library: what the coverage comparison reads. One record per URL. */
export interface PageVisit {
  url: string;
  host: string;
  /** The site's name, or the host without `www.` when the page does not say. */
  outlet: string;
  title: string | null;
  published: string | null;
  byline: string | null;
  lang: string | null;
  /** Time of the latest visit (ms since epoch); the report below is from that visit. */
  visitedAt: number;
  firstVisitedAt: number;
  visitCount: number;
  textLength: number;
  matches: VisitMatch[];
  /** Names of the actors the page mentions. */
  actors: string[];
}

/** Source metadata without its (possibly long) text, for lists. */
export type SourceSummary = Omit<Source, 'text'> & {
  textLength: number;
  addedAt: number;
  origin?: SourceOrigin;
};

/** Metadata a user may edit on a stored source (the text and id stay, so offsets and links hold). */
export type SourceChanges = Partial<
  Pick<Source, 'title' | 'outlet' | 'url' | 'published' | 'language'>
>;

/** Everything the user stored, as one JSON document ("Export everything"). */
export interface LibraryExport {
  format: 'sourcelight-export';
  version: 1;
  exportedAt: string;
  sources: (Source & { addedAt: number; origin: SourceOrigin })[];
  annotations: AnnotationCollection;
  visits: PageVisit[];
  corrections: unknown[];
  settings: { key: string; value: unknown }[];
}

/** One actor of the library as the options page lists it: after the user's corrections, hidden ones included. */
export interface ActorListEntry {
  /** The id corrections refer to (stays the same across renames). */
  id: string;
  name: string;
  type: ActorType;
  role: string | null;
  /** The sources that name the actor, with their titles for display. */
  sources: { id: string; title: string }[];
  /** Every way pages may write the actor (user-added ones included, removed ones left out). */
  aliases: string[];
  /** Titles the sources use on their own for the actor. */
  descriptors: string[];
  /** Names the user removed: never matched. */
  removedAliases: string[];
  /** The user hid this actor: it is never highlighted, but stays listed so it can be shown again. */
  hidden: boolean;
}

/** The answer to 'actors.list': the corrected actor list and the corrections that produced it. */
export interface ActorList {
  actors: ActorListEntry[];
  /** The stored corrections ({} when none, or when the stored value is unreadable). */
  corrections: ActorCorrections;
}

/** Requests the background sends to a tab's content script (e.g. the context menu's "Save this page as a source"). */
export interface ContentProtocol {
  /** The page's extracted article text and metadata. */
  'content.article': [Record<string, never>, { page: PageInfo; text: string }];
  /** Sources, annotations or corrections arrived from the team: read the page again. */
  'content.libraryChanged': [Record<string, never>, undefined];
}

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
  /** Time the background spent matching and finding actors (ms), for the benchmarks; absent when nothing was analysed. */
  timings?: AnalyzeTimings;
}

/** The background's answer to 'page.meaning'. */
export interface MeaningResult {
  /** Links made through meaning (`via: 'meaning'`), none of them overlapping a lexical match. */
  matches: Match[];
  /** Metadata of the sources those links point to, by id. */
  sources: Record<string, SourceSummary>;
  status: SemanticStatus;
}

/** A stable key for a match on a page, used to remember "Not a match". */
export function matchKey(
  m: Pick<Match, 'sourceId' | 'sourceStart' | 'sourceEnd' | 'pageText'>,
): string {
  return `${m.sourceId}:${m.sourceStart}-${m.sourceEnd}:${m.pageText.toLowerCase().replace(/\W+/g, ' ').trim()}`;
}

/** Request name → [payload, response]. The background implements every entry (team sync's in lib/sync-protocol.ts). */
export interface Protocol extends SyncProtocol {
  /**
   * Match an article against the library; records a page visit for the coverage dashboard. A long
   * text comes as parts sent ahead ('page.textPart') under `textKey`, `text` being the last
   * (lib/messaging/text-parts.ts).
   */
  'page.analyze': [{ page: PageInfo; text: string; textKey?: string }, AnalyzeResult];
  /** One part of a long page text, sent ahead of the 'page.analyze' or 'page.meaning' that needs it. */
  'page.textPart': [{ key: string; index: number; count: number; part: string }, null];
  /**
   * Links made through meaning alone (the sentence model) for a page the content script already
   * drew lexically with 'page.analyze': sent after drawing, so they arrive without holding the
   * lexical highlights back. Empty, with the status saying why, when the model cannot run.
   */
  'page.meaning': [{ page: PageInfo; text: string; textKey?: string }, MeaningResult];
  /** Whether matching through meaning is on, loading, or off and why (for the popup). */
  'meaning.status': [Record<string, never>, SemanticStatus];
  /** A source with its text, for popover context. */
  'source.get': [{ id: string }, Source | null];
  /** The actor's quotes in the sources and how many sources name them. */
  'actor.details': [
    { name: string },
    {
      actor: ActorHit | null;
      quotes: { sourceId: string; text: string; start: number; end: number }[];
      sourceCount: number;
    },
  ];
  /**
   * What a page passage and its source passage share and where they part (lib/diff/compare.ts), for
   * the popover and the dashboard: it needs the word tables, which only the background holds.
   */
  'passage.compare': [{ page: string; source: string }, PassageComparison];
  /** Remember a dismissed match for a page. */
  'match.dismiss': [{ url: string; key: string }, undefined];
  'site.setEnabled': [{ host: string; enabled: boolean }, undefined];
  'site.isEnabled': [{ host: string }, boolean];
  /**
   * Gets the library and word tables ready ahead of a 'page.analyze' that is likely to follow (the
   * page looks like an article): a waking service worker builds them while the page runs Readability.
   * Carries no page data.
   */
  'library.prepare': [Record<string, never>, { sources: number }];
  /**
   * Reads the article of a big page, serialised, away from it (see lib/extract-offpage.ts); the
   * background gets the library ready meanwhile, as 'library.prepare' does. The page's HTML stays
   * inside the extension.
   */
  'page.extract': [{ html: string; url: string }, OffPageArticle];
  /**
   * Opens the reader away from the page ahead of a big page's HTML (Chrome's offscreen document),
   * and says whether the page may send it there itself (`lib/messaging/read-away.ts`) rather than
   * through the background with 'page.extract'; the library is got ready meanwhile. Carries no page data.
   */
  'page.openAway': [Record<string, never>, { direct: boolean }];

  /** Every source in the library, newest first, without texts. */
  'library.list': [Record<string, never>, SourceSummary[]];
  /** Adds sources all-or-nothing: any invalid source or id clash rejects the whole import. Same id and text as stored counts as unchanged. */
  'library.import': [
    {
      sources: Source[];
      origin: SourceOrigin;
      where?: string /** The file each source came from, for messages. */;
      files?: string[];
    },
    { added: SourceSummary[]; unchanged: string[] },
  ];
  /** Edits a source's metadata. */
  'library.update': [{ id: string; changes: SourceChanges }, SourceSummary];
  /** Removes a source and hands back the full record, so the user can undo. */
  'library.remove': [{ id: string }, StoredSource];
  /** Puts back a removed source (undo). */
  'library.restore': [{ removed: StoredSource }, SourceSummary];
  /** Everything stored, as one JSON document. */
  'library.export': [Record<string, never>, LibraryExport];
  /** Saves an article (from the popup or the context menu) as a source. */
  'library.addPage': [{ page: PageInfo; text: string }, SourceSummary];
  /** Saves the article in a tab as a source: the background asks the tab's content script for it. */
  'library.addTab': [{ tabId: number }, SourceSummary];
  /** How many of the embedded default library's sources exist, and how many are missing from the library. */
  'library.defaults': [Record<string, never>, { total: number; missing: number }];
  /** Adds the embedded default library's missing sources. */
  'library.addDefaults': [Record<string, never>, { added: number }];

  /** Saves a new annotation, or edits one when `draft.id` is given. */
  'annotation.save': [{ draft: AnnotationDraft }, WebAnnotation];
  /** Highlights of one page (URL fragment ignored), oldest first: the annotations the overlay anchors. */
  'annotation.listForPage': [{ url: string }, WebAnnotation[]];
  /**
   * A page's notes about the whole page and its replies (oldest first), for the popup; `unanswered`
   * names replies whose annotation is no longer there.
   */
  'annotation.notesForPage': [
    { url: string },
    { notes: WebAnnotation[]; replies: WebAnnotation[]; unanswered: string[] },
  ];
  /** All annotations, newest first, filtered by a free-text query over quote, note, tags, title and URL. */
  'annotation.list': [{ query?: string }, WebAnnotation[]];
  /** The content script reports which of a page's annotations it re-anchored and which are orphans now. */
  'annotation.anchored': [{ url: string; anchored: string[]; orphans: string[] }, undefined];
  /** Deletes an annotation and hands it back (for undo through 'annotation.import'). */
  'annotation.delete': [{ id: string }, WebAnnotation | null];
  /** All annotations as a W3C AnnotationCollection (JSON-LD). */
  'annotation.export': [Record<string, never>, AnnotationCollection];
  /**
   * Imports W3C annotations (a collection, page, array or single one), Hypothesis API rows or
   * export, all-or-nothing; `documents` when several files were selected together (a collection
   * and its page files). A record already stored exactly so counts as unchanged.
   */
  'annotation.import': [
    { data: unknown; where: string; documents?: { name: string; data: unknown }[] },
    { added: number; updated: number; unchanged: number },
  ];

  /** Recorded page visits (pages that matched the library), most recent first. */
  'visits.list': [{ host?: string }, PageVisit[]];
  /** User corrections: actor edits (opaque JSON owned by lib/actors). */
  'corrections.get': [{ kind: 'actors' }, unknown];
  'corrections.set': [{ kind: 'actors'; value: unknown }, undefined];
  /** The library's actors after the user's corrections, hidden ones included and flagged, for the options page. */
  'actors.list': [Record<string, never>, ActorList];
  /** Any JSON setting by key; null when unset. */
  'settings.get': [{ key: string }, unknown];
  'settings.set': [{ key: string; value: unknown }, undefined];
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
export type Reply<K extends RequestName = RequestName> =
  | { ok: true; value: Response<K> }
  | { ok: false; error: string };

/**
 * Who sent a request, as far as the handler needs to know (the tab for content scripts). `kind` is
 * set for runtime messages ('page': one of the extension's pages; 'content': the content script in
 * a tab, whose `url` is the page's address as the browser reports it) and absent for the
 * background's own calls.
 */
export interface RequestSender {
  tabId: number | null;
  url: string | null;
  kind?: 'page' | 'content';
}

/**
 * The requests the content script may send. It runs inside pages that sites control, so the
 * background serves it nothing else (no library edits, exports, settings or other pages' data).
 */
export const CONTENT_SCRIPT_REQUESTS = [
  'page.analyze',
  'page.textPart',
  'page.meaning',
  'page.extract',
  'page.openAway',
  'library.prepare',
  'source.get',
  'passage.compare',
  'actor.details',
  'match.dismiss',
  'site.isEnabled',
  'annotation.save',
  'annotation.listForPage',
  'annotation.anchored',
] as const satisfies readonly RequestName[];

/** One handler per request name; each may answer synchronously or with a promise. */
export type Handlers = {
  [K in RequestName]: (
    payload: Payload<K>,
    sender: RequestSender,
  ) => Response<K> | Promise<Response<K>>;
};

export type { SyncRequestName } from './sync-protocol';

/** Every handler but team sync's: what lib/db's service implements (the background adds lib/sync's). */
export type LibraryHandlers = Omit<Handlers, SyncRequestName>;
