import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { defaultLibraryPlugin } from './lib/node/default-library-plugin';

/**
 * onnxruntime-web names its WASM with `new URL(…, import.meta.url)`, which Vite copies as an asset
 * (a second 14 MB beside public/model/'s) or, in Firefox's single-file background script, inlines
 * as base64 (39 MB of script). The runtime is told where the packaged file is instead
 * (`env.wasm.wasmPaths`), so the reference is made invisible to Vite.
 */
function ortWasmOnce() {
  return {
    name: 'sourcelight-ort-wasm-once',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!id.includes('/onnxruntime-web/dist/')) return null;
      return code.replaceAll(
        'new URL("ort-wasm-simd-threaded.wasm",import.meta.url)',
        'new URL("ort-wasm-simd-threaded.wasm",self.location.href)',
      );
    },
  };
}

/**
 * PouchDB can build a function from a design document's source (`scopeEval`: a string filter or
 * view, fetched from the server). Sourcelight's sync never names one, and the extension's CSP would
 * refuse it anyway; the path is cut so the bundle holds no way to run a string as code.
 */
function noStringEval() {
  return {
    name: 'sourcelight-no-string-eval',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!/\/pouchdb-[a-z-]+\/lib\//.test(id)) return null;
      const cut = code.replaceAll(
        'return Function.apply(null, keys).apply(null, values);',
        "throw new Error('Sourcelight never runs code sent as text');",
      );
      return cut === code ? null : cut;
    },
  };
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  // Parallel work (and the benchmarks) can build into separate folders: SOURCELIGHT_OUT_DIR=.output-x.
  outDir: process.env.SOURCELIGHT_OUT_DIR || '.output',
  manifest: ({ browser }) => ({
    name: 'Sourcelight',
    description:
      'Read the news with its sources in view: highlights quotes, reworded quotes and copied passages from your library of source articles.',
    // contextMenus: "Save this page / the selection as a source". IndexedDB needs no permission.
    // offscreen (Chrome): big pages are read with Readability in an offscreen document, not in the
    // page; Firefox's background page has a DOM of its own.
    // Alt+Shift+H also works in the page itself; as a browser shortcut it works wherever focus is
    // (e.g. the address bar) and users can rebind it. One keypress seen both ways toggles once
    // (lib/overlay/toggle-gate.ts). Commands need no permission.
    commands: {
      'toggle-overlay': {
        description: 'Turn Sourcelight highlights on or off in this tab',
        suggested_key: { default: 'Alt+Shift+H' },
      },
    },
    permissions: browser === 'firefox' ? ['contextMenus'] : ['contextMenus', 'offscreen'],
    // Team sync (off until the user turns it on): the team server's origin is asked for at run
    // time, only that origin, from the options page; Chrome also asks for alarms then, to wake its
    // stopped worker once a minute. Firefox's background page stays awake and needs no alarm.
    ...(browser === 'firefox'
      ? { optional_permissions: ['http://*/*', 'https://*/*'] }
      : {
          optional_host_permissions: ['http://*/*', 'https://*/*'],
          optional_permissions: ['alarms'],
        }),
    // The sentence model (public/model/, shipped in both builds) runs as WebAssembly in the
    // extension's own pages, which needs 'wasm-unsafe-eval': it allows compiling WebAssembly and
    // nothing else (strings are never evaluated; tests/e2e/network.test.ts checks both).
    // Chrome: the extension's own pages are cross-origin isolated, so the model's worker may run
    // onnxruntime-web on two threads (SharedArrayBuffer), 1.5x faster; they load nothing from
    // other origins. Firefox's background page keeps one thread.
    ...(browser === 'firefox'
      ? {}
      : {
          cross_origin_embedder_policy: { value: 'require-corp' },
          cross_origin_opener_policy: { value: 'same-origin' },
        }),
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';"
        : { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Firefox needs a fixed id for IndexedDB to survive reinstalls, and a data-collection
            // declaration: Sourcelight collects nothing.
            gecko: {
              id: 'sourcelight@sourcelight.example',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    // The sentence model in public/model/ (`npm run model`) ships in both builds, with
    // onnxruntime-web's WASM beside it (lib/messaging/offscreen-model.ts points the runtime there).
    // The runtime's JavaScript glue is bundled; Chrome's build also ships its copy, which the
    // runtime's extra threads load. The multilingual model in public/model-e5/ (80 MB) ships only
    // when asked (SOURCELIGHT_SHIP_E5=1), until it is chosen.
    'build:publicAssets': (wxt, files) => {
      const shipE5 = process.env.SOURCELIGHT_SHIP_E5 === '1';
      const glue = wxt.config.browser === 'firefox' ? null : 'model/ort-wasm-simd-threaded.mjs';
      const kept = files.filter(
        (f) =>
          (!f.relativeDest.endsWith('.mjs') || f.relativeDest === glue) &&
          (shipE5 || !f.relativeDest.startsWith('model-e5/')),
      );
      files.splice(0, files.length, ...kept);
    },
  },
  vite: () => ({
    // A test build (SOURCELIGHT_TEST_HOOKS=1, `npm run build:test`) opens the overlay's shadow root
    // and reports its state on the host element; the shipped build does neither.
    define: {
      __SOURCELIGHT_TEST_HOOKS__: JSON.stringify(process.env.SOURCELIGHT_TEST_HOOKS === '1'),
    },
    plugins: [preact(), defaultLibraryPlugin(), ortWasmOnce(), noStringEval()],
    // The offscreen document's model worker is bundled on its own, with the same rule.
    worker: { format: 'es' as const, plugins: () => [ortWasmOnce()] },
  }),
});
