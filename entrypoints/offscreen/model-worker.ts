import * as ort from 'onnxruntime-web/wasm';
import {
  type BrowserOrt,
  type MessagePort_,
  packagedEncoder,
  serveModelInWorker,
} from '../../lib/messaging/offscreen-model';

// The sentence model's worker, owned by the offscreen document: the model's runs happen here, so
// the document's own thread stays free to read big pages. Its files are the extension's own.
serveModelInWorker(
  self as unknown as MessagePort_,
  packagedEncoder(ort as unknown as BrowserOrt, (path) => new URL(path, self.location.origin).href),
);
