import { browser } from 'wxt/browser';
import {
  OFFSCREEN_IDLE_MS,
  serveOffscreen,
  type OffscreenRuntime,
} from '../../lib/messaging/offscreen';
import { type MessagePort_, serveModel, workerEncoder } from '../../lib/messaging/offscreen-model';

// Chrome's offscreen document: parses big pages' HTML and runs Readability for the background,
// runs the sentence model for the semantic stage in a worker of its own, and closes itself after a
// minute without work.
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
  workerEncoder(
    () =>
      new Worker(new URL('./model-worker.ts', import.meta.url), {
        type: 'module',
      }) as unknown as MessagePort_,
  ),
  () => {
    modelUsedAt = Date.now();
  },
);
