import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { defaultLibraryPlugin } from './lib/node/default-library-plugin';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  // Parallel work (and the benchmarks) can build into separate folders: SOURCELIGHT_OUT_DIR=.output-x.
  outDir: process.env.SOURCELIGHT_OUT_DIR || '.output',
  manifest: {
    name: 'Sourcelight',
    description:
      'Read the news with its sources in view: highlights quotes, reworded quotes and copied passages from your library of source articles.',
    permissions: [],
  },
  vite: () => ({
    plugins: [preact(), defaultLibraryPlugin()],
  }),
});
