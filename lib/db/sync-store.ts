/**
 * What team sync reads from and writes to the database: records by key, and the writes of
 * annotations, dismissals and actor corrections that arrive from colleagues. Sources arriving by
 * sync go through the library's own import, update and removal handlers instead, so they are
 * checked and indexed exactly like an import. Kept here so the database keeps one owner.
 */
import { checkCorrections } from '../actors/index';
import type { WebAnnotation } from '../anchoring/model';
import { guardQuota, type Correction, type SourcelightDatabase, type StoredSource } from './schema';

/** The sync-facing side of the database. */
export interface SyncStore {
  source(id: string): Promise<StoredSource | undefined>;
  sources(ids: string[]): Promise<(StoredSource | undefined)[]>;
  allSources(): Promise<StoredSource[]>;
  annotation(id: string): Promise<WebAnnotation | undefined>;
  allAnnotations(): Promise<WebAnnotation[]>;
  /** The dismissed match keys of a page (its key, the URL without fragment); null when none are stored. */
  dismissed(url: string): Promise<string[] | null>;
  allDismissed(): Promise<{ url: string; keys: string[] }[]>;
  /** The actor corrections with their last change; null when none are stored. */
  actors(): Promise<{ value: unknown; updatedAt: number } | null>;
  /**
   * Stores a colleague's annotation. Whether its passage was found on this browser's last visit
   * is this browser's own knowledge and is kept.
   */
  putAnnotation(annotation: WebAnnotation): Promise<void>;
  deleteAnnotation(id: string): Promise<void>;
  /** Adds a colleague's dismissals of a page to this browser's (dismissals are only ever added). */
  addDismissed(url: string, keys: string[], at: number): Promise<void>;
  putActors(value: unknown, updatedAt: number): Promise<void>;
}

/** The sync store over an open database. */
export function createSyncStore(db: SourcelightDatabase): SyncStore {
  return {
    source: (id) => db.get('sources', id),
    sources: async (ids) => {
      const tx = db.transaction('sources');
      const found = await Promise.all(ids.map((id) => tx.store.get(id)));
      await tx.done;
      return found;
    },
    allSources: () => db.getAll('sources'),
    annotation: (id) => db.get('annotations', id),
    allAnnotations: () => db.getAll('annotations'),
    dismissed: async (url) => {
      const c = await db.get('corrections', `dismissed:${url}`);
      return c?.kind === 'dismissed' ? c.keys : null;
    },
    allDismissed: async () =>
      (await db.getAll('corrections')).flatMap((c) =>
        c.kind === 'dismissed' ? [{ url: c.url, keys: c.keys }] : [],
      ),
    actors: async () => {
      const c = await db.get('corrections', 'actors');
      return c?.kind === 'actors' ? { value: c.value, updatedAt: c.updatedAt } : null;
    },
    putAnnotation: (annotation) =>
      guardQuota('an annotation from your team', async () => {
        const tx = db.transaction('annotations', 'readwrite');
        const old = await tx.store.get(annotation.id);
        const next: WebAnnotation = { ...annotation };
        delete next['sourcelight:orphanedAt'];
        if (old?.['sourcelight:orphanedAt'] && old.target.source === next.target.source)
          next['sourcelight:orphanedAt'] = old['sourcelight:orphanedAt'];
        await tx.store.put(next);
        await tx.done;
      }),
    deleteAnnotation: (id) => db.delete('annotations', id),
    addDismissed: (url, keys, at) =>
      guardQuota('dismissed matches from your team', async () => {
        const tx = db.transaction('corrections', 'readwrite');
        const old = await tx.store.get(`dismissed:${url}`);
        const have = old?.kind === 'dismissed' ? old.keys : [];
        const union = [...new Set([...have, ...keys])];
        if (union.length !== have.length) {
          const record: Correction = {
            key: `dismissed:${url}`,
            kind: 'dismissed',
            url,
            keys: union,
            updatedAt: at,
          };
          await tx.store.put(record);
        }
        await tx.done;
      }),
    putActors: async (value, updatedAt) => {
      const problem = checkCorrections(value);
      if (problem) throw new Error(`actor corrections: ${problem}`);
      await guardQuota('actor corrections from your team', () =>
        db.put('corrections', { key: 'actors', kind: 'actors', value, updatedAt }),
      );
    },
  };
}
