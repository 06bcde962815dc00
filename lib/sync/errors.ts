/**
 * Sync problems in plain words, and when to try again. Pure: the replication code hands in
 * whatever its HTTP client threw.
 */

/** What went wrong, for the message and the back-off. */
export type ProblemKind =
  | 'unreachable'
  | 'timeout'
  | 'credentials'
  | 'forbidden'
  | 'no-database'
  | 'server'
  | 'malformed'
  | 'permission'
  | 'other';

/** A classified problem: one line for the user. */
export interface SyncProblem {
  kind: ProblemKind;
  message: string;
}

/** Thrown by the replication's fetch when the server has not answered in time. */
export class SlowServerError extends Error {
  override name = 'SlowServerError';
}

/** Thrown when the browser has not granted access to the server's origin. */
export class NoPermissionError extends Error {
  override name = 'NoPermissionError';
}

/** Puts a problem from the HTTP client or the replication into one plain sentence naming the server. */
export function describeProblem(error: unknown, server: string): SyncProblem {
  const e = (error ?? {}) as {
    status?: unknown;
    name?: unknown;
    message?: unknown;
    reason?: unknown;
  };
  const status = typeof e.status === 'number' ? e.status : 0;
  const name = typeof e.name === 'string' ? e.name : '';
  const text = `${typeof e.message === 'string' ? e.message : ''} ${typeof e.reason === 'string' ? e.reason : ''}`;
  if (error instanceof NoPermissionError || name === 'NoPermissionError')
    return {
      kind: 'permission',
      message: `Sourcelight may not reach ${server}: turn sync off and on again on this page and allow access when the browser asks.`,
    };
  if (error instanceof SlowServerError || name === 'SlowServerError' || name === 'AbortError')
    return { kind: 'timeout', message: `${server} is too slow to answer; trying again later.` };
  if (status === 401 || name === 'unauthorized')
    return {
      kind: 'credentials',
      message: `${server} refused the user name or password. Check them and save again.`,
    };
  if (status === 403 || name === 'forbidden')
    return {
      kind: 'forbidden',
      message: `${server} says this user may not use that database. Ask whoever runs the server for access.`,
    };
  if (status === 404 || name === 'not_found')
    return {
      kind: 'no-database',
      message: `${server} has no database of that name. Check the name, or ask whoever runs the server to create it.`,
    };
  if (status >= 500)
    return {
      kind: 'server',
      message: `${server} had an internal error (HTTP ${status}); trying again later.`,
    };
  if (
    name === 'SyntaxError' ||
    name === 'bad_request' ||
    /JSON|Unexpected token|malformed/i.test(text)
  )
    return {
      kind: 'malformed',
      message: `${server} answered with something that is not a CouchDB reply; trying again later.`,
    };
  if (
    error instanceof TypeError ||
    /fetch|network|ECONNREFUSED|ECONNRESET|socket|offline/i.test(text) ||
    (status === 0 && name === 'unknown')
  )
    return {
      kind: 'unreachable',
      message: `Cannot reach ${server} (offline, or the server is down). Your changes are kept here and sent when it is back.`,
    };
  return {
    kind: 'other',
    message: `Sync with ${server} failed (${text.trim() || name || 'unknown error'}); trying again later.`,
  };
}

/** Smallest and largest wait between attempts. */
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * How long to wait before attempt `attempt` (1 for the first retry): doubling from a second up to
 * five minutes, with up to a fifth of random spread so a team's browsers do not all knock at once.
 * A refused password waits longer from the start: it will not fix itself, and each try is logged
 * by the server.
 */
export function backoffMs(
  attempt: number,
  kind: ProblemKind,
  random: () => number = Math.random,
): number {
  const first = kind === 'credentials' || kind === 'forbidden' ? 30_000 : BACKOFF_FIRST_MS;
  const base = Math.min(BACKOFF_MAX_MS, first * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.2 * random()));
}
