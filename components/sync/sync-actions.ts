/**
 * What the options page's sync section can do, wired to the background and the permissions API.
 * The view (SyncPanel) gets these as callbacks and never touches messaging itself.
 */
import { browser } from 'wxt/browser';
import { request } from '../../lib/messaging/index';
import type { SyncConfig, SyncStatus } from '../../lib/sync-protocol';

/** The sync section's actions. */
export interface SyncActions {
  status(): Promise<SyncStatus>;
  configure(config: SyncConfig): Promise<SyncStatus>;
  retry(): Promise<SyncStatus>;
  undoRemoval(id: string): Promise<SyncStatus>;
  /** Keeps one text of a source in conflict for the team (0: the library's own). */
  keepVersion(id: string, version: number): Promise<SyncStatus>;
  /**
   * Asks the browser for access to the server's origin (and, in Chrome, alarms). Must be called
   * within the click's own task: browsers only show the prompt for a user gesture.
   */
  requestAccess(server: string): Promise<boolean>;
}

interface PermissionsApi {
  request(p: { origins: string[]; permissions?: string[] }): Promise<boolean>;
}

/** The actions over runtime messaging. */
export function createSyncActions(): SyncActions {
  return {
    status: () => request('sync.status', {}),
    configure: (config) => request('sync.configure', { config }),
    retry: () => request('sync.retry', {}),
    undoRemoval: (id) => request('sync.undoRemoval', { id }),
    keepVersion: (id, version) => request('sync.keepVersion', { id, version }),
    requestAccess: (server) => {
      let origin: string;
      try {
        origin = new URL(server).origin;
      } catch {
        return Promise.resolve(false);
      }
      const optional = (browser.runtime.getManifest() as { optional_permissions?: string[] })
        .optional_permissions;
      const permissions = optional?.includes('alarms') ? ['alarms'] : [];
      const api = browser.permissions as unknown as PermissionsApi;
      return api.request({
        origins: [`${origin}/*`],
        ...(permissions.length ? { permissions } : {}),
      });
    },
  };
}
