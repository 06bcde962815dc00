/**
 * Background handlers for annotations that are not highlights: importing files that hold page
 * notes, replies and orphans as well; the page's highlights for the overlay to anchor; and the
 * page's notes and threads for the popup. Kept apart from service.ts, which spreads them in.
 */
import { annotationKind, pageKey, type WebAnnotation } from '../../anchoring/model';
import { readAnnotationDocuments } from '../../import/annotations';
import type { Handlers } from '../../messages';
import type { ServiceContext } from '../context';
import { guardQuota } from '../schema';

type AnnotationHandlers = Pick<
  Handlers,
  'annotation.import' | 'annotation.listForPage' | 'annotation.notesForPage'
>;

/** A JSON text of a record with its keys sorted, so two stored records compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** Creates the handlers over an open database. */
export function noteHandlers(ctx: ServiceContext): AnnotationHandlers {
  const { db } = ctx;
  return {
    'annotation.import': async ({ data, where, documents }) => {
      const { annotations } = readAnnotationDocuments(
        documents ?? [{ name: where, data }],
        ctx.newId,
        new Date(ctx.now()),
      );
      return guardQuota('the imported annotations', async () => {
        const tx = db.transaction('annotations', 'readwrite');
        let added = 0;
        let updated = 0;
        let unchanged = 0;
        // Read first, write after: a failure before the writes leaves the store as it was.
        const old = await Promise.all(annotations.map((a) => tx.store.get(a.id)));
        for (const [i, a] of annotations.entries()) {
          const before = old[i];
          if (before && canonical(before) === canonical(a)) {
            unchanged++;
            continue;
          }
          if (before) updated++;
          else added++;
          await tx.store.put(a);
        }
        await tx.done;
        return { added, updated, unchanged };
      });
    },
    // Only highlights: page notes, replies and imported orphans have no passage to find.
    'annotation.listForPage': async ({ url }) =>
      (await db.getAllFromIndex('annotations', 'by-page', pageKey(url)))
        .filter((a) => annotationKind(a) === 'highlight')
        .sort(byCreated),
    'annotation.notesForPage': async ({ url }) => {
      const all = await db.getAllFromIndex('annotations', 'by-page', pageKey(url));
      const ids = new Set(all.map((a) => a.id));
      return {
        notes: all.filter((a) => annotationKind(a) === 'page-note').sort(byCreated),
        replies: all.filter((a) => annotationKind(a) === 'reply').sort(byCreated),
        // Replies whose annotation is gone (deleted, or never exported) are shown with the page notes.
        unanswered: all
          .filter((a) => {
            const parent = a['sourcelight:references']?.at(-1);
            return annotationKind(a) === 'reply' && parent !== undefined && !ids.has(parent);
          })
          .map((a) => a.id),
      };
    },
  };
}

const byCreated = (a: WebAnnotation, b: WebAnnotation) => a.created.localeCompare(b.created);
