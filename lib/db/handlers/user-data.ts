/** Requests about what the user keeps besides sources and annotations: visits, actor corrections, settings. */
import { checkCorrections } from '../../actors/index';
import type { Handlers } from '../../messages';
import type { Correction } from '../schema';
import { guardQuota } from '../schema';
import { listActors } from '../actor-views';
import type { ServiceContext } from '../context';

type UserDataRequests =
  | 'visits.list'
  | 'corrections.get'
  | 'corrections.set'
  | 'actors.list'
  | 'settings.get'
  | 'settings.set';

/** The handlers of visits, corrections and settings. */
export function userDataHandlers(ctx: ServiceContext): Pick<Handlers, UserDataRequests> {
  const { db } = ctx;
  return {
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
      const record: Correction = { key: 'actors', kind: 'actors', value, updatedAt: ctx.now() };
      await guardQuota('the actor corrections', () => db.put('corrections', record));
    },
    'actors.list': async () =>
      listActors(await ctx.getLibrary(), (await ctx.actorCorrections()) ?? {}),
    'settings.get': async ({ key }) => (await db.get('settings', key))?.value ?? null,
    'settings.set': async ({ key, value }) => {
      await guardQuota('the setting', () => db.put('settings', { key, value }));
    },
  };
}
