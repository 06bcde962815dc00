/**
 * Team sync's lifecycle in the background: the configuration (kept in a `_local` document of the
 * sync database, which replication never sends and "Export everything" never reads), live
 * two-way replication with PouchDB's `sync`, status for the options page, and retries with
 * back-off after any problem. Replication itself is PouchDB's; this module only starts, watches
 * and restarts it, and lets the bridge apply what arrives.
 */
import type { SyncStore } from '../db/sync-store';
import { createBridge, type ApplyReport, type Bridge, type SourceHandlers } from './bridge';
import {
  backoffMs,
  describeProblem,
  NoPermissionError,
  SlowServerError,
  type ProblemKind,
} from './errors';
import type { SyncConfig, SyncPhase, SyncStatus } from '../sync-protocol';
import type { PouchDatabase, PouchFactory, PouchSyncHandle } from './pouch';
import type { LocalChange } from './tracked';

/** What the controller needs from the background. */
export interface SyncControllerOptions {
  pouch: PouchFactory;
  store: SyncStore;
  library: SourceHandlers;
  /** Whether the browser lets the extension reach an origin (the optional host permission). */
  hasPermission: (origin: string) => Promise<boolean>;
  /** Told after sources, annotations or corrections from the team were applied (open pages read again). */
  onApplied?: (report: ApplyReport) => void;
  /** The local sync database's name (tests and benchmarks run several). */
  localName?: string;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  setTimer?: (f: () => void, ms: number) => () => void;
  /** How long a request may wait for the server's first byte before it counts as too slow. */
  slowMs?: number;
}

const CONFIG_ID = '_local/sourcelight-config';
const DEVICE_ID = '_local/sourcelight-device';
const EMPTY: SyncConfig = { server: '', database: '', username: '', password: '', enabled: false };

/** Checks a configuration from the options page; returns the problem in plain words, or null. */
export function configProblem(config: SyncConfig): string | null {
  if (!config.enabled && !config.server) return null;
  let url: URL;
  try {
    url = new URL(config.server);
  } catch {
    return 'The server address must be a full address such as https://couch.example.org:6984.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'The server address must start with https:// (or http:// for a server on this machine).';
  if (url.username || url.password)
    return 'Put the user name and password in their own fields, not in the address.';
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(config.database))
    return 'The database name must start with a lower-case letter and use only a-z, 0-9 and _$()+-/.';
  return null;
}

/** The address of the team's database. */
export function databaseUrl(config: Pick<SyncConfig, 'server' | 'database'>): string {
  const base = config.server.replace(/\/+$/, '');
  return `${base}/${encodeURIComponent(config.database)}`;
}

/** The origin the optional host permission must cover, e.g. `https://couch.example.org:6984`. */
export function serverOrigin(server: string): string {
  return new URL(server).origin;
}

