/** Requests about W3C annotations: save, list, re-anchoring status, delete, export and import. */
import {
  annotationMatches,
  createAnnotation,
  pageKey,
  toCollection,
  type WebAnnotation,
} from '../../anchoring/model';
import { parseAnnotations } from '../../import/annotations';
import type { Handlers } from '../../messages';
import type { ServiceContext } from '../context';
import { guardQuota } from '../schema';

type AnnotationRequests =
  | 'annotation.save'
  | 'annotation.listForPage'
  | 'annotation.list'
  | 'annotation.anchored'
  | 'annotation.delete'
  | 'annotation.export'
  | 'annotation.import';

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
    'annotation.import': async ({ data, where }) => {
      const items: WebAnnotation[] = parseAnnotations(data, where, ctx.newId, new Date(ctx.now()));
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
  };
}
