/** Requests about W3C annotations: save, list, re-anchoring status, delete and export (import and a page's lists: notes.ts). */
import { annotationMatches, createAnnotation, pageKey, toCollection } from '../../anchoring/model';
import type { Handlers } from '../../messages';
import type { ServiceContext } from '../context';
import { guardQuota } from '../schema';

type AnnotationRequests =
  | 'annotation.save'
  | 'annotation.list'
  | 'annotation.anchored'
  | 'annotation.delete'
  | 'annotation.export';

/** The handlers of the annotations' requests. */
export function annotationHandlers(ctx: ServiceContext): Pick<Handlers, AnnotationRequests> {
  const { db } = ctx;
  return {
    'annotation.save': async ({ draft }) => {
      const previous = draft.id ? await db.get('annotations', draft.id) : undefined;
      const annotation = createAnnotation(draft, new Date(ctx.now()), ctx.newId, previous);
      await guardQuota('the annotation', () => db.put('annotations', annotation));
      return annotation;
    },
    'annotation.list': async ({ query }) => {
      const all = await db.getAllFromIndex('annotations', 'by-modified');
      return all.reverse().filter((a) => annotationMatches(a, query ?? ''));
    },
    'annotation.anchored': async ({ url, anchored, orphans }) => {
      const page = pageKey(url);
      const stamp = new Date(ctx.now()).toISOString();
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
  };
}
