/**
 * What every request handler of the background may use: the open database, the clock and id
 * maker (tests fix both), the prepared library, and the few reads several handlers share.
 */
import { type ActorCorrections, checkCorrections } from '../actors/index';
import { pageKey } from '../anchoring/model';
import type { OffPageArticle } from '../extract-offpage';
import type { Library } from '../library';
import type { SemanticModel } from '../semantic/session';
import type { PageInfo } from '../messages';
import type { Source } from '../types';
import { createForeground, type Foreground } from './foreground';
import { createLibraryCache, type SourcesChange } from './library-cache';
import type { SourcelightDatabase } from './schema';

/** What the service needs from its host. */
export interface ServiceOptions {
  db: SourcelightDatabase;
  /** The library embedded in the build, offered on first run. */
  defaultSources?: Source[];
  now?: () => number;
  newId?: () => string;
  /** Asks a tab's content script for its article (the background wires this to tabs messaging). */
  fetchTabArticle?: (tabId: number) => Promise<{ page: PageInfo; text: string }>;
  /**
   * Reads the article of a serialised page away from it (the background wires this to the
   * offscreen document in Chrome and to DOMParser in Firefox's background page).
   */
  extractAway?: (html: string, url: string) => Promise<OffPageArticle>;
  /**
   * Opens the offscreen document a page may send its HTML to itself; absent where the background
   * reads pages itself (Firefox), so pages send it through the background.
   */
  openAway?: () => Promise<void>;
  /**
   * Names the code that builds the stem index (the extension's version): a stored index built by
   * another version is never used.
   */
  indexTag?: string;
  /** When a wake served from the stored library checks it against the sources (ms; tests use 0). */
  storedLibraryCheckMs?: number;
  /** How long after the last change of the sources the updated index is stored (ms; tests use 0). */
  storedLibraryWriteMs?: number;
  /** How long the prepared library is kept with no page asking for it (ms; see LIBRARY_RELEASE_MS). */
  libraryReleaseMs?: number;
  /**
   * Loads the sentence model for links made through meaning (the offscreen document's in Chrome,
   * the background page's own in Firefox). Absent: matching through meaning is off.
   */
  loadModel?: () => Promise<SemanticModel>;
  /**
   * Calls `closed` for each tab that closes until the returned function is called (the background
   * wires tabs.onRemoved, only while a meaning pass runs, so closing tabs never wakes the worker).
   */
  watchClosedTabs?: (closed: (tab: number) => void) => () => void;
  /** How long a page holds the model after its last request (ms; see ./foreground.ts). */
  pageHoldMs?: number;
}

/** The shared state handed to every handler table. */
export interface ServiceContext {
  db: SourcelightDatabase;
  options: ServiceOptions;
  defaultSources: Source[];
  now: () => number;
  newId: () => string;
  /** The prepared library, built lazily and rebuilt after changes. */
  getLibrary: () => Promise<Library>;
  /** The library for one page's matching, its texts perhaps not read yet (see `LibraryCache`). */
  getPageLibrary: () => Promise<Library>;
  /** Reads those texts for a page (see `LibraryCache.readTexts`). */
  readTexts: (library: Library, positions: () => Iterable<number>) => Promise<boolean>;
  /** Updates the prepared library after a write to the sources (drops it when not told what changed). */
  changed: (change?: SourcesChange) => void;
  /** After a page was matched against `library`: keeps the details it derived across the worker's stops. */
  libraryUsed: (library: Library) => void;
  /** The user's actor corrections (rename, merge, aliases, hide), applied to every analysis. */
  actorCorrections: () => Promise<ActorCorrections | undefined>;
  /** Whether the overlay runs on `host` (on unless the user turned it off there). */
  isEnabled: (host: string) => Promise<boolean>;
  /** Keys of the matches the user dismissed on the page at `url`. */
  dismissedFor: (url: string) => Promise<string[]>;
  /** Which tabs have a page being read: the background's slow work waits for them (./foreground.ts). */
  foreground: Foreground;
}

/** The settings key that holds whether the overlay runs on a site. */
export const siteKey = (host: string) => `site:${host.toLowerCase()}`;

/** Creates the context over an open database. */
export function createServiceContext(options: ServiceOptions): ServiceContext {
  const { db } = options;
  const foreground = createForeground({
    now: () => performance.now(),
    setTimeout: (run, ms) => setTimeout(run, ms),
    watchClosedTabs: options.watchClosedTabs,
    holdMs: options.pageHoldMs,
  });
  const cache = createLibraryCache(
    db,
    options.indexTag,
    options.storedLibraryCheckMs,
    options.storedLibraryWriteMs,
    foreground.idle,
    options.libraryReleaseMs,
  );
  // The last corrections read, by their JSON: the actor matcher is cached per corrections object,
  // so handing back the same object while they are unchanged spares building it again for every page.
  let lastCorrections: { json: string; value: ActorCorrections } | null = null;
  return {
    db,
    foreground,
    options,
    defaultSources: options.defaultSources ?? [],
    now: options.now ?? (() => Date.now()),
    newId: options.newId ?? (() => `urn:uuid:${crypto.randomUUID()}`),
    getLibrary: cache.getLibrary,
    getPageLibrary: cache.getPageLibrary,
    readTexts: cache.readTexts,
    changed: cache.changed,
    libraryUsed: cache.used,
    actorCorrections: async () => {
      const c = await db.get('corrections', 'actors');
      if (c?.kind !== 'actors' || checkCorrections(c.value) !== null) return undefined;
      const json = JSON.stringify(c.value);
      if (lastCorrections?.json !== json)
        lastCorrections = { json, value: c.value as ActorCorrections };
      return lastCorrections.value;
    },
    isEnabled: async (host) => (await db.get('settings', siteKey(host)))?.value !== false,
    dismissedFor: async (url) => {
      const c = await db.get('corrections', `dismissed:${pageKey(url)}`);
      return c?.kind === 'dismissed' ? c.keys : [];
    },
  };
}
