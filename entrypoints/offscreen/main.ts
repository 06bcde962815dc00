import { browser } from 'wxt/browser';
import { serveOffscreen, type OffscreenRuntime } from '../../lib/messaging/offscreen';

// Chrome's offscreen document: parses big pages' HTML and runs Readability for the background,
// and closes itself after a minute without a page to read.
const parser = new DOMParser();
serveOffscreen(
  browser.runtime as unknown as OffscreenRuntime,
  (html) => parser.parseFromString(html, 'text/html'),
  { close: () => window.close() },
);
