/**
 * The background's request handlers: everything the extension's pages and content script ask of
 * the library, annotations, visits, corrections and settings. Kept out of the entrypoint so tests
 * drive it with fake-indexeddb and no browser.
 */
import {
  ACTOR_RULES_VERSION,
  actorByName,
  checkCorrections,
  extractSourceActors,
  libraryActors,
  type ActorCorrections,
  type SourceActor,
} from '../actors/index';
import { analyzeText } from '../analyze';
import type { OffPageArticle } from '../extract-offpage';
import {
  annotationMatches,
  createAnnotation,
  pageKey,
  toCollection,
  type WebAnnotation,
} from '../anchoring/model';
import { parseAnnotations } from '../import/annotations';
import { sourceFromPage } from '../import/sources';
import {
  createLibrary,
  INDEX_FORMAT,
  indexAgrees,
  indexRulesProbe,
  snapshotIndex,
  type IndexSnapshot,
  type Library,
} from '../library';
import { sourceQuotes } from '../match/index';
import {
  matchKey,
  type ActorList,
  type LibraryExport,
  type PageInfo,
  type SourceSummary,
} from '../messages';
import type { LibraryHandlers } from '../messaging/index';
import { SourceError, validateSource } from '../sources';
import { loadWordTables } from '../text/words';
import type { ActorHit, Source } from '../types';
import {
  guardQuota,
  type Correction,
  type PageVisit,
  type SourceOrigin,
  type SourcelightDatabase,
  type StoredSource,
} from './schema';

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
   * Names the code that builds the stem index (the extension's version): a stored index built by
   * another version is never used.
   */
  indexTag?: string;
}

/** The handlers plus the hooks the background entrypoint wires to install events and menus. */
export interface LibraryService {
  handlers: LibraryHandlers;
  /** Adds the default library when the library has never been seeded; returns how many sources were added. */
  seedDefaultsOnce: () => Promise<number>;
  /** The prepared library, built lazily and rebuilt after changes. */
  getLibrary: () => Promise<Library>;
}

/** Setting keys the service itself uses. */
export const SETTING_SEEDED = 'library.seeded';
const siteKey = (host: string) => `site:${host.toLowerCase()}`;

/** The cache entry that holds the library's stem index. */
const CACHE_STEM_INDEX = 'stem-index';

/**
 * What a stem index is built from: the index format, the building code's tag, and each source's id,
 * last change and length, in the order the library holds them. Any difference makes a stored index stale.
 */
