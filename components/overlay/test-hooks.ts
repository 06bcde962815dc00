/**
 * Whether this is a test build (`npm run build:test`, SOURCELIGHT_TEST_HOOKS=1). Only a test build
 * opens the overlay's shadow root (so Playwright's locators reach the popover) and writes the
 * overlay's state on its host element for the tests and benchmarks to read; the shipped build does
 * neither, and tests/e2e/page-attacks.test.ts scans it to prove so.
 */
declare const __SOURCELIGHT_TEST_HOOKS__: boolean | undefined;

/** True only in a test build. */
export const TEST_HOOKS: boolean =
  typeof __SOURCELIGHT_TEST_HOOKS__ !== 'undefined' && __SOURCELIGHT_TEST_HOOKS__ === true;
