/**
 * The requests the options page sends about team sync, and what the background answers. Part of
 * the extension's protocol (lib/messages.ts extends it; kept beside it, outside lib/sync, so the protocol imports nothing of sync); imports nothing, so the database and the
 * replication code depend on it and never the reverse.
 */

/** Where the team's CouchDB database is and who the user is there. Kept in this browser only. */
export interface SyncConfig {
  /** The server's address, e.g. `https://couch.newsroom.example:6984`. */
  server: string;
  /** The database name on that server. */
  database: string;
  username: string;
  /** Sent only to `server`, in each request's Authorization header. */
  password: string;
  enabled: boolean;
}

/** What sync is doing, in words the options page shows as they stand. */
export type SyncPhase = 'off' | 'connecting' | 'syncing' | 'up-to-date' | 'retrying' | 'error';

/** A remote document that was not applied because it does not have the shape Sourcelight writes. */
export interface QuarantinedDoc {
  id: string;
  rev: string;
  problem: string;
  at: number;
}

/** A source a team member removed: kept on the server as a tombstone, so anyone can bring it back. */
export interface RemovedSource {
  id: string;
  title: string;
  removedAt: number;
  /** Whether this browser removed it (else a colleague did). */
  byMe: boolean;
}

/** An annotation whose conflicting edits were merged into one note. */
export interface MergedNote {
  id: string;
  quote: string;
  edits: number;
  at: number;
}

/** One text of a source in conflict, as the options page shows it. */
export interface SourceVersionView {
  /** Length of the whole text. */
  chars: number;
  /** The passage around where this text parts from the other version (the library's own text from the first other one). */
  excerpt: string;
  /** Whether this browser wrote this text. */
  byMe: boolean;
  updatedAt: number;
}

/**
 * A source members gave different texts while apart: the library uses one, and every other text is
 * kept until a member keeps one of them for the team.
 */
export interface SourceConflict {
  id: string;
  title: string;
  /** The text the library uses now, then the others. */
  versions: SourceVersionView[];
  at: number;
}

/** Sync's state for the options page. */
export interface SyncStatus {
  /** The configuration without the password (the page never reads it back). */
  config: Omit<SyncConfig, 'password'> & { hasPassword: boolean };
  configured: boolean;
  phase: SyncPhase;
  /** One plain-language line about the last problem; null when all is well. */
  error: string | null;
  /** When the next attempt is due after a problem (ms since epoch). */
  retryAt: number | null;
  /** When a sync last reached the server's latest state (ms since epoch). */
  lastSynced: number | null;
  /** Local changes not yet on the server. */
  pending: number;
  quarantined: QuarantinedDoc[];
  removed: RemovedSource[];
  merged: MergedNote[];
  sourceConflicts: SourceConflict[];
}

/** Request name → [payload, response], merged into the extension's Protocol. */
export interface SyncProtocol {
  /** Sync's state for the options page. */
  'sync.status': [Record<string, never>, SyncStatus];
  /**
   * Saves the configuration and starts or stops sync. A password left empty keeps the stored one.
   * The options page asks for the server's origin as a host permission first (a click's gesture).
   */
  'sync.configure': [{ config: SyncConfig }, SyncStatus];
  /** Tries again now instead of waiting for the back-off. */
  'sync.retry': [Record<string, never>, SyncStatus];
  /** Brings back a removed source, for the whole team. */
  'sync.undoRemoval': [{ id: string }, SyncStatus];
  /**
   * Keeps one text of a source in conflict for the whole team: `version` indexes
   * `SourceConflict.versions` (0 keeps the library's own); the other texts are dropped.
   */
  'sync.keepVersion': [{ id: string; version: number }, SyncStatus];
}

/** The sync request names, so the library's handlers can be typed without them. */
export type SyncRequestName = keyof SyncProtocol;
