/** Requests of the options page and popup about the library of sources: list, import, edit, remove, export. */
import { toCollection } from '../../anchoring/model';
import { sourceFromPage } from '../../import/sources';
import type { Handlers, LibraryExport, StoredSource } from '../../messages';
import { SourceError, validateSource } from '../../sources';
import type { ServiceContext } from '../context';
import { guardQuota } from '../schema';
import { addSources, allStored, missingDefaults, storedRecord, summarize } from '../sources-store';

type LibraryRequests =
  | 'library.list'
  | 'library.import'
  | 'library.update'
  | 'library.remove'
  | 'library.restore'
  | 'library.export'
  | 'library.addPage'
  | 'library.addTab'
  | 'library.defaults'
  | 'library.addDefaults';

/** The handlers of the library's requests. */
export function libraryHandlers(ctx: ServiceContext): Pick<Handlers, LibraryRequests> {
  const { db } = ctx;
  const addPage: Handlers['library.addPage'] = async ({ page, text }) => {
    const source = sourceFromPage(page, text, new Set(await db.getAllKeys('sources')));
    const { added } = await addSources(ctx, [source], 'page', page.title || page.url);
    return added[0]!;
  };

  return {
    'library.list': async () => (await allStored(ctx)).map(summarize),
    'library.import': ({ sources, origin, where, files }) =>
      addSources(ctx, sources, origin, where ?? 'import', files),
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
        const next: StoredSource = { ...old, source: merged, updatedAt: ctx.now() };
        // The stored actors were read with the old metadata (the outlet decides what is boilerplate).
        const fresh = storedRecord(ctx, merged, old.origin, old.addedAt).derived;
        next.derived = {
          ...old.derived,
          ...(fresh ?? { actors: undefined, actorsVersion: undefined }),
        };
        await tx.store.put(next);
        await tx.done;
        return next;
      });
      ctx.changed({ put: [result] });
      return summarize(result);
    },
    'library.remove': async ({ id }) => {
      const tx = db.transaction('sources', 'readwrite');
      const old = await tx.store.get(id);
      if (!old) throw new SourceError(`No source with the id "${id}" in your library.`);
      await tx.store.delete(id);
      await tx.done;
      ctx.changed({ removed: [id] });
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
          ...storedRecord(ctx, source, removed.origin ?? 'file', removed.addedAt ?? ctx.now()),
          derived: removed.derived,
        };
        await tx.store.put(stored);
        await tx.done;
        return stored;
      });
      ctx.changed({ put: [result] });
      return summarize(result);
    },
    'library.export': async (): Promise<LibraryExport> => {
      const [sources, annotations, visits, corrections, settings] = await Promise.all([
        allStored(ctx),
        db.getAllFromIndex('annotations', 'by-modified'),
        db.getAll('visits'),
        db.getAll('corrections'),
        db.getAll('settings'),
      ]);
      return {
        format: 'sourcelight-export',
        version: 1,
        exportedAt: new Date(ctx.now()).toISOString(),
        sources: sources.map((s) => ({ ...s.source, addedAt: s.addedAt, origin: s.origin })),
        annotations: toCollection(annotations),
        visits,
        corrections,
        settings,
      };
    },
    'library.addPage': addPage,
    'library.addTab': async ({ tabId }) => {
      if (!ctx.options.fetchTabArticle) throw new Error('Saving a tab is not available here.');
      const { page, text } = await ctx.options.fetchTabArticle(tabId);
      return addPage({ page, text }, { tabId, url: page.url });
    },
    'library.defaults': async () => ({
      total: ctx.defaultSources.length,
      missing: (await missingDefaults(ctx)).length,
    }),
    'library.addDefaults': async () => {
      const missing = await missingDefaults(ctx);
      if (missing.length) await addSources(ctx, missing, 'default', 'default library');
      return { added: missing.length };
    },
  };
}
