// The options page's Library as a reader meets it, over the real background service and a real
// IndexedDB (fake-indexeddb): the list, removing with Undo, pasting an article with the keyboard,
// the empty library, and an error the background reports.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LibraryActions } from '../../components/library/actions';
import { LibraryApp } from '../../components/library/LibraryApp';
import { openDatabase, type SourcelightDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import { sourceFromPastedText } from '../../lib/import/sources';
import { button, fire, installDom, mount, settle, textOf } from '../helpers/preact-dom';
import { DAM_OPENING, damSource } from '../helpers/dam-source';

const wire = damSource(
  DAM_OPENING,
  '"We will open the spillway gates on the first of May," Varga told reporters in Mirelle.',
);

const from = { tabId: null, url: null };
let db: SourcelightDatabase;
let service: LibraryService;

/** The page's actions over the service's handlers, as the options entrypoint wires them over messaging. */
function actionsOver(s: LibraryService): LibraryActions {
  const h = s.handlers;
  const unused = () => Promise.reject(new Error('not used by this test'));
  return {
    list: () => Promise.resolve(h['library.list']({}, from)),
    importFiles: unused,
    addPasted: async (input) => {
      const taken = new Set((await h['library.list']({}, from)).map((x) => x.id));
      const source = sourceFromPastedText(input, taken);
      return (await h['library.import']({ sources: [source], origin: 'paste' }, from)).added[0]!;
    },
    update: (id, changes) => Promise.resolve(h['library.update']({ id, changes }, from)),
    remove: (id) => Promise.resolve(h['library.remove']({ id }, from)),
    restore: (removed) => Promise.resolve(h['library.restore']({ removed }, from)),
    exportAll: unused,
    defaults: () => Promise.resolve(h['library.defaults']({}, from)),
    addDefaults: () => Promise.resolve(h['library.addDefaults']({}, from)),
    listAnnotations: (query) => Promise.resolve(h['annotation.list']({ query }, from)),
    deleteAnnotation: unused,
    restoreAnnotation: unused,
    importAnnotations: unused,
    exportAnnotations: unused,
    listActors: () => Promise.resolve(h['actors.list']({}, from)),
    saveActorCorrections: unused,
    download: () => undefined,
  } as LibraryActions;
}

const titles = (root: Element) =>
  [...root.querySelectorAll('ul.sources > li')].map((li) => textOf(li));

beforeEach(async () => {
  installDom();
  db = await openDatabase({ factory: new IDBFactory(), name: 'library-ui' });
  service = createLibraryService({ db, defaultSources: [wire], now: () => 10 });
});

describe('the Library page', () => {
  it('lists the stored sources once loaded', async () => {
    await service.seedDefaultsOnce();
    const root = await mount(<LibraryApp actions={actionsOver(service)} />);
    await settle();
    expect(textOf(root.querySelector('[data-testid="source-count"]')!)).toBe('1');
    expect(titles(root).join()).toContain('Dam to open in May');
  });

  it('removes a source with Undo, and Undo puts it back in the database', async () => {
    await service.seedDefaultsOnce();
    const root = await mount(<LibraryApp actions={actionsOver(service)} />);
    await settle();
    await fire(button(root, 'Remove'), 'click');
    await settle();
    expect(titles(root)).toEqual([]);
    expect(textOf(root.querySelector('[role="status"][data-testid="notice"]')!)).toContain(
      'Removed “Dam to open in May”.',
    );
    expect(await db.getAllKeys('sources')).toEqual([]);
    await fire(button(root, 'Undo'), 'click');
    await settle();
    expect(titles(root).join()).toContain('Dam to open in May');
    expect(await db.getAllKeys('sources')).toEqual(['wire']);
  });

  it('adds a pasted article when the form is submitted from the keyboard', async () => {
    const root = await mount(<LibraryApp actions={actionsOver(service)} />);
    await settle();
    const text = root.querySelector('[data-testid="paste-text"]') as HTMLTextAreaElement;
    text.value = 'Harbour to reopen\nThe harbour master said the port would reopen on Friday.';
    await fire(text, 'input');
    // Enter in a field of the form submits it, as the button would.
    await fire(root.querySelector('form.paste')!, 'submit');
    await settle();
    expect(titles(root).join()).toContain('Harbour to reopen');
    expect(textOf(root.querySelector('[data-testid="notice"]')!)).toContain(
      'Added “Harbour to reopen”.',
    );
    expect((await db.getAll('sources')).map((s) => s.source.title)).toEqual(['Harbour to reopen']);
  });

  it('says the library is empty, and offers the demo library', async () => {
    const root = await mount(<LibraryApp actions={actionsOver(service)} />);
    await settle();
    expect(textOf(root)).toContain('Your library is empty');
    await fire(button(root, /Add the demo library/), 'click');
    await settle();
    expect(titles(root).join()).toContain('Dam to open in May');
  });

  it('shows what went wrong when the background fails, and keeps the page usable', async () => {
    const actions = {
      ...actionsOver(service),
      list: () => Promise.reject(new Error('The Sourcelight background is not reachable.')),
    };
    const root = await mount(<LibraryApp actions={actions} />);
    await settle();
    const alert = root.querySelector('[role="alert"]')!;
    expect(textOf(alert)).toContain('The Sourcelight background is not reachable.');
    await fire(button(root, 'Dismiss'), 'click');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });
});