export function indexFrom(all: StoredSource[], tag: string): string {
  // Two 32-bit FNV-1a hashes with different seeds: a 64-bit fingerprint without a crypto round trip.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
  };
  for (const s of all) mix(`${s.id}\u0000${s.updatedAt}\u0000${s.source.text.length}\u0001`);
  return `${INDEX_FORMAT}:${tag}:${all.length}:${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

/** Summarises a stored source for lists. */
export function summarize(stored: StoredSource): SourceSummary {
  const { text, ...meta } = stored.source;
  return { ...meta, textLength: text.length, addedAt: stored.addedAt, origin: stored.origin };
}

/** Creates the handlers over an open database. */
export function createLibraryService(options: ServiceOptions): LibraryService {
  const { db, defaultSources = [] } = options;
  const now = options.now ?? (() => Date.now());
  const newId = options.newId ?? (() => `urn:uuid:${crypto.randomUUID()}`);
  let library: Promise<Library> | null = null;

  const getLibrary = (): Promise<Library> => {
    library ??= db.getAll('sources').then(buildLibrary);
    // A failed build must not stick: the next request tries again.
    library.catch(() => (library = null));
    return library;
  };
  const changed = () => {
    library = null;
  };

  /**
   * The library of the stored sources, with the actors stored with them. The service worker is
   * stopped when idle and builds the library again on waking: extracting every source's actors
   * each time would take seconds for a large library. Actors stored by other rules (an update) are
   * extracted again here and stored back, so that happens once.
   */
  const buildLibrary = async (all: StoredSource[]): Promise<Library> => {
    const sourceActors = new Map<string, SourceActor[]>();
    const refreshed: StoredSource[] = [];
    for (const stored of all) {
      const d = stored.derived;
      if (d?.actorsVersion === ACTOR_RULES_VERSION && Array.isArray(d.actors)) {
        sourceActors.set(stored.id, d.actors as SourceActor[]);
        continue;
      }
      try {
        const actors = extractSourceActors(stored.source);
        sourceActors.set(stored.id, actors);
        refreshed.push({
          ...stored,
          derived: { ...d, actors, actorsVersion: ACTOR_RULES_VERSION },
        });
      } catch {
        // Left to findActors, which extracts what it is not given.
      }
    }
    if (refreshed.length) void storeRefreshed(refreshed);
    const sources = all.map((s) => s.source);
    const from = indexFrom(all, `${options.indexTag ?? ''}/${indexRulesProbe()}`);
    const stored = await readCachedIndex(from);
    if (stored) {
      try {
        const restored = createLibrary(sources, { sourceActors, index: stored });
        // A few sources cut again must agree with the stored index, or it is not used.
        if (
          restored.stems.postings === stored.postings &&
          indexAgrees(restored, [0, sources.length >> 1, sources.length - 1])
        )
          return restored;
      } catch {
        // A damaged entry: built again below.
      }
    }
    const built = createLibrary(sources, { sourceActors });
    if (sources.length > 0) void writeCachedIndex(from, snapshotIndex(built));
    return built;
  };
  /** The stored stem index when it was built from `from`; null when absent, stale or unreadable. */
  const readCachedIndex = async (from: string): Promise<IndexSnapshot | null> => {
    try {
      const entry = await db.get('cache', CACHE_STEM_INDEX);
      return entry && entry.from === from ? (entry.value as IndexSnapshot) : null;
    } catch {
      return null;
    }
  };
  /** Stores the stem index; a cache, so a failure (quota) only means building it again next time. */
  const writeCachedIndex = async (from: string, value: IndexSnapshot) => {
    try {
      await db.put('cache', { key: CACHE_STEM_INDEX, from, value });
    } catch {
      // Built again on the next wake.
    }
  };
  /** Writes refreshed derived data back; a cache, so failures (quota, a source removed meanwhile) are ignored. */
  const storeRefreshed = async (records: StoredSource[]) => {
    try {
      const tx = db.transaction('sources', 'readwrite');
      for (const r of records) {
        const current = await tx.store.get(r.id);
        // Only where the source is still the one the actors were read from.
        if (current && current.source.text === r.source.text)
          await tx.store.put({ ...current, derived: r.derived });
      }
      await tx.done;
    } catch {
      // Extracted again on the next build.
    }
  };

  /** The user's actor corrections (rename, merge, aliases, hide), applied to every analysis. */
  const actorCorrections = async (): Promise<ActorCorrections | undefined> => {
    const c = await db.get('corrections', 'actors');
    return c?.kind === 'actors' && checkCorrections(c.value) === null
      ? (c.value as ActorCorrections)
      : undefined;
  };

  const store = (source: Source, origin: SourceOrigin, addedAt = now()): StoredSource => {
    const stored: StoredSource = { id: source.id, source, origin, addedAt, updatedAt: now() };
    try {
      stored.derived = { actors: extractSourceActors(source), actorsVersion: ACTOR_RULES_VERSION };
    } catch {
      // Derived data is a cache: a failure here must not block adding the source.
    }
    return stored;
  };

  /** Adds sources in one transaction: validation and id clashes are checked before anything is written. */
  const addSources = async (
    sources: Source[],
    origin: SourceOrigin,
    where: string,
    files?: string[],
  ) => {
    if (sources.length === 0) throw new SourceError(`${where}: no sources to add`);
    const whereOf = (i: number) =>
      files?.[i] ?? (sources.length > 1 ? `${where}: source ${i + 1}` : where);
    const valid = sources.map((s, i) => validateSource(s, whereOf(i)));
    const seen = new Set<string>();
    for (const s of valid) {
      if (seen.has(s.id))
        throw new SourceError(`${where}: two sources have the id "${s.id}"; nothing was added`);
      seen.add(s.id);
    }
    const result = await guardQuota('the imported sources', async () => {
      const tx = db.transaction('sources', 'readwrite');
      const existing = await Promise.all(valid.map((s) => tx.store.get(s.id)));
      const added: SourceSummary[] = [];
      const unchanged: string[] = [];
      const toAdd: StoredSource[] = [];
      for (const [i, s] of valid.entries()) {
        const old = existing[i];
        if (old && old.source.text === s.text) unchanged.push(s.id);
        else if (old) {
          // Nothing has been written yet, so throwing leaves the transaction empty.
          throw new SourceError(
            `${whereOf(i)}: your library already has a different source with the id "${s.id}" ("${old.source.title}"). Rename the file or remove that source first; nothing was added.`,
          );
        } else toAdd.push(store(s, origin));
      }
      for (const s of toAdd) {
        await tx.store.put(s);
        added.push(summarize(s));
      }
      await tx.done;
      return { added, unchanged };
    });
    if (result.added.length) changed();
    return result;
  };

  const seedDefaultsOnce = async (): Promise<number> => {
    if ((await db.get('settings', SETTING_SEEDED))?.value) return 0;
    const missing = await missingDefaults();
    if (missing.length) await addSources(missing, 'default', 'default library');
    await db.put('settings', { key: SETTING_SEEDED, value: true });
    return missing.length;
  };
  const missingDefaults = async (): Promise<Source[]> => {
    const have = new Set(await db.getAllKeys('sources'));
    return defaultSources.filter((s) => !have.has(s.id));
  };

  const summariesFor = async (ids: Iterable<string>): Promise<Record<string, SourceSummary>> => {
    const out: Record<string, SourceSummary> = {};
    for (const id of ids) {
      const stored = await db.get('sources', id);
      if (stored) out[id] = summarize(stored);
    }
    return out;
  };

  const isEnabled = async (host: string) =>
    (await db.get('settings', siteKey(host)))?.value !== false;

  const recordVisit = async (
    page: PageInfo,
    text: string,
    report: ReturnType<typeof analyzeText>,
  ) => {
    const url = pageKey(page.url);
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      return; // Not a web page (e.g. about:blank): nothing to compare across outlets.
    }
    const t = now();
    await guardQuota('the page visit', async () => {
      const tx = db.transaction('visits', 'readwrite');
      const old = await tx.store.get(url);
      const visit: PageVisit = {
        url,
        host,
        outlet: page.siteName?.trim() || host.replace(/^www\./, ''),
        title: page.title,
        published: page.published,
        byline: page.byline,
        lang: page.lang,
        visitedAt: t,
        firstVisitedAt: old?.firstVisitedAt ?? t,
        visitCount: (old?.visitCount ?? 0) + 1,
        textLength: text.length,
        matches: report.matches.map(
          ({
            kind,
            pageStart,
            pageEnd,
            pageText,
            sourceId,
            sourceStart,
            sourceEnd,
            score,
            divergences,
            speaker,
          }) => ({
            kind,
            pageStart,
            pageEnd,
            pageText,
            sourceId,
            sourceStart,
            sourceEnd,
            score,
            divergences,
            speaker,
          }),
        ),
        actors: [...new Set(report.actors.map((a) => a.name))],
      };
      await tx.store.put(visit);
      await tx.done;
    });
  };

  const dismissedFor = async (url: string): Promise<string[]> => {
    const c = await db.get('corrections', `dismissed:${pageKey(url)}`);
    return c?.kind === 'dismissed' ? c.keys : [];
  };

  const allStored = async (): Promise<StoredSource[]> =>
    (await db.getAll('sources')).sort((a, b) => b.addedAt - a.addedAt || a.id.localeCompare(b.id));

  /** The library and its word tables, ready for a 'page.analyze' that is likely to follow. */
  const prepareLibrary = async (): Promise<Library> => {
    const lib = await getLibrary();
    loadWordTables();
    return lib;
  };

  const handlers: LibraryHandlers = {
    'page.analyze': async ({ page, text }) => {
      let host = '';
      try {
        host = new URL(page.url).hostname;
      } catch {
        // Analyse anyway; only visit recording needs a host.
      }
      const enabled = host ? await isEnabled(host) : true;
      const empty = {
        page: { title: page.title, url: page.url, isArticle: false, textLength: text.length },
        matches: [],
        actors: [],
      };
      if (!enabled) return { report: empty, sources: {}, dismissed: [], enabled };
      const lib = await getLibrary();
      const timings = { matchMs: 0, actorsMs: 0 };
      const report = analyzeText(
        text,
        lib,
        { title: page.title, url: page.url },
        { corrections: await actorCorrections(), timings },
      );
      // A page saved as a source is no evidence about itself: leave its own stored copy out.
      const here = pageKey(page.url);
      const own = new Set(
        lib.sources
          .filter((p) => p.source.url && pageKey(p.source.url) === here)
          .map((p) => p.source.id),
      );
      if (own.size) {
        report.matches = report.matches.filter((m) => !own.has(m.sourceId));
        report.actors = report.actors
          .map((a) => ({ ...a, sourceIds: a.sourceIds.filter((id) => !own.has(id)) }))
          .filter((a) => a.sourceIds.length > 0);
      }
      const dismissed = await dismissedFor(page.url);
      if (dismissed.length) {
        const gone = new Set(dismissed);
        report.matches = report.matches.filter((m) => !gone.has(matchKey(m)));
      }
      if (report.matches.length || report.actors.length) await recordVisit(page, text, report);
      const ids = new Set([
        ...report.matches.map((m) => m.sourceId),
        ...report.actors.flatMap((a) => a.sourceIds),
      ]);
      return { report, sources: await summariesFor(ids), dismissed, enabled, timings };
    },
    'source.get': async ({ id }) => (await db.get('sources', id))?.source ?? null,
    'actor.details': async ({ name }) =>
      actorDetails(await getLibrary(), name, await actorCorrections()),
    'match.dismiss': async ({ url, key }) => {
      const page = pageKey(url);
      await guardQuota('the dismissed match', async () => {
        const tx = db.transaction('corrections', 'readwrite');
        const old = await tx.store.get(`dismissed:${page}`);
        const keys = old?.kind === 'dismissed' ? old.keys : [];
        if (!keys.includes(key)) keys.push(key);
        await tx.store.put({
          key: `dismissed:${page}`,
          kind: 'dismissed',
          url: page,
          keys,
          updatedAt: now(),
        });
        await tx.done;
      });
    },
    'site.setEnabled': async ({ host, enabled }) => {
      await guardQuota('the site setting', () =>
        db.put('settings', { key: siteKey(host), value: enabled }),
      );
    },
    'site.isEnabled': ({ host }) => isEnabled(host),

    'library.prepare': async () => ({ sources: (await prepareLibrary()).sources.length }),
    'page.extract': async ({ html, url }) => {
      if (!options.extractAway) throw new Error('This browser cannot read pages away from them.');
      const reading = options.extractAway(html, url);
      // The page's article is on its way: the library is got ready meanwhile, as for 'library.prepare'.
      void prepareLibrary().catch(() => undefined);
      return reading;
    },
    'library.list': async () => (await allStored()).map(summarize),
    'library.import': ({ sources, origin, where, files }) =>
      addSources(sources, origin, where ?? 'import', files),
    'library.update': async ({ id, changes }) => {
      const result = await guardQuota('the source', async () => {
        const tx = db.transaction('sources', 'readwrite');
        const old = await tx.store.get(id);
        if (!old)
          throw new SourceError(
            `No source with the id "${id}" in your library (it may have been removed).`,
          );
        const merged = validateSource(
          { ...old.source, ...changes, id: old.id, text: old.source.text },
          `source "${id}"`,
        );
        const next: StoredSource = { ...old, source: merged, updatedAt: now() };
        // The stored actors were read with the old metadata (the outlet decides what is boilerplate).
        const fresh = store(merged, old.origin, old.addedAt).derived;
        next.derived = {
          ...old.derived,
          ...(fresh ?? { actors: undefined, actorsVersion: undefined }),
        };
        await tx.store.put(next);
        await tx.done;
        return summarize(next);
      });
      changed();
      return result;
    },
    'library.remove': async ({ id }) => {
      const tx = db.transaction('sources', 'readwrite');
      const old = await tx.store.get(id);
      if (!old) throw new SourceError(`No source with the id "${id}" in your library.`);
      await tx.store.delete(id);
      await tx.done;
      changed();
      return old;
    },
    'library.restore': async ({ removed }) => {
      const source = validateSource(removed?.source, 'restored source');
      const result = await guardQuota('the restored source', async () => {
        const tx = db.transaction('sources', 'readwrite');
        if (await tx.store.get(source.id))
          throw new SourceError(
            `A source with the id "${source.id}" is already back in your library.`,
          );
        const stored: StoredSource = {
          ...store(source, removed.origin ?? 'file', removed.addedAt ?? now()),
          derived: removed.derived,
        };
        await tx.store.put(stored);
        await tx.done;
        return summarize(stored);
      });
      changed();
      return result;
    },
    'library.export': async (): Promise<LibraryExport> => {
      const [sources, annotations, visits, corrections, settings] = await Promise.all([
        allStored(),
        db.getAllFromIndex('annotations', 'by-modified'),
        db.getAll('visits'),
        db.getAll('corrections'),
        db.getAll('settings'),
      ]);
      return {
        format: 'sourcelight-export',
        version: 1,
        exportedAt: new Date(now()).toISOString(),
        sources: sources.map((s) => ({ ...s.source, addedAt: s.addedAt, origin: s.origin })),
        annotations: toCollection(annotations),
        visits,
        corrections,
        settings,
      };
    },
    'library.addPage': async ({ page, text }) => {
      const source = sourceFromPage(page, text, new Set(await db.getAllKeys('sources')));
      const { added } = await addSources([source], 'page', page.title || page.url);
      return added[0]!;
    },
    'library.addTab': async ({ tabId }) => {
      if (!options.fetchTabArticle) throw new Error('Saving a tab is not available here.');
      const { page, text } = await options.fetchTabArticle(tabId);
      return handlers['library.addPage']({ page, text }, { tabId, url: page.url });
    },
    'library.defaults': async () => ({
      total: defaultSources.length,
      missing: (await missingDefaults()).length,
    }),
    'library.addDefaults': async () => {
      const missing = await missingDefaults();
      if (missing.length) await addSources(missing, 'default', 'default library');
      return { added: missing.length };
    },

    'annotation.save': async ({ draft }) => {
      const previous = draft.id ? await db.get('annotations', draft.id) : undefined;
      const annotation = createAnnotation(draft, new Date(now()), newId, previous);
      await guardQuota('the annotation', () => db.put('annotations', annotation));
      return annotation;
    },
    'annotation.listForPage': async ({ url }) =>
      (await db.getAllFromIndex('annotations', 'by-page', pageKey(url))).sort((a, b) =>
        a.created.localeCompare(b.created),
      ),
    'annotation.list': async ({ query }) => {
      const all = await db.getAllFromIndex('annotations', 'by-modified');
      return all.reverse().filter((a) => annotationMatches(a, query ?? ''));
    },
    'annotation.anchored': async ({ url, anchored, orphans }) => {
      const page = pageKey(url);
      const stamp = new Date(now()).toISOString();
      await guardQuota('the annotation status', async () => {
        const tx = db.transaction('annotations', 'readwrite');
        for (const [id, orphan] of [
          ...anchored.map((id) => [id, false] as const),
          ...orphans.map((id) => [id, true] as const),
        ]) {
          const a = await tx.store.get(id);
          // Only the page's own annotations, and only when the status changes.
          if (!a || a.target.source !== page || Boolean(a['sourcelight:orphanedAt']) === orphan)
            continue;
          if (orphan) a['sourcelight:orphanedAt'] = stamp;
          else delete a['sourcelight:orphanedAt'];
          await tx.store.put(a);
        }
        await tx.done;
      });
    },
    'annotation.delete': async ({ id }) => {
      const tx = db.transaction('annotations', 'readwrite');
      const old = (await tx.store.get(id)) ?? null;
      if (old) await tx.store.delete(id);
      await tx.done;
      return old;
    },
    'annotation.export': async () =>
      toCollection(await db.getAllFromIndex('annotations', 'by-modified')),
    'annotation.import': async ({ data, where }) => {
      const items: WebAnnotation[] = parseAnnotations(data, where, newId, new Date(now()));
      return guardQuota('the imported annotations', async () => {
        const tx = db.transaction('annotations', 'readwrite');
        let added = 0;
        let updated = 0;
        for (const a of items) {
          if (await tx.store.get(a.id)) updated++;
          else added++;
          await tx.store.put(a);
        }
        await tx.done;
        return { added, updated };
      });
    },

    'visits.list': async ({ host }) => {
      const visits = host
        ? await db.getAllFromIndex('visits', 'by-host', host)
        : await db.getAll('visits');
      return visits.sort((a, b) => b.visitedAt - a.visitedAt);
    },
    'corrections.get': async () => {
      const c = await db.get('corrections', 'actors');
      return c?.kind === 'actors' ? c.value : null;
    },
    'corrections.set': async ({ value }) => {
      const problem = checkCorrections(value);
      if (problem) throw new Error(`actor corrections: ${problem}`);
      const record: Correction = { key: 'actors', kind: 'actors', value, updatedAt: now() };
      await guardQuota('the actor corrections', () => db.put('corrections', record));
    },
    'actors.list': async () => listActors(await getLibrary(), (await actorCorrections()) ?? {}),
    'settings.get': async ({ key }) => (await db.get('settings', key))?.value ?? null,
    'settings.set': async ({ key, value }) => {
      await guardQuota('the setting', () => db.put('settings', { key, value }));
    },
  };

  return { handlers, seedDefaultsOnce, getLibrary };
}

/**
 * An actor's details for the popover: the merged actor (role, sources) and the source quotes whose
 * attributed speaker is one of the actor's names.
 */
export function actorDetails(library: Library, name: string, corrections?: ActorCorrections) {
  const found = actorByName(library, name, corrections) ?? null;
  const actor: ActorHit | null = found
    ? {
        name: found.name,
        type: found.type,
        role: found.role,
        sourceIds: found.sourceIds,
        mentions: [],
      }
    : null;
  // A speaker counts as the actor when it contains one of the actor's distinctive names.
  const keys = new Set(
    [found?.surname, found?.name ?? name, ...(found?.aliases ?? [])]
      .filter((k): k is string => !!k && k.length > 2)
      .map((k) => k.toLowerCase()),
  );
  // A set: an actor of a large library may be named by thousands of its sources.
  const namedBy = new Set(actor?.sourceIds ?? []);
  const naming = library.sources.filter((p) => namedBy.has(p.source.id));
  const quotes: { sourceId: string; text: string; start: number; end: number }[] = [];
  for (const p of naming) {
    for (const q of sourceQuotes(p)) {
      const speaker = q.speaker?.toLowerCase();
      if (speaker && [...keys].some((k) => speaker.includes(k) || k.includes(speaker))) {
        quotes.push({ sourceId: p.source.id, text: q.text, start: q.start, end: q.end });
      }
    }
  }
  return { actor, quotes, sourceCount: naming.length };
}

/**
 * The actor list the options page edits: every actor after the corrections, with the ones the
 * user hid still listed (flagged), so a hidden actor can be shown again.
 */
export function listActors(library: Library, corrections: ActorCorrections): ActorList {
  // Everything but hiding applied, then hiding on its own: the difference is the hidden actors.
  const all = libraryActors(library, { ...corrections, hidden: [] });
  const visible = new Set(libraryActors(library, corrections).map((a) => a.id));
  const titles = new Map(library.sources.map((p) => [p.source.id, p.source.title]));
  return {
    actors: all.map((a) => ({
      id: a.id,
      name: a.name,
      type: a.type,
      role: a.role,
      sources: a.sourceIds.map((id) => ({ id, title: titles.get(id) ?? id })),
      aliases: [...a.aliases],
      descriptors: [...a.descriptors],
      removedAliases: [...a.blockedAliases],
      hidden: !visible.has(a.id),
    })),
    corrections,
  };
}