/** Creates the controller; nothing runs until `start()`. */
export function createSyncController(options: SyncControllerOptions) {
  const now = options.now ?? (() => Date.now());
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const setTimer =
    options.setTimer ??
    ((f: () => void, ms: number) => {
      const t = setTimeout(f, ms);
      return () => clearTimeout(t);
    });
  const slowMs = options.slowMs ?? 20_000;
  let local: PouchDatabase | null = null;
  let bridge: Bridge | null = null;
  let config: SyncConfig = EMPTY;
  let configured = false;
  let device = '';
  let phase: SyncPhase = 'off';
  let error: string | null = null;
  let retryAt: number | null = null;
  let lastSynced: number | null = null;
  let attempts = 0;
  let handle: PouchSyncHandle | null = null;
  let cancelRetry: (() => void) | null = null;
  let pumping: Promise<void> | null = null;
  let pumpAgain = false;
  let generation = 0;
  let opened: Promise<void> | null = null;

  const readLocal = async <T>(id: string): Promise<(T & { _rev: string }) | null> => {
    try {
      return (await local!.get(id)) as unknown as T & { _rev: string };
    } catch {
      return null;
    }
  };
  const writeLocal = async (id: string, value: Record<string, unknown>) => {
    const old = await readLocal<Record<string, unknown>>(id);
    await local!.put({ ...value, _id: id, ...(old ? { _rev: old._rev } : {}) });
  };

  /** Opens the sync database and reads the configuration (once). */
  const open = () => {
    opened ??= (async () => {
      local = options.pouch.local(options.localName ?? 'sourcelight-sync');
      const stored = await readLocal<SyncConfig & { lastSynced?: number }>(CONFIG_ID);
      if (stored) {
        configured = true;
        config = {
          server: stored.server,
          database: stored.database,
          username: stored.username,
          password: stored.password,
          enabled: stored.enabled,
        };
        lastSynced = stored.lastSynced ?? null;
      }
      const known = await readLocal<{ device: string }>(DEVICE_ID);
      device = known?.device ?? `browser-${crypto.randomUUID()}`;
      if (!known) await writeLocal(DEVICE_ID, { device });
      bridge = createBridge({ local, store: options.store, library: options.library, device, now });
    })();
    opened.catch(() => (opened = null));
    return opened;
  };

  const saveConfig = () => writeLocal(CONFIG_ID, { ...config, lastSynced });

  /** Applies what arrived; runs again if more arrives meanwhile. */
  const pump = (): Promise<void> => {
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        const report = await bridge!.pump();
        if (report.sources || report.annotations || report.corrections) options.onApplied?.(report);
      } while (pumpAgain);
    })()
      .catch((e) => {
        // The inbox never stops sync: the batch is read again on the next change.
        error = `Could not apply what arrived from the team (${e instanceof Error ? e.message : String(e)}).`;
      })
      .finally(() => {
        pumping = null;
      });
    return pumping;
  };

  const stopReplication = () => {
    generation++;
    cancelRetry?.();
    cancelRetry = null;
    retryAt = null;
    handle?.cancel();
    handle = null;
  };

  /** A fetch that adds the credentials for the configured server only, and gives up on a silent one. */
  const authFetch =
    (origin: string, token: string) =>
    async (input: string | Request, init: RequestInit = {}) => {
      const target = new URL(typeof input === 'string' ? input : input.url);
      if (target.origin !== origin) throw new Error(`Sync only talks to ${origin}.`);
      const headers = new Headers(init.headers);
      if (token) headers.set('Authorization', `Basic ${token}`);
      const waiting = new AbortController();
      init.signal?.addEventListener('abort', () => waiting.abort(init.signal?.reason));
      // A live changes request is held open by the server on purpose, with heartbeats.
      const held =
        target.searchParams.has('heartbeat') || target.searchParams.get('feed') === 'longpoll';
      const stop = setTimer(
        () => waiting.abort(new SlowServerError(`${origin} did not answer`)),
        held ? slowMs * 4 : slowMs,
      );
      try {
        return await doFetch(input, {
          ...init,
          headers,
          credentials: 'omit',
          signal: waiting.signal,
        });
      } catch (e) {
        throw waiting.signal.aborted && waiting.signal.reason instanceof SlowServerError
          ? waiting.signal.reason
          : e;
      } finally {
        stop();
      }
    };

  const fail = (gen: number, problem: unknown) => {
    if (gen !== generation) return;
    handle?.cancel();
    handle = null;
    const { kind, message } = describeProblem(problem, config.server);
    error = message;
    phase =
      kind === 'credentials' || kind === 'forbidden' || kind === 'permission'
        ? 'error'
        : 'retrying';
    attempts++;
    const wait = backoffMs(attempts, kind as ProblemKind, options.random);
    retryAt = now() + wait;
    cancelRetry = setTimer(() => void connect(), wait);
  };

  /** Starts live replication (after checking the permission and the database), or schedules a retry. */
  const connect = async (): Promise<void> => {
    await open();
    stopReplication();
    if (!config.enabled || configProblem(config)) {
      phase = 'off';
      return;
    }
    const gen = generation;
    phase = 'connecting';
    try {
      const origin = serverOrigin(config.server);
      if (!(await options.hasPermission(origin))) throw new NoPermissionError(origin);
      const token = config.username ? basicToken(config.username, config.password) : '';
      const remote = options.pouch.remote(databaseUrl(config), authFetch(origin, token));
      // A wrong password or a missing database is reported before replication starts.
      // PouchDB hands an HTTP error body back from info() instead of throwing it.
      const info = (await remote.info()) as { error?: unknown; reason?: unknown };
      if (typeof info.error === 'string') throw httpError(info.error, info.reason);
      if (gen !== generation) return;
      if (!(await bridge!.state()).seeded) await bridge!.seed();
      await pump();
      if (gen !== generation) return;
      handle = local!.sync(remote, { live: true, retry: false, batch_size: 100, batches_limit: 5 });
      handle
        .on('active', () => {
          if (gen === generation) phase = 'syncing';
        })
        .on('change', (info) => {
          if (gen !== generation) return;
          if (info.direction === 'pull') void pump();
          else {
            const docs = (info.change as { docs?: { _id: string }[] }).docs ?? [];
            void bridge!.pushed(docs.map((d) => d._id));
          }
        })
        .on('paused', (problem) => {
          if (gen !== generation) return;
          if (problem) return fail(gen, problem);
          phase = 'up-to-date';
          error = null;
          attempts = 0;
          lastSynced = now();
          void bridge!.pushed('all');
          void saveConfig().catch(() => undefined);
          void pump();
        })
        .on('denied', (problem) => {
          if (gen === generation)
            error = `${config.server} refused a change: ${describeProblem(problem, config.server).message}`;
        })
        .on('error', (problem) => fail(gen, problem));
    } catch (problem) {
      fail(gen, problem);
    }
  };

  const status = async (): Promise<SyncStatus> => {
    await open();
    const s = await bridge!.state();
    const { password, ...shown } = config;
    return {
      config: { ...shown, hasPassword: password !== '' },
      configured,
      phase,
      error,
      retryAt,
      lastSynced,
      pending: s.pending.length,
      quarantined: s.quarantined,
      removed: s.removed,
      merged: s.merged,
      sourceConflicts: s.sourceConflicts,
    };
  };

  return {
    /** Opens the sync database and, when sync is on, starts replicating. */
    start: async () => {
      await open();
      if (config.enabled) await connect();
    },
    status,
    /** Saves a configuration from the options page and (re)starts or stops sync. */
    configure: async (next: SyncConfig): Promise<SyncStatus> => {
      await open();
      const problem = configProblem(next);
      if (problem) throw new Error(problem);
      const samePlace = next.server === config.server && next.database === config.database;
      config = { ...next, password: next.password || (samePlace ? config.password : '') };
      configured = true;
      error = null;
      attempts = 0;
      await saveConfig();
      if (config.enabled) await connect();
      else {
        stopReplication();
        phase = 'off';
      }
      return status();
    },
    /** Tries again now. */
    retry: async (): Promise<SyncStatus> => {
      attempts = 0;
      await connect();
      return status();
    },
    /** Called when the browser wakes the worker for sync (an alarm): reconnects unless replication runs. */
    wake: async () => {
      await open();
      if (config.enabled && !handle && !cancelRetry) await connect();
    },
    /** Reports a local change to the outbox (nothing happens before sync is first configured). */
    noteLocal: async (change: LocalChange) => {
      await open();
      if (configured) await bridge!.noteLocal(change);
    },
    undoRemoval: async (id: string): Promise<SyncStatus> => {
      await open();
      await bridge!.undoRemoval(id);
      return status();
    },
    /** Keeps one text of a source in conflict for the team (see `Bridge.keepVersion`). */
    keepVersion: async (id: string, version: number): Promise<SyncStatus> => {
      await open();
      await bridge!.keepVersion(id, version);
      return status();
    },
    /** Stops replication (tests, benchmarks). */
    stop: () => stopReplication(),
  };
}

/** The controller's interface. */
export type SyncController = ReturnType<typeof createSyncController>;

/** An error body from the server as the error describeProblem reads (CouchDB names its errors). */
function httpError(
  name: string,
  reason: unknown,
): { status: number; name: string; message: string } {
  const status =
    ({ unauthorized: 401, forbidden: 403, not_found: 404 } as Record<string, number>)[name] ?? 500;
  return { status, name, message: typeof reason === 'string' ? reason : name };
}

/** Basic credentials as UTF-8, base64-encoded. */
function basicToken(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
