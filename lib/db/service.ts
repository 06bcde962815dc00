/**
 * The background's request handlers: everything the extension's pages and content script ask of
 * the library, annotations, visits, corrections and settings, as one table assembled from small
 * tables with one job each (`handlers/`). Kept out of the entrypoint so tests drive it with
 * fake-indexeddb and no browser.
 */
import type { Library } from '../library';
import type { LibraryHandlers, RequestSender } from '../messages';
import { createServiceContext, type ServiceOptions } from './context';
import type { Foreground } from './foreground';
import { annotationHandlers } from './handlers/annotations';
import { libraryHandlers } from './handlers/library';
import { meaningSession, withMeaning } from './handlers/meaning';
import { noteHandlers } from './handlers/notes';
import { pageHandlers } from './handlers/page';
import { withTextParts } from './handlers/text-parts';
import { userDataHandlers } from './handlers/user-data';
import { addSources, missingDefaults } from './sources-store';

export { actorDetails, listActors } from './actor-views';
export type { ServiceOptions } from './context';
export { warmPageCode } from './handlers/page';
export { indexFrom } from './library-cache';
export { summarize } from './sources-store';

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

/** Creates the handlers over an open database. */
export function createLibraryService(options: ServiceOptions): LibraryService {
  const ctx = createServiceContext(options);
  const handlers: LibraryHandlers = pagesFirst(
    withTextParts(
      withMeaning(
        ctx,
        {
          ...pageHandlers(ctx),
          ...libraryHandlers(ctx),
          ...annotationHandlers(ctx),
          ...noteHandlers(ctx),
          ...userDataHandlers(ctx),
        },
        meaningSession(ctx, options.loadModel),
      ),
    ),
    ctx.foreground,
  );
  const seedDefaultsOnce = async (): Promise<number> => {
    if ((await ctx.db.get('settings', SETTING_SEEDED))?.value) return 0;
    const missing = await missingDefaults(ctx);
    if (missing.length) await addSources(ctx, missing, 'default', 'default library');
    await ctx.db.put('settings', { key: SETTING_SEEDED, value: true });
    return missing.length;
  };
  return { handlers, seedDefaultsOnce, getLibrary: ctx.getLibrary };
}

/** A page's requests until it draws: the background's slow work waits while they are served. */
const PAGE_REQUESTS = [
  'site.isEnabled',
  'library.prepare',
  'page.extract',
  'page.openAway',
  'page.textPart',
  'page.analyze',
] as const;

/** `handlers` with a page's requests counted as the page being read (./foreground.ts). */
function pagesFirst(handlers: LibraryHandlers, foreground: Foreground): LibraryHandlers {
  const served = { ...handlers };
  for (const name of PAGE_REQUESTS) {
    const handler = handlers[name] as (payload: unknown, sender: RequestSender) => Promise<unknown>;
    (served as Record<string, unknown>)[name] = (payload: unknown, sender: RequestSender) =>
      foreground.serve(sender.tabId, () => handler(payload, sender));
  }
  return served;
}
