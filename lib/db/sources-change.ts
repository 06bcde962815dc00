/** A change of the stored sources, as the library cache applies it to the prepared library. */
import type { StoredSource } from '../messages';

/** Sources written (new or new versions) and ids removed, as the database now holds them. */
export interface SourcesChange {
  put?: StoredSource[];
  removed?: string[];
}

/** Changes in order as one: a later write of an id replaces an earlier one, a removal drops it. */
export function combine(changes: SourcesChange[]): SourcesChange {
  const put = new Map<string, StoredSource>();
  const removed = new Set<string>();
  for (const change of changes) {
    for (const s of change.put ?? []) {
      put.set(s.id, s);
      removed.delete(s.id);
    }
    for (const id of change.removed ?? []) {
      put.delete(id);
      removed.add(id);
    }
  }
  return { put: [...put.values()], removed: [...removed] };
}
