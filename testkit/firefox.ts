/**
 * Firefox ESR with the Firefox build, for the e2e tests that run in Firefox: Debian's firefox-esr
 * driven over WebDriver BiDi by puppeteer-core (Playwright drives only its own patched Firefox
 * builds), the MV2 build installed as a temporary add-on.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, LaunchOptions } from 'puppeteer-core';
import { ROOT } from './harness';

/** The Firefox to run, or null when none is installed. */
export const FIREFOX =
  [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find(
    (p) => p && existsSync(p),
  ) ?? null;

/** The Firefox test build (`npm run build:test`). */
export const FIREFOX_BUILD = join(
  ROOT,
  process.env.SOURCELIGHT_OUT_DIR || '.output-test',
  'firefox-mv2',
);

/**
 * Why Firefox tests cannot run here, or null when they can. `needs` is a file of the build the
 * test needs (the manifest unless told otherwise) and `hint` how to get it.
 */
export function firefoxMissing(
  needs = 'manifest.json',
  hint = 'npm run build:test',
): string | null {
  if (!FIREFOX) return 'no Firefox (apt-get install -y firefox-esr, or set FIREFOX_PATH)';
  if (!existsSync(join(FIREFOX_BUILD, needs)))
    return `no Firefox build with ${needs} in ${FIREFOX_BUILD} (${hint})`;
  return null;
}

/** A headless Firefox with the Firefox build installed; `options` adds arguments and prefs. */
export async function launchFirefox(
  options: Pick<LaunchOptions, 'args' | 'extraPrefsFirefox'> = {},
): Promise<Browser> {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX!,
    headless: true,
    ...options,
  });
  await browser.installExtension(FIREFOX_BUILD);
  return browser;
}
