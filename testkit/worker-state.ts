/**
 * The extension's service worker seen over CDP: stopping it as Chromium does after 30 idle seconds,
 * and watching it start again. Needs `ServiceWorker.enable` sent on the session first.
 */
import type { CDPSession } from 'playwright-core';

interface WorkerVersion {
  scriptURL: string;
  runningStatus: string;
}

/** Resolves when a version of the extension's worker reports `status`, or after `timeoutMs` (false). */
export function workerReaches(
  cdp: CDPSession,
  extensionId: string,
  status: 'running' | 'stopped',
  timeoutMs = 10_000,
): Promise<boolean> {
  return new Promise<boolean>((ok) => {
    const timer = setTimeout(() => ok(false), timeoutMs);
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      const versions = (e as { versions: WorkerVersion[] }).versions;
      if (versions.some((v) => v.scriptURL.includes(extensionId) && v.runningStatus === status)) {
        clearTimeout(timer);
        ok(true);
      }
    });
  });
}

/** Stops every service worker and waits until ours reports stopped. */
export async function stopWorker(cdp: CDPSession, extensionId: string): Promise<void> {
  const stopped = workerReaches(cdp, extensionId, 'stopped');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
}
