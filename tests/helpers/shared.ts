/**
 * Access to the third-party fixtures in ../shared (never committed). Tests that need them skip
 * with a printed reason on a fresh clone, where ../shared does not exist.
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
    console.log(`skipping "${name}": ../shared (corpus and fixtures) is not next to this checkout`);
    // The suite's own body may read ../shared as it is collected: it is not run at all.
    describe.skip(name, () => {
      it('needs ../shared (corpus and fixtures) next to this checkout', () => {});
    });
  }
}

/** Path inside ../shared; only call inside a describeShared suite. */
export function sharedPath(...parts: string[]): string {
  if (!SHARED_DIR) throw new Error('../shared is absent');
  return resolve(SHARED_DIR, ...parts);
}
