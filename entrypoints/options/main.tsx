import { render } from 'preact';
import { LibraryApp } from '../../components/library/LibraryApp';
import type { LibraryActions } from '../../components/library/actions';
import { createSyncActions } from '../../components/sync/sync-actions';
import { SyncPanel } from '../../components/sync/SyncPanel';
import { readSourceFiles, sourceFromPastedText } from '../../lib/import/sources';
import { ImportError } from '../../lib/import/errors';
import { MAX_IMPORT_BYTES } from '../../lib/import/ids';
import { request } from '../../lib/messaging/index';
import './style.css';

// Wiring only: the page's actions go to the background over lib/messaging.
const actions: LibraryActions = {
  list: () => request('library.list', {}),
  importFiles: async (files) => {
    // A folder keeps its inner paths, which a Zotero export's metadata names its snapshots by.
    const named = await Promise.all(
      files.map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() })),
    );
    const taken = new Set((await request('library.list', {})).map((s) => s.id));
    const { sources: parsed, skipped } = readSourceFiles(named, {
      parseHtml: (html) => new DOMParser().parseFromString(html, 'text/html'),
      parseXml: (xml) => new DOMParser().parseFromString(xml, 'application/xml'),
      taken,
    });
    const result = await request('library.import', {
      sources: parsed.map((p) => p.source),
      files: parsed.map((p) => p.file),
      origin: 'file',
      where: files.map((f) => f.name).join(', '),
    });
    return { ...result, skipped };
  },
  addPasted: async (input) => {
    const taken = new Set((await request('library.list', {})).map((s) => s.id));
    const source = sourceFromPastedText(input, taken);
    const { added } = await request('library.import', {
      sources: [source],
      origin: 'paste',
      where: 'Pasted text',
    });
    return added[0]!;
  },
  update: (id, changes) => request('library.update', { id, changes }),
  remove: (id) => request('library.remove', { id }),
  restore: (removed) => request('library.restore', { removed }),
  exportAll: () => request('library.export', {}),
  defaults: () => request('library.defaults', {}),
  addDefaults: () => request('library.addDefaults', {}),
  listAnnotations: (query) => request('annotation.list', { query }),
  deleteAnnotation: (id) => request('annotation.delete', { id }),
  restoreAnnotation: async (annotation) => {
    await request('annotation.import', { data: annotation, where: 'Undo' });
  },
  importAnnotations: async (files) => {
    const documents = await Promise.all(
      files.map(async (file) => {
        if (file.size > MAX_IMPORT_BYTES)
          throw new ImportError(
            file.name,
            `is too large (${(file.size / 1e6).toFixed(1)} MB); annotation exports should be under ${MAX_IMPORT_BYTES / 1e6} MB`,
          );
        try {
          return { name: file.name, data: JSON.parse(await file.text()) as unknown };
        } catch (error) {
          throw new ImportError(file.name, `is not valid JSON (${(error as Error).message})`);
        }
      }),
    );
    return request('annotation.import', {
      data: null,
      where: files.map((f) => f.name).join(', '),
      documents,
    });
  },
  exportAnnotations: () => request('annotation.export', {}),
  listActors: () => request('actors.list', {}),
  saveActorCorrections: (value) => request('corrections.set', { kind: 'actors', value }),
  download: (fileName, data) => {
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
    );
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

const root = document.getElementById('app')!;
// The page's static "Loading…" line is only for before this script runs: Preact renders next to
// existing children instead of replacing them, so it would otherwise stay below the app.
root.replaceChildren();
render(<LibraryApp actions={actions} />, root);
// Team sync has its own section (and its own root) below the library.
const syncRoot = document.body.appendChild(document.createElement('div'));
render(<SyncPanel actions={createSyncActions()} />, syncRoot);
