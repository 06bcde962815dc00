/**
 * The user's corrections to the automatic actor list (rename, merge, add or remove an alias,
 * hide), applied as a pure function so the core stays free of storage: the library stores the
 * corrections and hands them in.
 */
import { normalizedWords } from '../text/normalize';
import type { ActorCorrections, LibraryActor } from './model';

/** Finds the actor a correction names: by id, else by current name or an alias (case and accents ignored). */
export function resolveActor(actors: LibraryActor[], ref: string): LibraryActor | undefined {
  const byId = actors.find((a) => a.id === ref);
  if (byId) return byId;
  const key = normalizedWords(ref.replace(/^the\s+/i, ''));
  return (
    actors.find((a) => normalizedWords(a.name.replace(/^the\s+/i, '')) === key) ??
    actors.find((a) => a.aliases.some((al) => normalizedWords(al.replace(/^the\s+/i, '')) === key))
  );
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Applies corrections in a fixed order (merges, aliases, renames, hiding) and returns new
 * records; the input is not changed. References to actors that no longer exist (a source was
 * removed) are skipped rather than failing, so stored corrections never block a page.
 */
export function applyCorrections(
  actors: LibraryActor[],
  corrections: ActorCorrections | undefined,
): LibraryActor[] {
  if (!corrections) return actors;
  let out = actors.map((a) => ({
    ...a,
    aliases: [...a.aliases],
    descriptors: [...a.descriptors],
    blockedAliases: [...a.blockedAliases],
  }));
  for (const [keepRef, absorbRef] of corrections.merges ?? []) {
    const keep = resolveActor(out, keepRef);
    const absorb = resolveActor(out, absorbRef);
    if (!keep || !absorb || keep === absorb) continue;
    keep.aliases = union(keep.aliases, [absorb.name, ...absorb.aliases]);
    keep.descriptors = union(keep.descriptors, absorb.descriptors);
    keep.sourceIds = union(keep.sourceIds, absorb.sourceIds);
    keep.qualifiers = union(keep.qualifiers, absorb.qualifiers);
    keep.role = keep.role ?? absorb.role;
    // The absorbed person's surname stays findable as an alias of the kept actor.
    if (absorb.surname && absorb.surname !== keep.surname)
      keep.aliases = union(keep.aliases, [absorb.surname]);
    out = out.filter((a) => a !== absorb);
  }
  for (const [ref, aliases] of Object.entries(corrections.aliasesAdded ?? {})) {
    const a = resolveActor(out, ref);
    if (!a) continue;
    const clean = aliases.map((s) => s.trim()).filter(Boolean);
    a.aliases = union(a.aliases, clean);
    const keys = new Set(clean.map((s) => normalizedWords(s)));
    a.blockedAliases = a.blockedAliases.filter((b) => !keys.has(normalizedWords(b)));
  }
  for (const [ref, aliases] of Object.entries(corrections.aliasesRemoved ?? {})) {
    const a = resolveActor(out, ref);
    if (!a) continue;
    const keys = new Set(aliases.map((s) => normalizedWords(s)));
    a.aliases = a.aliases.filter((al) => !keys.has(normalizedWords(al)));
    a.descriptors = a.descriptors.filter((d) => !keys.has(normalizedWords(d)));
    a.blockedAliases = union(a.blockedAliases, aliases);
  }
  for (const [ref, name] of Object.entries(corrections.renames ?? {})) {
    const a = resolveActor(out, ref);
    if (!a || name.trim() === '') continue;
    a.aliases = union(a.aliases, [a.name]);
    a.name = name.trim();
  }
  const hidden = new Set(
    (corrections.hidden ?? []).map((ref) => resolveActor(out, ref)).filter((a) => a !== undefined),
  );
  return out.filter((a) => !hidden.has(a));
}

/** Checks that stored corrections have the expected shape; returns a message naming the first problem, or null. */
export function checkCorrections(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'actor corrections must be an object';
  const v = value as Record<string, unknown>;
  const isStrList = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  const isMap = (x: unknown, ok: (y: unknown) => boolean) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(ok);
  if (v.renames !== undefined && !isMap(v.renames, (y) => typeof y === 'string'))
    return '"renames" must map actor ids to names';
  if (
    v.merges !== undefined &&
    !(
      Array.isArray(v.merges) && v.merges.every((p) => isStrList(p) && (p as string[]).length === 2)
    )
  )
    return '"merges" must be a list of [keep, absorb] pairs';
  if (v.aliasesAdded !== undefined && !isMap(v.aliasesAdded, isStrList))
    return '"aliasesAdded" must map actor ids to lists of names';
  if (v.aliasesRemoved !== undefined && !isMap(v.aliasesRemoved, isStrList))
    return '"aliasesRemoved" must map actor ids to lists of names';
  if (v.hidden !== undefined && !isStrList(v.hidden)) return '"hidden" must be a list of actor ids';
  return null;
}
