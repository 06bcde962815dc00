import * as ort from 'onnxruntime-web/wasm';
import { browser } from 'wxt/browser';
import {
  OFFSCREEN_IDLE_MS,
  serveOffscreen,
  type OffscreenRuntime,
} from '../../lib/messaging/offscreen';
import { type BrowserOrt, packagedEncoder, serveModel } from '../../lib/messaging/offscreen-model';

// Chrome's offscreen document: parses big pages' HTML and runs Readability for the background,
// runs the sentence model for the semantic stage, and closes itself after a minute without work.
const runtime = browser.runtime as unknown as OffscreenRuntime;
let modelUsedAt = 0;
const closeWhenIdle = () => {
  const wait = modelUsedAt + OFFSCREEN_IDLE_MS - Date.now();
  if (wait > 0) setTimeout(closeWhenIdle, wait);
  else window.close();
};
const parser = new DOMParser();
serveOffscreen(runtime, (html) => parser.parseFromString(html, 'text/html'), {
  close: closeWhenIdle,
});
serveModel(
  runtime,
  packagedEncoder(ort as unknown as BrowserOrt, (path) => browser.runtime.getURL(path as '/')),
  () => {
    modelUsedAt = Date.now();
  },
);
