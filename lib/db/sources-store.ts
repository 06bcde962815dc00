/**
 * Writing and listing stored sources: the one place that turns a validated source into a stored
 * record (with its actors read once) and adds sources all-or-nothing.
 */
import { ACTOR_RULES_VERSION, extractSourceActors } from '../actors/index';
import type { SourceOrigin, SourceSummary, StoredSource } from '../messages';
import { SourceError, validateSource } from '../sources';
import type { Source } from '../types';
import type { ServiceContext } from './context';
import { guardQuota } from './schema';

/** Summarises a stored source for lists. */
export function summarize(stored: StoredSource): SourceSummary {
  const { text, ...meta } = stored.source;
  return { ...meta, textLength: text.length, addedAt: stored.addedAt, origin: stored.origin };
}

/** A source as a stored record, with the actors it names read now (a cache: a failure leaves them out). */
export function storedRecord(
  ctx: ServiceContext,
  source: Source,
  origin: SourceOrigin,
  addedAt = ctx.now(),
): StoredSource {
  const stored: StoredSource = { id: source.id, source, origin, addedAt, updatedAt: ctx.now() };
  try {
    stored.derived = { actors: extractSourceActors(source), actorsVersion: ACTOR_RULES_VERSION };
  } catch {
    // Derived data is a cache: a failure here must not block adding the source.
  }
  return stored;
}

/** Adds sources in one transaction: validation and id clashes are checked before anything is written. */
export async function addSources(
  ctx: ServiceContext,
  sources: Source[],
  origin: SourceOrigin,
  where: string,
  files?: string[],
): Promise<{ added: SourceSummary[]; unchanged: string[] }> {
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
    const tx = ctx.db.transaction('sources', 'readwrite');
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
      } else toAdd.push(storedRecord(ctx, s, origin));
    }
    for (const s of toAdd) {
      await tx.store.put(s);
      added.push(summarize(s));
    }
    await tx.done;
    return { added, unchanged, written: toAdd };
  });
  if (result.added.length) ctx.changed({ put: result.written });
  return { added: result.added, unchanged: result.unchanged };
}

/** Every stored source, newest first. */
export async function allStored(ctx: ServiceContext): Promise<StoredSource[]> {
  return (await ctx.db.getAll('sources')).sort(
    (a, b) => b.addedAt - a.addedAt || a.id.localeCompare(b.id),
  );
}

/** The embedded default library's sources that are not in the library. */
export async function missingDefaults(ctx: ServiceContext): Promise<Source[]> {
  const have = new Set(await ctx.db.getAllKeys('sources'));
  return ctx.defaultSources.filter((s) => !have.has(s.id));
}

/** Summaries of the stored sources among `ids`, by id (absent ids are left out). */
export async function summariesFor(
  ctx: ServiceContext,
  ids: Iterable<string>,
): Promise<Record<string, SourceSummary>> {
  const out: Record<string, SourceSummary> = {};
  const list = [...ids];
  if (list.length === 0) return out;
  // One transaction, every read asked at once: one wait for IndexedDB instead of one per source.
  const tx = ctx.db.transaction('sources', 'readonly');
  const stored = await Promise.all(list.map((id) => tx.store.get(id)));
  for (const [i, s] of stored.entries()) if (s) out[list[i]!] = summarize(s);
  return out;
}
