/**
 * Which requests change records the team shares, and which records: the outbox learns of local
 * changes here, from the requests themselves, so the database code needs no hooks. A request
 * whose answer does not name what it changed asks for a scan of that kind of record.
 */
import { pageKey } from '../anchoring/model';
import type { Payload, RequestName, Response } from '../messages';
import type { RecordKey } from './docs';

/** What a finished request changed: records by key, or whole kinds to compare again. */
export interface LocalChange {
  keys: RecordKey[];
  scan: RecordKey['kind'][];
}

type Rule<K extends RequestName> = (payload: Payload<K>, response: Response<K>) => LocalChange;

const keys = (kind: RecordKey['kind'], ...ids: string[]): LocalChange => ({
  keys: ids.map((key) => ({ kind, key })),
  scan: [],
});

/** Request → the shared records it changed. Requests not listed change nothing the team shares. */
const RULES: { [K in RequestName]?: Rule<K> } = {
  'library.import': (_p, r) => keys('source', ...r.added.map((s) => s.id)),
  'library.update': (p) => keys('source', p.id),
  'library.remove': (p) => keys('source', p.id),
  'library.restore': (p) => keys('source', p.removed.source.id),
  'library.addPage': (_p, r) => keys('source', r.id),
  'library.addTab': (_p, r) => keys('source', r.id),
  'annotation.save': (_p, r) => keys('annotation', r.id),
  'annotation.delete': (p) => keys('annotation', p.id),
  // An import answers with counts only: compare every annotation.
  'annotation.import': () => ({ keys: [], scan: ['annotation'] }),
  'match.dismiss': (p) => keys('dismissed', pageKey(p.url)),
  'corrections.set': () => keys('actors', 'actors'),
};

/** What a finished request changed, or null when it changed nothing shared. */
export function changeOf<K extends RequestName>(
  name: K,
  payload: Payload<K>,
  response: Response<K>,
): LocalChange | null {
  const rule = RULES[name] as Rule<K> | undefined;
  return rule ? rule(payload, response) : null;
}

/**
 * Wraps request handlers so each successful change is reported to `note` after it is stored. A
 * failure to report never fails the user's request: the change is found again by the next scan.
 */
export function trackChanges<H extends Partial<Record<RequestName, unknown>>>(
  handlers: H,
  note: (change: LocalChange) => void,
): H {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const name of Object.keys(RULES) as RequestName[]) {
    const handler = handlers[name] as ((p: unknown, s: unknown) => unknown) | undefined;
    if (!handler) continue;
    wrapped[name] = async (payload: unknown, sender: unknown) => {
      const response = await handler(payload, sender);
      try {
        const change = changeOf(name, payload as never, response as never);
        if (change) note(change);
      } catch {
        // Found again by the next scan.
      }
      return response;
    };
  }
  return wrapped as H;
}
