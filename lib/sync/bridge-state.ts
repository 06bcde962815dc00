/**
 * What the bridge remembers between runs, in a `_local` document of the sync database (never
 * replicated): how far the inbox got, what is not pushed yet, and the lists the options page shows.
 */
import type { MergedNote, QuarantinedDoc, RemovedSource, SourceConflict } from '../sync-protocol';
import type { PouchDatabase } from './pouch';

/** What the bridge remembers between runs (a `_local` document: never replicated). */
export interface BridgeState {
  appliedSeq: number | string;
  seeded: boolean;
  /** Documents written here and not yet seen pushed. */
  pending: string[];
  quarantined: QuarantinedDoc[];
  removed: RemovedSource[];
  merged: MergedNote[];
  /** Sources with texts not yet decided between (see `SourceVersion`). */
  sourceConflicts: SourceConflict[];
}

const STATE_ID = '_local/sourcelight-bridge';
/** How many quarantined, removed, merged and conflicting entries the options page lists. */
const KEEP = 50;

/** A list with `entry` first (replacing an entry of the same id), at most `KEEP` long. */
export const keepFirst = <T extends { id: string }>(list: T[], entry: T): T[] =>
  [entry, ...list.filter((e) => e.id !== entry.id)].slice(0, KEEP);

/** The state of the bridge over `local`: read once, then kept in memory and saved on request. */
export function bridgeState(local: PouchDatabase) {
  let state: BridgeState | null = null;
  const load = async (): Promise<BridgeState> => {
    if (state) return state;
    const fresh: BridgeState = {
      appliedSeq: 0,
      seeded: false,
      pending: [],
      quarantined: [],
      removed: [],
      merged: [],
      sourceConflicts: [],
    };
    try {
      const doc = (await local.get(STATE_ID)) as unknown as BridgeState;
      state = { ...fresh, ...doc };
    } catch {
      state = fresh;
    }
    return state;
  };
  const save = async () => {
    const s = await load();
    let rev: string | undefined;
    try {
      rev = (await local.get(STATE_ID))._rev;
    } catch {
      // First save.
    }
    const { _id: _i, _rev: _r, ...plain } = s as BridgeState & { _id?: string; _rev?: string };
    await local.put({ ...plain, _id: STATE_ID, ...(rev ? { _rev: rev } : {}) });
  };
  return { load, save };
}
