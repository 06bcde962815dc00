/**
 * The `vectors` store: each source's passages and sentence-model vectors, computed once and kept
 * with the source, so a page is compared with stored vectors and only its own sentences are
 * embedded. A record is used only when it was made by the same model and cutting rules from the
 * same text; otherwise it is computed again and replaced.
 */
import type { PreparedSource } from '../library';
import type { SentenceEncoder } from '../semantic/encoder';
import { embedSource, type SourceEmbeddings } from '../semantic/stage';
import { UNITS_VERSION } from '../semantic/units';
import type { SourcelightDatabase, StoredVectors } from './schema';

/** What a source's vectors derive from: the model, the cutting rules and a digest of the text. */
export async function vectorsFrom(encoder: SentenceEncoder, text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const hex = Array.from(new Uint8Array(digest).subarray(0, 16), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return `${encoder.modelId}|${UNITS_VERSION}|${hex}`;
}

/** Whether a stored record holds usable vectors derived from `from`. */
function usable(record: StoredVectors | undefined, from: string): record is StoredVectors {
  return (
    record !== undefined &&
    record.from === from &&
    record.vectors?.data instanceof Float32Array &&
    Array.isArray(record.units) &&
    record.vectors.data.length === record.units.length * record.vectors.dim
  );
}

/**
 * A source's vectors for the semantic stage: from the store when current, else computed and
 * stored. Concurrent asks for one source share one computation.
 */
export function storedEmbeddings(
  db: SourcelightDatabase,
  encoder: SentenceEncoder,
): (prepared: PreparedSource) => Promise<SourceEmbeddings> {
  const pending = new Map<string, Promise<SourceEmbeddings>>();
  return (prepared) => {
    const id = prepared.source.id;
    const text = prepared.source.text;
    const key = `${id}\n${text.length}`;
    let found = pending.get(key);
    if (!found) {
      found = (async () => {
        const from = await vectorsFrom(encoder, text);
        const stored = await db.get('vectors', id).catch(() => undefined);
        if (usable(stored, from)) return { units: stored.units, vectors: stored.vectors };
        const computed = await embedSource(prepared, encoder);
        // Derived data: a store that refuses (quota) costs a recomputation next time, nothing more.
        await db.put('vectors', { id, from, ...computed }).catch(() => undefined);
        return computed;
      })().finally(() => pending.delete(key));
      pending.set(key, found);
    }
    return found;
  };
}

/** Drops the vectors of removed sources. */
export async function dropVectors(db: SourcelightDatabase, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const tx = db.transaction('vectors', 'readwrite');
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}
