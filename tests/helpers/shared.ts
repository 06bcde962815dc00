/**
 * Access to ../shared: real news pages with hand labels and the source articles they quote,
 * published by others and so kept outside this repository (never committed). Tests that need them
 * skip with a printed, plain reason on a fresh clone, where ../shared does not exist.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';

/** Absolute path of ../shared, or null when it is absent. */
export const SHARED_DIR: string | null = (() => {
  const dir = resolve(import.meta.dirname, '../../../shared');
  return existsSync(resolve(dir, 'corpus')) ? dir : null;
})();

/** `describe` when ../shared is present, else a skipped suite with a message saying why. */
export function describeShared(name: string, fn: () => void): void {
  if (SHARED_DIR) {
    describe(name, fn);
  } else {
    console.log(
      `skipping "${name}": it needs the real news pages and source articles kept outside this repository, in ../shared (the folder next to this one), and that folder is not there`,
    );
    // The suite's own body may read ../shared as it is collected: it is not run at all.
    describe.skip(name, () => {
      it('needs the real news pages kept in ../shared, next to this folder', () => {});
    });
  }
}

/** Path inside ../shared; only call inside a describeShared suite. */
export function sharedPath(...parts: string[]): string {
  if (!SHARED_DIR) throw new Error('../shared is absent');
  return resolve(SHARED_DIR, ...parts);
}
