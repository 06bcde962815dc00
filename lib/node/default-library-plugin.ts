/**
 * Vite plugin that embeds the default library in the extension build: the folder (or JSON file)
 * named by SOURCELIGHT_SOURCES when set, else the demo library. Imported as
 * `virtual:sourcelight/default-library`.
 */
import type { Plugin } from 'vite';
import { DEMO_LIBRARY_DIR, loadSources } from './load-sources';

const ID = 'virtual:sourcelight/default-library';
const RESOLVED = `\0${ID}`;

/** Creates the plugin; reads the sources once per build. */
export function defaultLibraryPlugin(): Plugin {
  return {
    name: 'sourcelight-default-library',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const path = process.env.SOURCELIGHT_SOURCES || DEMO_LIBRARY_DIR;
      const sources = loadSources(path);
      return `export default ${JSON.stringify(sources)};`;
    },
  };
}
